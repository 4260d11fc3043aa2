// Workers: the directory by unit with search and paging, creating a worker, and the CSV import with progress and a per-line report.
import { t, h, api, field, formSubmit, table, value, unitName, unitOptions, action } from './console-core.js';

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
  const start = h('button', { type: 'button', onclick: action(async () => {
    if (!file.files.length) return;
    const lines = splitLines(await file.files[0].text());
    const header = lines[0];
    const totals = { created: 0, updated: 0, errors: [] };
    progress.hidden = false;
    progress.max = Math.max(1, lines.length - 1);
    for (let at = 1; at < lines.length; at += CHUNK) {
      const chunk = [header, ...lines.slice(at, at + CHUNK)].join('\n');
      const result = await api('POST', '/api/admin/workers', chunk, { contentType: 'text/csv; charset=utf-8' });
      totals.created += result.created;
      totals.updated += result.updated;
      // The server numbers lines within the chunk (its header is line 1); the file's numbering is restored here.
      totals.errors.push(...result.errors.map(e => ({ line: e.line - 1 + at, message: e.message })));
      progress.value = Math.min(lines.length - 1, at - 1 + CHUNK);
      status.textContent = t('workers.progressOf', progress.value, lines.length - 1);
    }
    status.textContent = t('workers.imported', totals.created, totals.updated, totals.errors.length);
    report.replaceChildren(table([t('workers.line'), t('workers.message')], totals.errors.map(e => h('tr', {}, h('td', { className: 'num' }, e.line), h('td', {}, e.message))), t('workers.noErrors')));
  }) }, t('workers.import'));
  return h('div', { className: 'card' }, h('h3', {}, t('workers.importTitle')), h('p', { className: 'muted' }, t('workers.importHint')),
    h('label', { htmlFor: 'csv-file' }, t('workers.file')), h('div', { className: 'row' }, file, start), progress, status, report);
}

/** Splits CSV text into records, keeping a quoted line break inside its record; blank trailing lines dropped. */
export function splitLines(text) {
  const lines = [];
  let current = '';
  let quoted = false;
  for (const ch of text.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    if ((ch === '\n') && !quoted) { lines.push(current.replace(/\r$/, '')); current = ''; } else current += ch;
  }
  if (current.length) lines.push(current.replace(/\r$/, ''));
  while (lines.length > 1 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}
