// The partner portal (/partner). The pk_ key lives only in this tab's sessionStorage and leaves it only as a Bearer header.
const KEY = 'rewards.partnerKey';
const statuses = ['reserved', 'accepted', 'shipped', 'delivered', 'rejected', 'cancelled', 'expired'];
const text = {
  zh: { title: '安康杯 · 合作商户门户', api: 'API', signout: '退出', signin: '登录', keyLabel: '合作商户密钥（pk_ 开头）', signinButton: '登录', keyNote: '密钥只保存在本标签页中，关闭后需重新输入。',
        bulkAccept: '批量接单', export: '导出待发货（CSV）', order: '订单', recipient: '收件人', deadline: '接单期限', empty: '没有订单', prev: '上一页', next: '下一页',
        webhook: 'Webhook 设置', save: '保存', testEvent: '发送测试事件', rotate: '更换签名密钥', refresh: '刷新', secretOnce: '新的签名密钥（只显示这一次，请立即保存）：',
        time: '时间', event: '事件', httpStatus: 'HTTP 状态', attempts: '尝试次数', outcome: '结果', history: '处理记录', close: '关闭', ok: '确认', cancel: '取消', details: '详情',
        statuses: { reserved: '待接单', accepted: '待发货', shipped: '已发货', delivered: '已签收', rejected: '已拒绝', cancelled: '已取消', expired: '已逾期' },
        actions: { accept: '接单', ship: '发货', deliver: '确认签收', reject: '拒绝' },
        ask: { accept: '确认接下这个订单？', ship: '请输入快递单号：', deliver: '确认收件人已签收？', reject: '请输入拒绝原因：', bulk: n => `确认接下选中的 ${n} 个订单？`, pickFirst: '请先勾选要接的订单。', required: '（请填写后再确认）', rotate: '更换后旧密钥还能签名 24 小时。确认更换？' },
        left: ms => ms <= 0 ? '已逾期' : `剩余 ${Math.floor(ms / 86400000)} 天 ${Math.floor(ms / 3600000) % 24} 小时`, fields: { prize: '奖品', quantity: '数量', name: '收件人', phone: '电话', address: '地址', tracking: '快递单号', reason: '原因' },
        overlap: at => `旧密钥在 ${at} 前仍会一起签名。`, saved: '已保存', queued: '测试事件已发送，稍后刷新查看结果。', badKey: '密钥无效或已更换，请重新登录。', done: n => `已接单 ${n} 个`,
        outcomes: { delivered: '成功', retrying: '失败，稍后重试', poisoned: '已放弃（请联系管理员重放）' } },
  en: { title: 'Ankang Cup · Partner portal', api: 'API', signout: 'Sign out', signin: 'Sign in', keyLabel: 'Partner key (starts with pk_)', signinButton: 'Sign in', keyNote: 'The key is kept in this tab only; you enter it again after closing it.',
        bulkAccept: 'Accept selected', export: 'Export orders to ship (CSV)', order: 'Order', recipient: 'Recipient', deadline: 'Accept by', empty: 'No orders', prev: 'Previous', next: 'Next',
        webhook: 'Webhook settings', save: 'Save', testEvent: 'Send test event', rotate: 'Rotate signing secret', refresh: 'Refresh', secretOnce: 'New signing secret (shown only this once; store it now):',
        time: 'Time', event: 'Event', httpStatus: 'HTTP status', attempts: 'Attempts', outcome: 'Outcome', history: 'History', close: 'Close', ok: 'Confirm', cancel: 'Cancel', details: 'Details',
        statuses: { reserved: 'To accept', accepted: 'To ship', shipped: 'Shipped', delivered: 'Delivered', rejected: 'Rejected', cancelled: 'Cancelled', expired: 'Expired' },
        actions: { accept: 'Accept', ship: 'Ship', deliver: 'Mark delivered', reject: 'Reject' },
        ask: { accept: 'Accept this order?', ship: 'Tracking number:', deliver: 'Has the recipient received it?', reject: 'Reason for rejecting:', bulk: n => `Accept the ${n} selected orders?`, pickFirst: 'Tick the orders to accept first.', required: '(required)', rotate: 'The old secret keeps signing for 24 hours. Rotate now?' },
        left: ms => ms <= 0 ? 'Overdue' : `${Math.floor(ms / 86400000)} d ${Math.floor(ms / 3600000) % 24} h left`, fields: { prize: 'Prize', quantity: 'Quantity', name: 'Recipient', phone: 'Phone', address: 'Address', tracking: 'Tracking no.', reason: 'Reason' },
        overlap: at => `The previous secret also signs until ${at}.`, saved: 'Saved', queued: 'Test event sent; refresh to see the result.', badKey: 'The key is not valid or was rotated; sign in again.', done: n => `${n} accepted`,
        outcomes: { delivered: 'Delivered', retrying: 'Failed, retrying', poisoned: 'Given up (ask an admin to replay)' } },
};
let lang = localStorage.getItem('lang') || 'zh';
let state = { status: 'reserved', cursors: [null], page: 0 };
const t = () => text[lang];
const $ = id => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter(c => c != null));
  return node;
};

