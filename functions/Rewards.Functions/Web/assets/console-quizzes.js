// Quizzes: the list, and an editor for a quiz and its questions (add and remove questions and options, mark the
// answer), with a CSV import of questions checked on the server (console-quiz-import.js).
import { t, h, api, field, formSubmit, table, value, action } from './console-core.js';
import { addText } from './console-i18n.js';
import { wholeNumber, confirmButton } from './console-kit.js';
import { importCard } from './console-quiz-import.js';

addText({
  zh: {
    'quizzes.create': '新建题库', 'quizzes.edit': id => `编辑题库 ${id}`, 'quizzes.id': '编号', 'quizzes.title': '名称', 'quizzes.perAttempt': '每次抽题数',
    'quizzes.timeLimit': '答题限时（秒）', 'quizzes.pointsPerCorrect': '每题积分', 'quizzes.count': '题目数', 'quizzes.none': '还没有题库。',
    'quizzes.questions': '题目', 'quizzes.question': n => `第 ${n} 题`, 'quizzes.text': '题干', 'quizzes.option': n => `选项 ${n}`, 'quizzes.answer': '正确答案',
    'quizzes.isAnswer': n => `选项 ${n} 为正确答案`, 'quizzes.addQuestion': '添加题目', 'quizzes.removeQuestion': n => `删除第 ${n} 题`,
    'quizzes.addOption': '添加选项', 'quizzes.removeOption': n => `删除选项 ${n}`, 'quizzes.saved': '已保存。', 'quizzes.back': '返回列表', 'quizzes.confirmDelete': '确认删除？',
  },
  en: {
    'quizzes.create': 'New quiz', 'quizzes.edit': id => `Edit quiz ${id}`, 'quizzes.id': 'Id', 'quizzes.title': 'Title', 'quizzes.perAttempt': 'Questions per attempt',
    'quizzes.timeLimit': 'Time limit (seconds)', 'quizzes.pointsPerCorrect': 'Points per correct answer', 'quizzes.count': 'Questions', 'quizzes.none': 'No quizzes yet.',
    'quizzes.questions': 'Questions', 'quizzes.question': n => `Question ${n}`, 'quizzes.text': 'text', 'quizzes.option': n => `Option ${n}`, 'quizzes.answer': 'Answer',
    'quizzes.isAnswer': n => `Option ${n} is the answer`, 'quizzes.addQuestion': 'Add a question', 'quizzes.removeQuestion': n => `Remove question ${n}`,
    'quizzes.addOption': 'Add an option', 'quizzes.removeOption': n => `Remove option ${n}`, 'quizzes.saved': 'Saved.', 'quizzes.back': 'Back to the list', 'quizzes.confirmDelete': 'Really delete?',
  },
});

const path = id => `/api/admin/quizzes/${encodeURIComponent(id)}`;

export async function render(view, [id]) {
  if (id === 'new') return renderEditor(view, null);
  if (id) return renderEditor(view, await api('GET', path(id)));
  const list = (await api('GET', '/api/admin/quizzes')).items;
  const rows = list.map(q => h('tr', { dataset: { quiz: q.id } },
    h('td', {}, h('a', { href: `#/quizzes/${encodeURIComponent(q.id)}` }, q.id)), h('td', {}, q.title), h('td', { className: 'num' }, q.questionCount),
    h('td', { className: 'num' }, q.questionsPerAttempt), h('td', { className: 'num' }, q.timeLimitSeconds), h('td', { className: 'num' }, q.pointsPerCorrect),
    h('td', {}, confirmButton(t('delete'), t('quizzes.confirmDelete'), async () => { await api('DELETE', path(q.id)); await render(view, []); }))));
  view.replaceChildren(h('h2', {}, t('page.quizzes')),
    h('p', {}, h('a', { href: '#/quizzes/new', className: 'button' }, t('quizzes.create'))),
    h('div', { className: 'card', dataset: { testid: 'quiz-list' } }, table([t('quizzes.id'), t('quizzes.title'), { label: t('quizzes.count'), num: true },
      { label: t('quizzes.perAttempt'), num: true }, { label: t('quizzes.timeLimit'), num: true }, { label: t('quizzes.pointsPerCorrect'), num: true }, ''], rows, t('quizzes.none'))));
}

