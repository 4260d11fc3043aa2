// Overview: today and this month at a glance, from the rows the projector keeps per unit and day (GET /api/admin/overview).
// Charts are SVG drawn here (no library, nothing inline: CSP-safe), each with a table that says the same in text.
import { t, h, api, action, table, formatTime, currentLang } from './console-core.js';
import { addText } from './console-i18n.js';

addText({
  zh: {
    'overview.today': '今日', 'overview.month': '本月', 'overview.active': '活跃职工', 'overview.earned': '获得积分', 'overview.members': '职工总数',
    'overview.openRedemptions': '进行中的兑换', 'overview.openHazards': '待整改隐患', 'overview.requested': '兑换申请', 'overview.delivered': '已签收', 'overview.returned': '已退回',
    'overview.byDay': '近 30 天每日积分（按类型）', 'overview.byUnit': '各单位参与率', 'overview.chartTable': '图表数据', 'overview.date': '日期', 'overview.total': '合计',
    'overview.rateToday': '今日参与率', 'overview.rateMonth': '本月参与率', 'overview.activeToday': '今日活跃', 'overview.activeMonth': '本月活跃', 'overview.pointsMonth': '本月积分',
    'overview.reconciliation': '对账', 'overview.reconcile': '立即对账', 'overview.notReconciled': '尚未对账。对账会读取全部账户，请在需要时点击“立即对账”。',
    'overview.green': (n, at) => `账目一致：已核对 ${n} 个账户（${at}）。`, 'overview.mismatches': (n, c, at) => `发现 ${n} 处不一致（核对 ${c} 个账户，${at}）：`,
    'overview.poison': '失败消息队列', 'overview.queue': '队列', 'overview.size': '消息数', 'overview.replay': '重新推送商户通知', 'overview.replayed': n => `已重新推送 ${n} 条商户通知。`,
    'overview.poisonEvents': '推送失败的商户通知', 'overview.partner': '合作商户', 'overview.eventId': '事件编号', 'overview.eventType': '事件类型', 'overview.since': '开始推送',
    'queue.ledger-events-poison': '积分事件（排行榜投影）', 'queue.competition-scores-poison': '竞赛成绩', 'queue.redemptions-poison': '兑换预留库存',
    'queue.notify-partner-poison': '商户通知', 'queue.competition-payouts-poison': '竞赛奖励发放', 'queue.hazard-photos-poison': '隐患照片处理',
    'overview.attempts': '尝试次数', 'overview.firstOf': (n, total) => `显示前 ${n} 条，共 ${total} 条。`,
    'overview.dayChart': '每日积分柱状图', 'overview.unitChart': '各单位本月参与率条形图',
    'kind.learning': '学习', 'kind.quiz': '答题', 'kind.share': '分享', 'kind.hazard': '隐患随手拍', 'kind.competition': '竞赛', 'kind.adjustment': '调整', 'kind.spend': '兑换消费', 'kind.expiry': '过期',
  },
  en: {
    'overview.today': 'Today', 'overview.month': 'This month', 'overview.active': 'Active workers', 'overview.earned': 'Points earned', 'overview.members': 'Workers',
    'overview.openRedemptions': 'Open redemptions', 'overview.openHazards': 'Hazards awaiting fix', 'overview.requested': 'Requested', 'overview.delivered': 'Delivered', 'overview.returned': 'Returned',
    'overview.byDay': 'Points per day by action, last 30 days', 'overview.byUnit': 'Participation by unit', 'overview.chartTable': 'Chart data', 'overview.date': 'Date', 'overview.total': 'Total',
    'overview.rateToday': 'Rate today', 'overview.rateMonth': 'Rate this month', 'overview.activeToday': 'Active today', 'overview.activeMonth': 'Active this month', 'overview.pointsMonth': 'Points this month',
    'overview.reconciliation': 'Reconciliation', 'overview.reconcile': 'Reconcile now', 'overview.notReconciled': 'Not reconciled yet. It reads every account, so it runs when you click "Reconcile now".',
    'overview.green': (n, at) => `All consistent: ${n} accounts checked (${at}).`, 'overview.mismatches': (n, c, at) => `${n} mismatches (${c} accounts checked, ${at}):`,
    'overview.poison': 'Poison queues', 'overview.queue': 'Queue', 'overview.size': 'Messages', 'overview.replay': 'Replay partner notifications', 'overview.replayed': n => `${n} partner notifications sent again.`,
    'overview.poisonEvents': 'Partner notifications that failed', 'overview.partner': 'Partner', 'overview.eventId': 'Event id', 'overview.eventType': 'Event', 'overview.since': 'Trying since',
    'queue.ledger-events-poison': 'Points events (boards)', 'queue.competition-scores-poison': 'Competition scores', 'queue.redemptions-poison': 'Redemption reservations',
    'queue.notify-partner-poison': 'Partner notifications', 'queue.competition-payouts-poison': 'Competition payouts', 'queue.hazard-photos-poison': 'Hazard photo processing',
    'overview.attempts': 'Attempts', 'overview.firstOf': (n, total) => `The first ${n} of ${total}.`,
    'overview.dayChart': 'Bar chart of points per day', 'overview.unitChart': 'Bar chart of participation by unit this month',
    'kind.learning': 'Learning', 'kind.quiz': 'Quiz', 'kind.share': 'Sharing', 'kind.hazard': 'Hazards', 'kind.competition': 'Competitions', 'kind.adjustment': 'Adjustments', 'kind.spend': 'Spent', 'kind.expiry': 'Expired',
  },
});

