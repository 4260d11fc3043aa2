// Units: the display names (大兴制药, 黄村建工, …) every page, board and the worker page show instead of ids.
import { t, h, api, field, formSubmit, loadUnits, table, value, action } from './console-core.js';

export async function render(view) {
  const list = await loadUnits(true);
  const create = h('form', { className: 'card', dataset: { testid: 'unit-create' } },
    h('h3', {}, t('units.create')),
    h('div', { className: 'row' }, field('id', t('units.id'), { required: true }), field('name', t('units.name'), { required: true }), h('button', { type: 'submit' }, t('create'))));
  formSubmit(create, async () => {
    await api('POST', '/api/admin/units', { id: value(create, 'id'), name: value(create, 'name') });
    await render(view);
  });
  const rows = list.map(u => {
    const input = h('input', { value: u.name, attrs: { 'aria-label': t('units.renameOf', u.id) } });
    return h('tr', { dataset: { unit: u.id } }, h('td', {}, u.id), h('td', {}, input),
      h('td', {}, h('button', { type: 'button', className: 'secondary', onclick: action(async () => {
        await api('PUT', `/api/admin/units/${encodeURIComponent(u.id)}`, { name: input.value.trim() });
        await render(view);
      }) }, t('units.rename'))));
  });
  view.replaceChildren(h('h2', {}, t('page.units')), create,
    h('div', { className: 'card' }, table([t('units.id'), t('units.name'), ''], rows, t('units.none'))));
}