class Unauthorized extends Error {}

async function api(method, path, payload, raw) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(KEY)}` };
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
  if (response.status === 401) throw new Unauthorized(t().badKey);
  if (raw && response.ok) return response;
  const body = await response.text().then(s => { try { return s ? JSON.parse(s) : {}; } catch { return {}; } });
  if (!response.ok) throw Object.assign(new Error(body.code ? `${body.code}: ${body.detail || body.title}` : `HTTP ${response.status}`), { problem: body });
  return body;
}

function showError(error) {
  if (error instanceof Unauthorized) { signOut(error.message); return; }
  $('error').textContent = error.message;
  $('error').hidden = false;
}
const clearError = () => { $('error').hidden = true; };

function translate() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  $('lang').textContent = lang === 'zh' ? 'EN' : '中文';
  document.querySelectorAll('[data-i18n]').forEach(node => { node.textContent = t()[node.dataset.i18n]; });
}

function signOut(message) {
  sessionStorage.removeItem(KEY);
  $('portal').hidden = true; $('signout').hidden = true; $('signin').hidden = false; $('who').textContent = '';
  if (message) { $('error').textContent = message; $('error').hidden = false; }
}

function confirmStep(question, withInput) {
  const dialog = $('confirm');
  $('confirm-text').textContent = question;
  $('confirm-input').hidden = !withInput; $('confirm-input').value = '';
  dialog.showModal();
  return new Promise(resolve => {
    $('confirm-ok').onclick = () => {
      const value = $('confirm-input').value.trim();
      if (withInput && !value) {
        // Nothing typed: say so and stay open, rather than closing as if cancelled.
        $('confirm-text').textContent = `${question} ${t().ask.required}`;
        $('confirm-input').focus();
        return;
      }
      dialog.close();
      resolve(withInput ? value : true);
    };
    $('confirm-cancel').onclick = () => { dialog.close(); resolve(null); };
  });
}

async function loadProfile() {
  const me = await api('GET', '/api/partner/me');
  $('who').textContent = `${me.name} · ${me.id}`;
  $('webhook-url').value = me.webhookUrl || '';
  $('overlap').textContent = me.previousSecretValidUntil ? t().overlap(new Date(me.previousSecretValidUntil).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')) : '';
}

async function loadOrders() {
  const cursor = state.cursors[state.page];
  const page = await api('GET', `/api/partner/orders?status=${state.status}&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  $('tabs').replaceChildren(...statuses.map(s => {
    const tab = el('button', { type: 'button', className: s === state.status ? 'on' : '', textContent: `${t().statuses[s]} (${page.counts[s] || 0})` });
    tab.dataset.status = s; tab.setAttribute('role', 'tab');
    tab.onclick = () => { state = { status: s, cursors: [null], page: 0 }; loadOrders().catch(showError); };
    return tab;
  }));
  state.cursors[state.page + 1] = page.nextCursor || null;
  $('prev').disabled = state.page === 0; $('next').disabled = !page.nextCursor;
  $('bulk-accept').hidden = state.status !== 'reserved';
  $('empty').hidden = page.items.length > 0;
  const now = Date.now();
  $('orders').replaceChildren(...page.items.map(o => {
    const overdue = o.status === 'reserved' && o.acceptBy && new Date(o.acceptBy) <= now;
    const row = el('tr', { className: overdue ? 'overdue' : '' });
    row.dataset.order = o.id;
    const pick = o.status === 'reserved' ? el('input', { type: 'checkbox', className: 'pick' }) : null;
    if (pick) pick.dataset.id = o.id;
    const countdown = o.status === 'reserved' && o.acceptBy ? el('span', { className: `countdown${overdue ? ' late' : ''}`, textContent: t().left(new Date(o.acceptBy) - now) }) : null;
    const open = el('button', { type: 'button', className: 'open', textContent: t().details });
    open.onclick = () => openOrder(o.id).catch(showError);
    row.append(el('td', {}, pick), el('td', {}, el('div', { textContent: `${o.title} ×${o.quantity}` }), el('div', { className: 'muted', textContent: o.id })),
      el('td', { textContent: o.recipient ? `${o.recipient.name || ''} ${o.recipient.phone || ''}` : '' }), el('td', {}, countdown), el('td', {}, open));
    return row;
  }));
}

