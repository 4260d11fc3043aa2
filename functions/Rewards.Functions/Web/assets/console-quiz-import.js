// The CSV import of a quiz's questions: the file's bytes go to the server as they are (it checks the encoding, CsvHelper reads it); a file with a
// bad line changes nothing and the report lists every bad line with its number.
import { t, h, api, table, action } from './console-core.js';
import { addText } from './console-i18n.js';

addText({
  zh: {
    'qimport.title': '从 CSV 导入题目', 'qimport.file': '题目 CSV 文件', 'qimport.start': '导入题目',
    'qimport.hint': '首行为 text,option1,option2,option3,option4,answer；option3、option4 可留空；answer 填正确选项的序号 1–4 或字母 A–D。文件须为 UTF-8 编码，不超过 100 题、512 KB。只要有一行有错，整个文件都不会导入，并逐行列出问题。题干已在题库中的题目会跳过。',
    'qimport.done': (a, s, n) => `导入完成：新增 ${a} 题，跳过已有 ${s} 题，题库现有 ${n} 题。`,
    'qimport.refused': n => `文件有 ${n} 行有问题，没有导入任何题目。请修改后重新导入。`, 'qimport.line': '行号', 'qimport.message': '问题', 'qimport.choose': '请先选择文件。',
  },
  en: {
    'qimport.title': 'Import questions from CSV', 'qimport.file': 'Question CSV file', 'qimport.start': 'Import questions',
    'qimport.hint': 'First line text,option1,option2,option3,option4,answer; option3 and option4 may be empty; answer is the right option\'s number 1–4 or letter A–D. UTF-8, at most 100 questions and 512 KB. One bad line and nothing of the file is imported; every bad line is listed. Questions whose text the quiz already has are skipped.',
    'qimport.done': (a, s, n) => `Imported: ${a} added, ${s} already there, ${n} questions in the quiz now.`,
    'qimport.refused': n => `${n} line(s) of the file are wrong; nothing was imported. Fix them and import again.`, 'qimport.line': 'Line', 'qimport.message': 'Problem', 'qimport.choose': 'Choose a file first.',
  },
});

export function importCard(quizId, imported) {
  const file = h('input', { type: 'file', accept: '.csv,text/csv', id: 'question-csv' });
  const status = h('p', { attrs: { 'aria-live': 'polite' }, dataset: { testid: 'question-import-status' } });
  const report = h('div', { dataset: { testid: 'question-import-report' } });
  const start = h('button', { type: 'button', onclick: action(async () => {
    report.replaceChildren();
    if (!file.files.length) { status.textContent = t('qimport.choose'); return; }
    try {
      const result = await api('POST', `/api/admin/quizzes/${encodeURIComponent(quizId)}/questions`, file.files[0], { contentType: 'text/csv; charset=utf-8' });
      await imported();
      // The editor was drawn again; the outcome is announced in the new card.
      const card = document.querySelector('[data-testid=question-import-status]');
      if (card) card.textContent = t('qimport.done', result.added, result.skipped, result.questions);
    } catch (e) {
      const lines = e.problem && e.problem.lines;
      if (!lines) throw e;
      status.textContent = lines.length ? t('qimport.refused', lines.length) : e.message;
      report.replaceChildren(table([t('qimport.line'), t('qimport.message')], lines.map(l => h('tr', {}, h('td', { className: 'num' }, l.line), h('td', {}, l.message)))));
    }
  }) }, t('qimport.start'));
  return h('div', { className: 'card' }, h('h3', {}, t('qimport.title')), h('p', { className: 'muted' }, t('qimport.hint')),
    h('label', { htmlFor: 'question-csv' }, t('qimport.file')), h('div', { className: 'row' }, file, start), status, report);
}