const CHART_KINDS = ['learning', 'quiz', 'share', 'hazard', 'activity', 'competition', 'adjustment'];
const COLOURS = { learning: '#1f6feb', quiz: '#8250df', share: '#1a7f37', hazard: '#bc4c00', activity: '#0969da', competition: '#9a6700', adjustment: '#57606a' };
const SVG = 'http://www.w3.org/2000/svg';
const WEBHOOK_POISON = 'notify-partner-poison';

/** Like h(), for SVG elements: attributes only. */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  el.append(...children.flat().filter(c => c !== null && c !== undefined).map(c => c instanceof Node ? c : document.createTextNode(String(c))));
  return el;
}

const kindName = kind => t(`kind.${kind}`) === `kind.${kind}` ? kind : t(`kind.${kind}`);
const sum = points => Object.values(points || {}).reduce((a, b) => a + b, 0);
const percent = rate => `${(rate * 100).toFixed(1)}%`;
const number = n => Number(n).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en-GB');

function figure(label, value, testid) {
  return h('div', { className: 'card' }, h('div', { className: 'muted' }, label), h('div', { className: 'figure', dataset: { testid } }, number(value)));
}

/** Stacked bars: one per day, a segment per action; negative adjustments are left out of the bars (the table shows them). */
function dayChart(days) {
  const width = 900, height = 240, left = 44, bottom = 28, top = 10;
  const totals = days.map(d => CHART_KINDS.reduce((a, k) => a + Math.max(0, d.points[k] || 0), 0));
  const max = Math.max(10, ...totals);
  const step = (width - left) / days.length;
  const y = v => top + (height - top - bottom) * (1 - v / max);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'day-chart-title', class: 'svg-chart' }, s('title', { id: 'day-chart-title' }, t('overview.dayChart')));
  for (const tick of [0, max / 2, max]) {
    svg.append(s('line', { x1: left, x2: width, y1: y(tick), y2: y(tick), stroke: '#d9e2ec' }), s('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#3e4c59' }, Math.round(tick)));
  }
  days.forEach((d, i) => {
    let base = 0;
    for (const kind of CHART_KINDS) {
      const v = Math.max(0, d.points[kind] || 0);
      if (!v) continue;
      svg.append(s('rect', { x: left + i * step + 2, width: Math.max(1, step - 4), y: y(base + v), height: y(base) - y(base + v), fill: COLOURS[kind] }, s('title', {}, `${d.date} ${kindName(kind)} ${v}`)));
      base += v;
    }
    if (i % 5 === 0 || i === days.length - 1) svg.append(s('text', { x: left + i * step + step / 2, y: height - 8, 'text-anchor': i === days.length - 1 ? 'end' : 'middle', 'font-size': 11, fill: '#3e4c59' }, d.date.slice(5)));
  });
  const legend = h('ul', { className: 'legend' }, CHART_KINDS.map(k => h('li', {}, h('span', { className: `swatch swatch-${k}`, attrs: { 'aria-hidden': 'true' } }), kindName(k))));
  const kinds = [...new Set([...CHART_KINDS, ...days.flatMap(d => Object.keys(d.points))])].filter(k => days.some(d => d.points[k]));
  const rows = days.map(d => h('tr', { dataset: { day: d.date } }, h('td', {}, d.date), kinds.map(k => h('td', { className: 'num' }, d.points[k] || 0)), h('td', { className: 'num' }, sum(d.points)), h('td', { className: 'num' }, d.active)));
  return [svg, legend, h('details', {}, h('summary', {}, t('overview.chartTable')),
    table([t('overview.date'), ...kinds.map(k => ({ label: kindName(k), num: true })), { label: t('overview.total'), num: true }, { label: t('overview.active'), num: true }], rows))];
}

