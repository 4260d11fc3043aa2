// Offline activities (健步走, 工间操, 心灵驿站, health checks…): list, create, edit, delete, and each one's venue screen.
// A screen's link signs the screen in for that activity's check-in code only, never with the admin key.
import { t, h, api, action, field, formSubmit, table, value, loadUnits, unitName } from './console-core.js';
import { addText } from './console-i18n.js';
import { wholeNumber, confirmButton, localNow, inputTime, showTime, onceSecret } from './console-kit.js';

addText({
  zh: {
    'activities.create': '新建线下活动', 'activities.edit': id => `编辑线下活动 ${id}`, 'activities.id': '编号', 'activities.title': '名称', 'activities.kind': '类型',
    'activities.place': '地点', 'activities.units': '面向单位（不选即全部单位）', 'activities.allUnits': '全部单位', 'activities.startsAt': '开始（当地时间）', 'activities.endsAt': '结束（当地时间）',
    'activities.opensAt': '签到开始', 'activities.closesAt': '签到截止', 'activities.points': '签到积分', 'activities.capacity': '名额（可不填）', 'activities.checkedIn': '已签到',
    'activities.none': '还没有线下活动。', 'activities.confirmDelete': '确认删除？', 'activities.back': '返回列表', 'activities.saved': '已保存。',
    'activities.screen': '签到屏链接', 'activities.screenLink': '签到屏链接', 'activities.screenHelp': '在会场屏幕上打开；它只能显示本活动的签到码。再次生成会使之前的链接失效。', 'activities.screenUntil': at => `有效至 ${at}（当地时间）。`,
    'activities.open': '打开签到屏', 'activities.zone': zone => `时间均为规则中的时区 ${zone} 的当地时间。`,
    'activities.upcoming': '未开始签到', 'activities.checkingIn': '签到中', 'activities.over': '签到已结束',
    'kind.walk': '健步走', 'kind.exercise': '工间操', 'kind.lecture': '健康讲座', 'kind.wellbeing': '心灵驿站', 'kind.health-check': '健康体检', 'kind.sports': '足篮乒羽', 'kind.other': '其他活动',
  },
  en: {
    'activities.create': 'New activity', 'activities.edit': id => `Edit activity ${id}`, 'activities.id': 'Id', 'activities.title': 'Title', 'activities.kind': 'Kind',
    'activities.place': 'Place', 'activities.units': 'For units (none ticked: every unit)', 'activities.allUnits': 'Every unit', 'activities.startsAt': 'Starts (local time)', 'activities.endsAt': 'Ends (local time)',
    'activities.opensAt': 'Check-in opens', 'activities.closesAt': 'Check-in closes', 'activities.points': 'Points per check-in', 'activities.capacity': 'Capacity (optional)', 'activities.checkedIn': 'Checked in',
    'activities.none': 'No activities yet.', 'activities.confirmDelete': 'Really delete?', 'activities.back': 'Back to the list', 'activities.saved': 'Saved.',
    'activities.screen': 'Screen link', 'activities.screenLink': 'Screen link', 'activities.screenHelp': 'Open it on the venue screen; it shows this activity\'s code only. Issuing another ends the earlier ones.', 'activities.screenUntil': at => `Valid until ${at} (local time).`,
    'activities.open': 'Open the screen', 'activities.zone': zone => `Times are local to the rules' time zone, ${zone}.`,
    'activities.upcoming': 'Check-in not open', 'activities.checkingIn': 'Checking in', 'activities.over': 'Check-in over',
    'kind.walk': 'Walk', 'kind.exercise': 'Workplace exercise', 'kind.lecture': 'Health talk', 'kind.wellbeing': 'Wellbeing', 'kind.health-check': 'Health check', 'kind.sports': 'Sports', 'kind.other': 'Other',
  },
});

const kinds = ['walk', 'exercise', 'lecture', 'wellbeing', 'health-check', 'sports', 'other'];
const path = id => `/api/admin/activities/${encodeURIComponent(id)}`;