async function openOrder(id, refreshOnly) {
  if (refreshOnly && !$('detail').open) return;
  if (!refreshOnly) clearError();
  const o = await api('GET', `/api/partner/orders/${encodeURIComponent(id)}`);
  const f = t().fields;
  $('detail-title').textContent = `${o.title} · ${t().statuses[o.status] || o.status}`;
  $('detail').dataset.order = o.id; $('detail').dataset.status = o.status;
  const pairs = [[f.prize, o.title], [f.quantity, o.quantity], [f.name, o.recipient?.name], [f.phone, o.recipient?.phone], [f.address, o.recipient?.address], [f.tracking, o.trackingNo], [f.reason, o.reason]];
  $('detail-fields').replaceChildren(...pairs.filter(([, v]) => v != null && v !== '').flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: String(v) })]));
  $('detail-history').replaceChildren(...(o.history || []).map(h => el('li', { textContent: `${new Date(h.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')} ${t().statuses[h.status] || h.status}${h.note ? ` · ${h.note}` : ''}` })));
  const possible = { reserved: ['accept', 'reject'], accepted: ['ship', 'reject'], shipped: ['deliver'] }[o.status] || [];
  $('detail-actions').replaceChildren(...possible.map(action => {
    const button = el('button', { type: 'button', textContent: t().actions[action] });
    button.dataset.action = action;
    button.onclick = () => act(o.id, action).catch(showError);
    return button;
  }));
  if (!$('detail').open) $('detail').showModal();
}

async function act(id, action) {
  const answer = await confirmStep(t().ask[action], action === 'ship' || action === 'reject');
  if (answer == null) return;
  clearError();
  const body = action === 'ship' ? { trackingNo: answer } : action === 'reject' ? { reason: answer } : undefined;
  try {
    await api('POST', `/api/partner/orders/${encodeURIComponent(id)}/${action}`, body);
  } finally {
    await Promise.all([openOrder(id, true), loadOrders()]);
  }
}

async function bulkAccept() {
  const ids = [...document.querySelectorAll('#orders input.pick:checked')].map(box => box.dataset.id);
  if (ids.length === 0) { showError(new Error(t().ask.pickFirst)); return; }
  if (!(await confirmStep(t().ask.bulk(ids.length)))) return;
  clearError();
  const results = await Promise.allSettled(ids.map(id => api('POST', `/api/partner/orders/${encodeURIComponent(id)}/accept`)));
  await loadOrders();
  const failed = results.filter(r => r.status === 'rejected');
  if (failed.length) showError(failed[0].reason);
}

async function exportCsv() {
  const response = await api('GET', '/api/partner/shipping.csv', undefined, true);
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: 'to-ship.csv' });
  document.body.append(link); link.click(); link.remove();
}

async function loadDeliveries() {
  const { items } = await api('GET', '/api/partner/webhook/deliveries');
  $('deliveries').replaceChildren(...items.map(d => el('tr', {},
    el('td', { textContent: new Date(d.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') }), el('td', { textContent: d.type }),
    el('td', { textContent: d.status || '—' }), el('td', { textContent: d.attempts }), el('td', { textContent: t().outcomes[d.outcome] || d.outcome, title: d.error || '' }))));
}

async function loadAll() {
  translate();
  await loadProfile();
  $('signin').hidden = true; $('portal').hidden = false; $('signout').hidden = false;
  await Promise.all([loadOrders(), loadDeliveries()]);
}

$('signin').onsubmit = event => {
  event.preventDefault();
  clearError();
  sessionStorage.setItem(KEY, $('key').value.trim());
  $('key').value = '';
  loadAll().catch(showError);
};
$('signout').onclick = () => signOut();
$('lang').onclick = () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('lang', lang); translate(); if (sessionStorage.getItem(KEY)) loadAll().catch(showError); };
$('prev').onclick = () => { state.page = Math.max(0, state.page - 1); loadOrders().catch(showError); };
$('next').onclick = () => { state.page += 1; loadOrders().catch(showError); };
$('bulk-accept').onclick = () => bulkAccept().catch(showError);
$('export').onclick = () => exportCsv().catch(showError);
$('detail-close').onclick = () => $('detail').close();
$('refresh').onclick = () => loadDeliveries().catch(showError);
$('webhook-form').onsubmit = event => {
  event.preventDefault();
  clearError();
  api('PUT', '/api/partner/webhook', { url: $('webhook-url').value.trim() || null }).then(loadProfile).catch(showError);
};
$('test-event').onclick = () => { clearError(); api('POST', '/api/partner/webhook/test').then(() => { $('overlap').textContent = t().queued; }).catch(showError); };
$('rotate').onclick = async () => {
  if (!(await confirmStep(t().ask.rotate))) return;
  try {
    const { webhookSecret } = await api('POST', '/api/partner/webhook/rotate-secret');
    $('secret').textContent = webhookSecret; $('secret-box').hidden = false;
    await loadProfile();
  } catch (error) { showError(error); }
};

translate();
if (sessionStorage.getItem(KEY)) loadAll().catch(showError);