/** Horizontal bars of this month's participation per unit, with a table of members, active and rates. */
function unitChart(units) {
  const rowHeight = 26, left = 160, width = 900, height = Math.max(1, units.length) * rowHeight + 10;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'unit-chart-title', class: 'svg-chart' }, s('title', { id: 'unit-chart-title' }, t('overview.unitChart')));
  units.forEach((u, i) => {
    const y = 5 + i * rowHeight;
    svg.append(
      s('text', { x: left - 8, y: y + 16, 'text-anchor': 'end', 'font-size': 12, fill: '#1f2933' }, u.name),
      s('rect', { x: left, y: y + 3, width: width - left - 70, height: rowHeight - 8, fill: '#f0f4f8' }),
      s('rect', { x: left, y: y + 3, width: (width - left - 70) * Math.min(1, u.rateMonth), height: rowHeight - 8, fill: '#1f6feb' }),
      s('text', { x: width - 64, y: y + 16, 'font-size': 12, fill: '#1f2933' }, percent(u.rateMonth)));
  });
  const rows = units.map(u => h('tr', { dataset: { unit: u.id } }, h('td', {}, u.name), h('td', { className: 'num' }, u.members), h('td', { className: 'num' }, u.activeToday),
    h('td', { className: 'num' }, percent(u.rateToday)), h('td', { className: 'num' }, u.activeMonth), h('td', { className: 'num' }, percent(u.rateMonth)), h('td', { className: 'num' }, u.pointsMonth)));
  return [svg, table([t('unit'), { label: t('overview.members'), num: true }, { label: t('overview.activeToday'), num: true }, { label: t('overview.rateToday'), num: true },
    { label: t('overview.activeMonth'), num: true }, { label: t('overview.rateMonth'), num: true }, { label: t('overview.pointsMonth'), num: true }], rows)];
}

function reconciliation(state, view) {
  const run = h('button', { type: 'button', className: 'secondary', onclick: action(async () => { await api('GET', '/api/admin/reconciliation'); await render(view); }) }, t('overview.reconcile'));
  let body;
  if (!state) body = h('p', { className: 'muted' }, t('overview.notReconciled'));
  else if (state.green) body = h('p', { className: 'ok' }, t('overview.green', state.checked, formatTime(state.at)));
  else {
    const items = [
      ...state.mismatches.map(m => `${m.workerId}: balance ${m.balance} + held ${m.held} ≠ ledger ${m.ledgerSum}`),
      ...state.stockMismatches.map(m => `${m.rewardId}: stock ${m.remaining} + ${m.reserved} + ${m.delivered} ≠ ${m.initial} + ${m.restocked}`),
      ...state.deliveredAndRefunded.map(r => `${r}: delivered and refunded`),
      ...state.redemptionMismatches.map(m => `${m.workerId} ${m.redemptionId}: ${m.redemptionStatus} / ${m.orderStatus ?? '—'}`),
    ];
    body = h('div', {}, h('p', { className: 'error' }, t('overview.mismatches', state.problems, state.checked, formatTime(state.at))), h('ul', { dataset: { testid: 'mismatches' } }, items.map(i => h('li', {}, i))));
  }
  return h('div', { className: 'card', dataset: { testid: 'reconciliation' } }, h('h3', {}, t('overview.reconciliation')), body, run);
}

