// Workers: the directory by unit with search and paging, creating a worker, and the CSV import with progress and a per-line report.
import { t, h, api, field, formSubmit, table, value, unitName, unitOptions, action } from './console-core.js';
import { addText } from './console-i18n.js';

addText({
  zh: { 'workers.importDone': (c, u, n, e) => `导入完成：新建 ${c}，更新 ${u}，未变 ${n}，错误 ${e} 行。`,
        'workers.interrupted': line => `导入在第 ${line} 行中断；再次点击“开始导入”，同一文件从这一行继续。` },
  en: { 'workers.importDone': (c, u, n, e) => `Done: ${c} created, ${u} updated, ${n} unchanged, ${e} bad lines.`,
        'workers.interrupted': line => `The import stopped at line ${line}; press Import again to go on from there with the same file.` },
});

const CHUNK = 1000;

export async function render(view) {
  const state = { unitId: '', name: '', cursors: [null] };
  const results = h('div', { dataset: { testid: 'worker-list' } });
  const filter = h('form', { className: 'row' },
    field('unitId', t('unit'), { options: unitOptions(true) }),
    field('q', t('workers.search'), { placeholder: t('workers.searchHint') }),
    h('button', { type: 'submit' }, t('search')));
  filter.addEventListener('submit', action(async () => {
    const q = value(filter, 'q');
    if (q && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(q)) {
      try { const w = await api('GET', `/api/admin/workers/${encodeURIComponent(q)}`); return show([w], null); } catch (e) { if (!e.problem || e.problem.code !== 'worker-not-found') throw e; }
    }
    Object.assign(state, { unitId: value(filter, 'unitId'), name: q, cursors: [null] });
    await load();
  }));

  async function load() {
    const cursor = state.cursors[state.cursors.length - 1];
    const query = new URLSearchParams({ limit: '50' });
    if (state.unitId) query.set('unitId', state.unitId);
    if (state.name) query.set('name', state.name);
    if (cursor) query.set('cursor', cursor);
    const page = await api('GET', `/api/admin/workers?${query}`);
    show(page.items, page.nextCursor);
  }

  function show(items, next) {
    const rows = items.map(w => h('tr', { dataset: { worker: w.id } },
      h('td', {}, h('a', { href: `#/worker/${encodeURIComponent(w.id)}` }, w.id)), h('td', {}, w.displayName), h('td', {}, unitName(w.unitId)),
      h('td', { className: 'num' }, w.balance), h('td', { className: 'num' }, w.lifetimeEarned), h('td', {}, w.linkIssuedAt ? t('yes') : '')));
    const pager = h('div', { className: 'pager' },
      h('button', { type: 'button', className: 'secondary', disabled: state.cursors.length < 2, onclick: action(async () => { state.cursors.pop(); await load(); }) }, t('previous')),
      h('button', { type: 'button', className: 'secondary', disabled: !next, onclick: action(async () => { state.cursors.push(next); await load(); }) }, t('next')));
    results.replaceChildren(table([t('workers.id'), t('workers.name'), t('unit'), { label: t('balance'), num: true }, { label: t('lifetime'), num: true }, t('workers.hasLink')], rows, t('workers.none')), pager);
  }

  const create = h('form', { className: 'card', dataset: { testid: 'worker-create' } }, h('h3', {}, t('workers.create')),
    h('div', { className: 'row' }, field('id', t('workers.id'), { required: true }), field('displayName', t('workers.name'), { required: true }),
      field('unitId', t('unit'), { options: unitOptions(false) }), h('button', { type: 'submit' }, t('create'))));
  formSubmit(create, async () => {
    const w = await api('POST', '/api/admin/workers', { id: value(create, 'id'), displayName: value(create, 'displayName'), unitId: value(create, 'unitId') });
    location.hash = `#/worker/${encodeURIComponent(w.id)}`;
  });

  view.replaceChildren(h('h2', {}, t('page.workers')), h('div', { className: 'card' }, filter, results), create, importCard());
  await load();
}

function importCard() {
  const file = h('input', { type: 'file', accept: '.csv,text/csv', id: 'csv-file' });
  const progress = h('progress', { max: 1, value: 0, hidden: true, attrs: { 'aria-label': t('workers.progress') } });
  const status = h('p', { attrs: { 'aria-live': 'polite' }, dataset: { testid: 'import-status' } });
  const report = h('div', { dataset: { testid: 'import-report' } });
  let resume = null; // an import cut short (network, time-out): the same file picks up at its line
  const start = h('button', { type: 'button', onclick: action(async () => {
    if (!file.files.length) return;
    const picked = file.files[0];
    const key = `${picked.name}|${picked.size}|${picked.lastModified}`;
    // The file's bytes as they are: the server judges the encoding (a GBK file is refused with its reason, not
    // decoded loosely here into replacement characters and imported garbled).
    const bytes = new Blob([await picked.arrayBuffer()], { type: 'text/csv' });
    const run = resume && resume.key === key ? resume : { key, from: 2, created: 0, updated: 0, unchanged: 0, errors: [] };
    resume = null;
    progress.hidden = false;
    report.replaceChildren();
    // The whole file goes each time, so the server numbers the lines as in the file and sees every duplicate id;
    // it saves at most CHUNK lines from `from` (fewer if its time budget runs out) and says where to go on.
    while (run.from) {
      let result;
      try {
        result = await api('POST', `/api/admin/workers?from=${run.from}&limit=${CHUNK}`, bytes, { contentType: 'text/csv; charset=utf-8' });
      } catch (e) {
        resume = run;
        status.textContent = t('workers.interrupted', run.from);
        showReport(report, run.errors);
        throw e;
      }
      run.created += result.created;
      run.updated += result.updated;
      run.unchanged += result.unchanged;
      run.errors.push(...result.errors);
      run.from = result.complete ? 0 : result.resumeFrom;
      progress.max = Math.max(1, result.lines);
      progress.value = Math.min(result.lines, result.doneThrough);
      status.textContent = t('workers.progressOf', progress.value, result.lines);
    }
    status.textContent = t('workers.importDone', run.created, run.updated, run.unchanged, run.errors.length);
    showReport(report, run.errors);
  }) }, t('workers.import'));
  return h('div', { className: 'card' }, h('h3', {}, t('workers.importTitle')), h('p', { className: 'muted' }, t('workers.importHint')),
    h('label', { htmlFor: 'csv-file' }, t('workers.file')), h('div', { className: 'row' }, file, start), progress, status, report);
}

function showReport(report, errors) {
  report.replaceChildren(table([t('workers.line'), t('workers.message')], errors.map(e => h('tr', {}, h('td', { className: 'num' }, e.line), h('td', {}, e.message))), t('workers.noErrors')));
}
