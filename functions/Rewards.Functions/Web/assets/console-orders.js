// Redemptions and orders: every partner's orders by status and partner, the overdue ones (past the acceptance deadline, still unaccepted) first and marked.
import { t, h, api, field, table, value, action, formatTime } from './console-core.js';
import { addText } from './console-i18n.js';

addText({
  zh: {
    'orders.hint': '逾期未接单（已过合作商户的接单期限仍未接单）的订单排在最前，并以“已逾期”标出。',
    'orders.allStatuses': '全部状态', 'orders.partner': '合作商户', 'orders.allPartners': '全部合作商户', 'orders.order': '订单号',
    'orders.worker': '职工', 'orders.recipient': '收件人', 'orders.created': '下单时间', 'orders.acceptBy': '接单期限', 'orders.overdue': '已逾期',
    'orders.none': '没有符合条件的订单。', 'orders.note': '物流单号 / 原因',
  },
  en: {
    'orders.hint': 'Overdue orders (past the partner\'s acceptance deadline, still unaccepted) come first, marked "Overdue".',
    'orders.allStatuses': 'All statuses', 'orders.partner': 'Partner', 'orders.allPartners': 'All partners', 'orders.order': 'Order',
    'orders.worker': 'Worker', 'orders.recipient': 'Recipient', 'orders.created': 'Ordered', 'orders.acceptBy': 'Accept by', 'orders.overdue': 'Overdue',
    'orders.none': 'No orders match.', 'orders.note': 'Tracking no. / reason',
  },
});

const statuses = ['reserved', 'accepted', 'shipped', 'delivered', 'rejected', 'cancelled', 'expired'];

export async function render(view) {
  const partners = (await api('GET', '/api/admin/partners')).items;
  let cursors = [null];
  const results = h('div', { dataset: { testid: 'order-list' } });
  const filter = h('form', { className: 'row' },
    field('status', t('status'), { options: [['', t('orders.allStatuses')], ...statuses.map(s => [s, t(`status.${s}`)])] }),
    field('partnerId', t('orders.partner'), { options: [['', t('orders.allPartners')], ...partners.map(p => [p.id, `${p.name} (${p.id})`])] }),
    h('button', { type: 'submit' }, t('search')));

  const fetchPage = cursor => {
    const query = new URLSearchParams({ limit: '50' });
    for (const name of ['status', 'partnerId']) if (value(filter, name)) query.set(name, value(filter, name));
    if (cursor) query.set('cursor', cursor);
    return api('GET', `/api/admin/orders?${query}`);
  };
  const load = async () => {
    // A page costs the server a bounded number of queries, so it may come back empty with a cursor: follow a few.
    let page = await fetchPage(cursors[cursors.length - 1]);
    for (let hops = 0; !page.items.length && page.nextCursor && hops < 5; hops++) page = await fetchPage(page.nextCursor);
    const rows = page.items.map(o => h('tr', { dataset: { order: o.id, overdue: String(o.overdue) }, className: o.overdue ? 'overdue' : '' },
      h('td', {}, o.overdue ? h('strong', { className: 'badge-overdue' }, t('orders.overdue')) : ''),
      h('td', {}, o.id), h('td', {}, o.partnerName), h('td', {}, o.title), h('td', { className: 'num' }, o.quantity),
      h('td', {}, h('a', { href: `#/worker/${encodeURIComponent(o.workerId)}` }, o.workerId)), h('td', {}, o.recipient?.name || ''),
      h('td', {}, t(`status.${o.status}`)), h('td', {}, formatTime(o.createdAt)), h('td', {}, formatTime(o.acceptBy)),
      h('td', { className: 'muted' }, o.trackingNo || o.reason || '')));
    results.replaceChildren(
      table([t('orders.overdue'), t('orders.order'), t('orders.partner'), t('prize'), { label: t('quantity'), num: true }, t('orders.worker'), t('orders.recipient'), t('status'),
        t('orders.created'), t('orders.acceptBy'), t('orders.note')], rows, t('orders.none')),
      h('div', { className: 'pager' },
        h('button', { type: 'button', className: 'secondary', disabled: cursors.length < 2, onclick: action(async () => { cursors.pop(); await load(); }) }, t('previous')),
        h('button', { type: 'button', className: 'secondary', disabled: !page.nextCursor, onclick: action(async () => { cursors.push(page.nextCursor); await load(); }) }, t('next'))));
  };
  filter.addEventListener('submit', action(async () => { cursors = [null]; await load(); }));
  view.replaceChildren(h('h2', {}, t('page.orders')), h('div', { className: 'card' }, h('p', { className: 'muted' }, t('orders.hint')), filter, results));
  await load();
}