/** The poisoned partner notifications themselves (GET /api/admin/webhooks/poison shows the first 32), beside the replay button. */
function poisonEvents(list) {
  if (!list || !list.items.length) return null;
  const rows = list.items.map(e => h('tr', { dataset: { event: e.eventId } }, h('td', {}, e.partnerId), h('td', {}, h('code', {}, e.eventId)), h('td', {}, e.type),
    h('td', {}, formatTime(e.since)), h('td', { className: 'num' }, e.attempts)));
  return h('div', { dataset: { testid: 'poison-events' } }, h('h4', {}, t('overview.poisonEvents')),
    table([t('overview.partner'), t('overview.eventId'), t('overview.eventType'), t('overview.since'), { label: t('overview.attempts'), num: true }], rows),
    list.count > list.items.length ? h('p', { className: 'muted' }, t('overview.firstOf', list.items.length, list.count)) : null);
}

function poison(queues, events, view) {
  const note = h('p', { className: 'ok', attrs: { role: 'status' } });
  const replay = h('button', { type: 'button', onclick: action(async () => {
    const result = await api('POST', '/api/admin/webhooks/poison/replay');
    await render(view);
    view.querySelector('[data-testid=poison] [role=status]').textContent = t('overview.replayed', result.replayed);
  }) }, t('overview.replay'));
  const rows = Object.entries(queues).map(([name, size]) => h('tr', { dataset: { queue: name } },
    h('td', {}, t(`queue.${name}`) === `queue.${name}` ? name : h('span', { title: name }, t(`queue.${name}`))), h('td', { className: 'num' }, size)));
  return h('div', { className: 'card', dataset: { testid: 'poison' } }, h('h3', {}, t('overview.poison')),
    table([t('overview.queue'), { label: t('overview.size'), num: true }], rows), poisonEvents(events), queues[WEBHOOK_POISON] !== undefined ? replay : null, note);
}

export async function render(view) {
  const o = await api('GET', '/api/admin/overview');
  const events = o.poisonQueues[WEBHOOK_POISON] > 0 ? await api('GET', '/api/admin/webhooks/poison') : null;
  const today = o.todayFigures, month = o.monthFigures;
  view.replaceChildren(
    h('h2', {}, t('page.overview'), ' ', h('span', { className: 'muted' }, `${o.today} (${o.timeZone})`)),
    h('h3', {}, t('overview.today')),
    h('div', { className: 'grid', dataset: { testid: 'today' } },
      figure(t('overview.active'), today.active, 'today-active'), figure(t('overview.earned'), sum(today.points), 'today-points'),
      figure(t('overview.requested'), today.redemptions.requested, 'today-requested'), figure(t('overview.members'), o.members, 'members')),
    h('h3', {}, t('overview.month')),
    h('div', { className: 'grid', dataset: { testid: 'month' } },
      figure(t('overview.active'), month.active, 'month-active'), figure(t('overview.earned'), sum(month.points), 'month-points'),
      figure(t('overview.requested'), month.redemptions.requested, 'month-requested'), figure(t('overview.delivered'), month.redemptions.delivered, 'month-delivered'),
      figure(t('overview.returned'), month.redemptions.returned, 'month-returned'), figure(t('overview.openRedemptions'), o.open.redemptions, 'open-redemptions'),
      figure(t('overview.openHazards'), o.open.hazards, 'open-hazards')),
    h('div', { className: 'card', dataset: { testid: 'day-chart' } }, h('h3', {}, t('overview.byDay')), dayChart(o.days)),
    h('div', { className: 'card', dataset: { testid: 'unit-chart' } }, h('h3', {}, t('overview.byUnit')), unitChart(o.units)),
    reconciliation(o.reconciliation, view),
    poison(o.poisonQueues, events, view));
}
