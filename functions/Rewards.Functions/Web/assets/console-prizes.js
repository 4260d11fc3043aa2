// Prizes (api/admin/rewards): list with stock, create, edit the terms, and restock with an Idempotency-Key made when the
// restock form opens (a double submit adds the stock once).
import { t, h, api, field, formSubmit, table, value, newKey } from './console-core.js';
import { addText } from './console-i18n.js';
import { wholeNumber, inputTime, showTime } from './console-kit.js';

addText({
  zh: {
    'prizes.create': '新建奖品', 'prizes.edit': id => `编辑奖品 ${id}`, 'prizes.id': '编号', 'prizes.title': '名称', 'prizes.description': '说明', 'prizes.imageUrl': '图片地址（https 或站内路径）',
    'prizes.cost': '所需积分', 'prizes.stock': '初始库存', 'prizes.shards': '库存分片（1–16，热门奖品可加大，创建后不可改）', 'prizes.partner': '供货商户',
    'prizes.perWorkerLimit': '每人限兑（0 为不限）', 'prizes.from': '上架时间（当地时间，可空）', 'prizes.until': '下架时间（当地时间，可空）', 'prizes.active': '上架',
    'prizes.remaining': '剩余', 'prizes.reserved': '已预留', 'prizes.delivered': '已签收', 'prizes.window': '兑换时间', 'prizes.none': '还没有奖品。', 'prizes.noPartner': '请先在“合作商户”页新建商户。',
    'prizes.restock': '补充库存', 'prizes.quantity': '补充数量', 'prizes.restocked': n => `已补充，当前剩余 ${n}。`, 'prizes.saved': '已保存。', 'prizes.back': '返回列表',
    'prizes.stockOf': s => `剩余 ${s.remaining}，已预留 ${s.reserved}，已签收 ${s.delivered}，初始 ${s.initial}，补充 ${s.restocked}`, 'prizes.off': '已下架',
  },
  en: {
    'prizes.create': 'New prize', 'prizes.edit': id => `Edit prize ${id}`, 'prizes.id': 'Id', 'prizes.title': 'Title', 'prizes.description': 'Description', 'prizes.imageUrl': 'Image URL (https or a site path)',
    'prizes.cost': 'Cost in points', 'prizes.stock': 'Initial stock', 'prizes.shards': 'Stock shards (1–16, more for a popular prize; fixed once created)', 'prizes.partner': 'Partner',
    'prizes.perWorkerLimit': 'Per worker (0: no limit)', 'prizes.from': 'Available from (local, optional)', 'prizes.until': 'Available until (local, optional)', 'prizes.active': 'Active',
    'prizes.remaining': 'Remaining', 'prizes.reserved': 'Reserved', 'prizes.delivered': 'Delivered', 'prizes.window': 'Window', 'prizes.none': 'No prizes yet.', 'prizes.noPartner': 'Create a partner first (Partners page).',
    'prizes.restock': 'Restock', 'prizes.quantity': 'Quantity to add', 'prizes.restocked': n => `Restocked; ${n} remaining now.`, 'prizes.saved': 'Saved.', 'prizes.back': 'Back to the list',
    'prizes.stockOf': s => `${s.remaining} remaining, ${s.reserved} reserved, ${s.delivered} delivered, ${s.initial} initial, ${s.restocked} restocked`, 'prizes.off': 'Retired',
  },
});

const path = id => `/api/admin/rewards/${encodeURIComponent(id)}`;

export async function render(view, [id]) {
  const partners = (await api('GET', '/api/admin/partners')).items;
  if (id) return renderEdit(view, await api('GET', path(id)), partners);
  const list = (await api('GET', '/api/admin/rewards')).items;
  const partnerName = pid => partners.find(p => p.id === pid)?.name || pid;
  const rows = list.map(({ reward: r, stock: s }) => h('tr', { dataset: { prize: r.id } },
    h('td', {}, h('a', { href: `#/prizes/${encodeURIComponent(r.id)}` }, r.id)), h('td', {}, r.title, r.active ? '' : ` (${t('prizes.off')})`),
    h('td', { className: 'num' }, r.cost), h('td', {}, partnerName(r.partnerId)),
    h('td', { className: 'num', dataset: { testid: 'remaining' } }, s.remaining), h('td', { className: 'num' }, s.reserved), h('td', { className: 'num' }, s.delivered),
    h('td', {}, [showTime(r.availableFrom), showTime(r.availableUntil)].filter(Boolean).join(' – '))));
  view.replaceChildren(h('h2', {}, t('page.prizes')),
    h('div', { className: 'card', dataset: { testid: 'prize-list' } }, table([t('prizes.id'), t('prizes.title'), { label: t('prizes.cost'), num: true }, t('prizes.partner'),
      { label: t('prizes.remaining'), num: true }, { label: t('prizes.reserved'), num: true }, { label: t('prizes.delivered'), num: true }, t('prizes.window')], rows, t('prizes.none'))),
    partners.length ? prizeForm(null, partners, async body => { await api('POST', '/api/admin/rewards', body); await render(view, []); })
      : h('p', { className: 'card muted' }, t('prizes.noPartner')));
}