export async function render(view, [id]) {
  const [{ timeZone }, units] = await Promise.all([api('GET', '/api/admin/rules'), loadUnits()]);
  if (id) return renderEdit(view, await api('GET', path(id)), units, timeZone);
  const now = localNow(timeZone);
  const screen = h('div', { dataset: { testid: 'screen-link' } });
  const rows = (await api('GET', '/api/admin/activities')).items.map(a => {
    const state = now < a.checkInOpensAt ? 'upcoming' : now < a.checkInClosesAt ? 'checkingIn' : 'over';
    const link = h('button', { type: 'button', className: 'secondary', onclick: action(async () => {
      const issued = await api('POST', `${path(a.id)}/screen-link`);
      screen.replaceChildren(h('div', { className: 'card' }, onceSecret(t('activities.screenLink'), issued.url, 'screen-url'), h('p', { className: 'muted' }, t('activities.screenHelp')),
        h('p', { className: 'muted' }, t('activities.screenUntil', showTime(issued.expiresAt)), ' ',
          h('a', { href: issued.url, target: '_blank', rel: 'noopener' }, t('activities.open')))));
    }) }, t('activities.screen'));
    return h('tr', { dataset: { activity: a.id, state } },
      h('td', {}, h('a', { href: `#/activities/${encodeURIComponent(a.id)}` }, a.id)), h('td', {}, a.title), h('td', {}, t(`kind.${a.kind}`)), h('td', {}, a.place),
      h('td', {}, a.unitIds.length ? a.unitIds.map(unitName).join('、') : t('activities.allUnits')),
      h('td', {}, `${showTime(a.checkInOpensAt)} – ${showTime(a.checkInClosesAt)}`), h('td', { className: 'num' }, a.points),
      h('td', { className: 'num' }, a.capacity ? `${a.checkedIn ?? 0} / ${a.capacity}` : a.checkedIn ?? 0), h('td', {}, t(`activities.${state}`)),
      h('td', {}, link, ' ', confirmButton(t('delete'), t('activities.confirmDelete'), async () => { await api('DELETE', path(a.id)); await render(view, []); })));
  });
  const create = activityForm(null, units, async a => { await api('POST', '/api/admin/activities', a); await render(view, []); });
  view.replaceChildren(h('h2', {}, t('page.activities')), h('p', { className: 'muted' }, t('activities.zone', timeZone)),
    h('div', { className: 'card', dataset: { testid: 'activity-list' } }, table([t('activities.id'), t('activities.title'), t('activities.kind'), t('activities.place'), t('unit'),
      `${t('activities.opensAt')} – ${t('activities.closesAt')}`, { label: t('activities.points'), num: true }, { label: t('activities.checkedIn'), num: true }, t('status'), ''], rows, t('activities.none'))),
    screen, create);
}

function renderEdit(view, activity, units, timeZone) {
  const saved = h('p', { className: 'ok', hidden: true, attrs: { role: 'status' } }, t('activities.saved'));
  const form = activityForm(activity, units, async a => { await api('PUT', path(activity.id), a); saved.hidden = false; });
  view.replaceChildren(h('h2', {}, t('activities.edit', activity.id)), h('p', { className: 'muted' }, t('activities.zone', timeZone)),
    h('p', {}, h('a', { href: '#/activities' }, t('activities.back'))), form, saved);
}

function activityForm(activity, units, save) {
  const a = activity || { kind: 'walk', unitIds: [], points: 10 };
  const boxes = (units || []).map(u => h('label', { className: 'check' }, h('input', { type: 'checkbox', name: 'unitIds', value: u.id, checked: a.unitIds.includes(u.id) }), ' ', `${u.name} (${u.id})`));
  const time = (name, label, v) => field(name, label, { type: 'datetime-local', value: inputTime(v), required: true, step: '1' });
  const form = h('form', { className: 'card', dataset: { testid: activity ? 'activity-edit' : 'activity-create' } }, activity ? null : h('h3', {}, t('activities.create')),
    h('div', { className: 'row' },
      field('id', t('activities.id'), { value: a.id, required: true }),
      field('title', t('activities.title'), { value: a.title, required: true }),
      field('kind', t('activities.kind'), { options: kinds.map(k => [k, t(`kind.${k}`)]), value: a.kind }),
      field('place', t('activities.place'), { value: a.place, required: true })),
    h('div', { className: 'row' }, time('startsAt', t('activities.startsAt'), a.startsAt), time('endsAt', t('activities.endsAt'), a.endsAt),
      time('checkInOpensAt', t('activities.opensAt'), a.checkInOpensAt), time('checkInClosesAt', t('activities.closesAt'), a.checkInClosesAt)),
    h('div', { className: 'row' },
      field('points', t('activities.points'), { type: 'number', value: a.points, step: '1', required: true }),
      field('capacity', t('activities.capacity'), { type: 'number', value: a.capacity ?? '', step: '1' })),
    h('fieldset', {}, h('legend', {}, t('activities.units')), h('div', { className: 'row' }, boxes),
      h('p', { className: 'field-error', hidden: true, dataset: { errorFor: 'unitIds' } })),
    h('button', { type: 'submit' }, activity ? t('save') : t('create')));
  if (activity) form.elements.id.readOnly = true;
  formSubmit(form, () => save({
    id: value(form, 'id'), title: value(form, 'title'), kind: value(form, 'kind'), place: value(form, 'place'),
    unitIds: [...form.querySelectorAll('input[name=unitIds]:checked')].map(b => b.value),
    startsAt: value(form, 'startsAt'), endsAt: value(form, 'endsAt'), checkInOpensAt: value(form, 'checkInOpensAt'), checkInClosesAt: value(form, 'checkInClosesAt'),
    points: wholeNumber(value(form, 'points')), capacity: wholeNumber(value(form, 'capacity')),
  }));
  return form;
}