function renderEditor(view, quiz) {
  const q = quiz || { questionsPerAttempt: 1, timeLimitSeconds: 300, pointsPerCorrect: 2, questions: [{ id: 'q1', text: '', options: ['', ''], answer: 0 }] };
  let questions = q.questions.map(x => ({ ...x, options: [...x.options] }));
  const list = h('div', { dataset: { testid: 'questions' } });
  const saved = h('p', { className: 'ok', hidden: true, attrs: { role: 'status' } }, t('quizzes.saved'));

  // The questions are kept in `questions`; the editor is drawn again from it after each add or remove.
  const collect = () => {
    questions = [...list.querySelectorAll('[data-question]')].map((box, i) => ({
      id: questions[i].id,
      text: box.querySelector('[name$=".text"]').value.trim(),
      options: [...box.querySelectorAll('input[data-option]')].map(o => o.value.trim()),
      answer: Math.max(0, [...box.querySelectorAll('input[type=radio]')].findIndex(r => r.checked)),
    }));
  };
  const draw = () => list.replaceChildren(...questions.map((x, i) => questionEditor(x, i, redraw)));
  const redraw = change => { collect(); change(questions); draw(); };

  const form = h('form', { className: 'card', dataset: { testid: 'quiz-editor' } },
    h('div', { className: 'row' },
      field('id', t('quizzes.id'), { value: q.id, required: true }), field('title', t('quizzes.title'), { value: q.title, required: true })),
    h('div', { className: 'row' },
      field('questionsPerAttempt', t('quizzes.perAttempt'), { type: 'number', value: q.questionsPerAttempt, step: '1', required: true }),
      field('timeLimitSeconds', t('quizzes.timeLimit'), { type: 'number', value: q.timeLimitSeconds, step: '1', required: true }),
      field('pointsPerCorrect', t('quizzes.pointsPerCorrect'), { type: 'number', value: q.pointsPerCorrect, step: '1', required: true })),
    // The quiz-wide slot comes after the questions' own, so an error of questions[2].text finds its question's slot first.
    h('h3', {}, t('quizzes.questions')), list, h('p', { className: 'field-error', hidden: true, dataset: { errorFor: 'questions' } }),
    h('div', { className: 'row' },
      h('button', { type: 'button', className: 'secondary', onclick: () => redraw(all => all.push({ id: freeId(all), text: '', options: ['', ''], answer: 0 })) }, t('quizzes.addQuestion')),
      h('button', { type: 'submit' }, t('save'))),
    saved);
  if (quiz) form.elements.id.readOnly = true;
  draw();
  formSubmit(form, async () => {
    saved.hidden = true;
    collect();
    const body = {
      id: value(form, 'id'), title: value(form, 'title'), questionsPerAttempt: wholeNumber(value(form, 'questionsPerAttempt')),
      timeLimitSeconds: wholeNumber(value(form, 'timeLimitSeconds')), pointsPerCorrect: wholeNumber(value(form, 'pointsPerCorrect')), questions,
    };
    const stored = quiz ? await api('PUT', path(quiz.id), body) : await api('POST', '/api/admin/quizzes', body);
    if (!quiz) { location.hash = `#/quizzes/${encodeURIComponent(stored.id)}`; return; }
    saved.hidden = false;
  });

  const reload = async () => renderEditor(view, await api('GET', path(quiz.id)));
  view.replaceChildren(h('h2', {}, quiz ? t('quizzes.edit', quiz.id) : t('quizzes.create')), h('p', {}, h('a', { href: '#/quizzes' }, t('quizzes.back'))),
    ...[form, quiz ? importCard(quiz.id, reload) : null].filter(Boolean));
}

/** One question: its text, its options (each with a radio button marking the answer) and buttons to add or remove. */
function questionEditor(question, i, redraw) {
  const n = i + 1;
  const key = `questions[${i}]`;
  const options = question.options.map((option, k) => h('div', { className: 'row option' },
    h('input', { type: 'radio', name: `answer-${i}`, checked: question.answer === k, attrs: { 'aria-label': t('quizzes.isAnswer', k + 1) } }),
    h('input', { value: option, dataset: { option: k }, attrs: { 'aria-label': `${t('quizzes.question', n)} ${t('quizzes.option', k + 1)}` } }),
    question.options.length > 2
      ? h('button', { type: 'button', className: 'secondary', onclick: () => redraw(all => {
        const q = all[i];
        q.options.splice(k, 1);
        q.answer = q.answer === k ? 0 : q.answer > k ? q.answer - 1 : q.answer;
      }) }, t('quizzes.removeOption', k + 1))
      : null));
  const error = name => h('p', { className: 'field-error', hidden: true, dataset: { errorFor: `${key}.${name}` } });
  const text = field(`${key}.text`, `${t('quizzes.question', n)} ${t('quizzes.text')}`, { value: question.text, multiline: true });
  return h('fieldset', { className: 'question', dataset: { question: question.id } }, h('legend', {}, t('quizzes.question', n)),
    text, error('id'),
    h('p', { className: 'muted' }, t('quizzes.answer')), ...options, error('options'), error('answer'),
    h('div', { className: 'row' },
      question.options.length < 8 ? h('button', { type: 'button', className: 'secondary', onclick: () => redraw(all => all[i].options.push('')) }, t('quizzes.addOption')) : null,
      h('button', { type: 'button', className: 'secondary', onclick: () => redraw(all => all.splice(i, 1)) }, t('quizzes.removeQuestion', n))));
}

/** q1, q2, …: the smallest number no question of the quiz uses. */
function freeId(all) {
  for (let n = 1; ; n++) if (!all.some(q => q.id === `q${n}`)) return `q${n}`;
}