function renderEdit(view, { reward, stock }, partners) {
  const saved = h('p', { className: 'ok', hidden: true, attrs: { role: 'status' } }, t('prizes.saved'));
  const form = prizeForm(reward, partners, async body => { await api('PUT', path(reward.id), body); saved.hidden = false; });
  view.replaceChildren(h('h2', {}, t('prizes.edit', reward.id)), h('p', {}, h('a', { href: '#/prizes' }, t('prizes.back'))),
    h('p', { className: 'card', dataset: { testid: 'stock' } }, t('prizes.stockOf', stock)), form, saved, restockForm(reward.id, async () => renderEdit(view, await api('GET', path(reward.id)), partners)));
}

/** The Idempotency-Key belongs to this opening of the form: submitting it twice adds the stock once. */
function restockForm(id, done) {
  const key = newKey();
  const form = h('form', { className: 'card', dataset: { testid: 'restock', key } }, h('h3', {}, t('prizes.restock')),
    h('div', { className: 'row' }, field('quantity', t('prizes.quantity'), { type: 'number', step: '1', required: true }), h('button', { type: 'submit' }, t('prizes.restock'))));
  formSubmit(form, async () => {
    await api('POST', `${path(id)}/restock`, { quantity: wholeNumber(value(form, 'quantity')) }, { idempotencyKey: key });
    await done();
  });
  return form;
}

function prizeForm(reward, partners, save) {
  const r = reward || { cost: 100, perWorkerLimit: 1, active: true, partnerId: partners[0]?.id };
  const form = h('form', { className: 'card', dataset: { testid: reward ? 'prize-edit' : 'prize-create' } }, h('h3', {}, reward ? t('save') : t('prizes.create')),
    h('div', { className: 'row' },
      field('id', t('prizes.id'), { value: r.id, required: true }), field('title', t('prizes.title'), { value: r.title, required: true }),
      field('partnerId', t('prizes.partner'), { options: partners.map(p => [p.id, `${p.name} (${p.id})`]), value: r.partnerId })),
    h('div', { className: 'row' },
      field('cost', t('prizes.cost'), { type: 'number', value: r.cost, step: '1', required: true }),
      reward ? null : field('stock', t('prizes.stock'), { type: 'number', value: 0, step: '1' }),
      reward ? null : field('stockShards', t('prizes.shards'), { type: 'number', value: 1, step: '1' }),
      field('perWorkerLimit', t('prizes.perWorkerLimit'), { type: 'number', value: r.perWorkerLimit, step: '1' }),
      field('active', t('prizes.active'), { type: 'checkbox', checked: r.active !== false })),
    h('div', { className: 'row' },
      field('availableFrom', t('prizes.from'), { type: 'datetime-local', value: inputTime(r.availableFrom) }),
      field('availableUntil', t('prizes.until'), { type: 'datetime-local', value: inputTime(r.availableUntil) }),
      field('imageUrl', t('prizes.imageUrl'), { value: r.imageUrl })),
    field('description', t('prizes.description'), { value: r.description, multiline: true }),
    h('button', { type: 'submit' }, reward ? t('save') : t('create')));
  if (reward) form.elements.id.readOnly = true;
  formSubmit(form, () => save({
    id: value(form, 'id'), title: value(form, 'title'), partnerId: value(form, 'partnerId'), cost: wholeNumber(value(form, 'cost')),
    ...(reward ? {} : { stock: wholeNumber(value(form, 'stock')), stockShards: wholeNumber(value(form, 'stockShards')) }),
    perWorkerLimit: wholeNumber(value(form, 'perWorkerLimit')), active: form.elements.active.checked,
    availableFrom: value(form, 'availableFrom') || null, availableUntil: value(form, 'availableUntil') || null,
    imageUrl: value(form, 'imageUrl') || null, description: value(form, 'description') || null,
  }));
  return form;
}
