// The audit log: who (a key id, never the key) changed what, newest first, filtered by dates and action.
import { t, h, api, field, table, value, action, formatTime } from './console-core.js';

export async function render(view) {
  const results = h('div', { dataset: { testid: 'audit-list' } });
  const filter = h('form', { className: 'row' }, field('from', t('audit.from'), { type: 'date' }), field('to', t('audit.to'), { type: 'date' }),
    field('action', t('audit.action'), { placeholder: 'AdminCreateUnit' }), h('button', { type: 'submit' }, t('search')));
  let cursors = [null];
  const load = async () => {
    const query = new URLSearchParams({ limit: '50' });
    for (const name of ['from', 'to', 'action']) if (value(filter, name)) query.set(name, value(filter, name));
    if (cursors[cursors.length - 1]) query.set('cursor', cursors[cursors.length - 1]);
    const page = await api('GET', `/api/admin/audit?${query}`);
    const rows = page.items.map(r => h('tr', { dataset: { action: r.action } }, h('td', {}, formatTime(r.at)), h('td', {}, r.keyId), h('td', {}, r.action), h('td', {}, r.target),
      h('td', { className: 'muted' }, r.before || ''), h('td', { className: 'muted' }, r.after || ''), h('td', {}, t(`audit.${r.outcome}`))));
    results.replaceChildren(table([t('time'), t('audit.key'), t('audit.action'), t('audit.target'), t('audit.before'), t('audit.after'), t('audit.outcome')], rows),
      h('div', { className: 'pager' },
        h('button', { type: 'button', className: 'secondary', disabled: cursors.length < 2, onclick: action(async () => { cursors.pop(); await load(); }) }, t('previous')),
        h('button', { type: 'button', className: 'secondary', disabled: !page.nextCursor, onclick: action(async () => { cursors.push(page.nextCursor); await load(); }) }, t('next'))));
  };
  filter.addEventListener('submit', action(async () => { cursors = [null]; await load(); }));
  view.replaceChildren(h('h2', {}, t('page.audit')), h('div', { className: 'card' }, filter, results));
  await load();
}
