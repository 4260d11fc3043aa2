// Campaigns: points multipliers over a local-time window ("5·25 职工健康日" ×2). List, create, edit, end now, delete.
import { t, h, api, field, formSubmit, table, value } from './console-core.js';
import { addText } from './console-i18n.js';
import { decimal, confirmButton, localNow, inputTime, showTime } from './console-kit.js';

addText({
  zh: {
    'campaigns.create': '新建活动', 'campaigns.edit': id => `编辑活动 ${id}`, 'campaigns.id': '编号', 'campaigns.name': '名称', 'campaigns.startsAt': '开始（当地时间）',
    'campaigns.endsAt': '结束（当地时间）', 'campaigns.actions': '适用的积分行为', 'campaigns.multiplier': '倍数', 'campaigns.none': '还没有活动。',
    'campaigns.end': '立即结束', 'campaigns.confirmEnd': '确认结束？', 'campaigns.cancel': '取消活动', 'campaigns.confirmCancel': '确认取消？', 'campaigns.confirmDelete': '确认删除？',
    'campaigns.running': '进行中', 'campaigns.upcoming': '未开始', 'campaigns.over': '已结束', 'campaigns.zone': zone => `时间均为规则中的时区 ${zone} 的当地时间。`,
    'campaigns.back': '返回列表', 'campaigns.saved': '已保存。',
  },
  en: {
    'campaigns.create': 'New campaign', 'campaigns.edit': id => `Edit campaign ${id}`, 'campaigns.id': 'Id', 'campaigns.name': 'Name', 'campaigns.startsAt': 'Starts (local time)',
    'campaigns.endsAt': 'Ends (local time)', 'campaigns.actions': 'Actions it multiplies', 'campaigns.multiplier': 'Multiplier', 'campaigns.none': 'No campaigns yet.',
    'campaigns.end': 'End now', 'campaigns.confirmEnd': 'Really end?', 'campaigns.cancel': 'Cancel it', 'campaigns.confirmCancel': 'Really cancel?', 'campaigns.confirmDelete': 'Really delete?',
    'campaigns.running': 'Running', 'campaigns.upcoming': 'Upcoming', 'campaigns.over': 'Over', 'campaigns.zone': zone => `Times are local to the rules' time zone, ${zone}.`,
    'campaigns.back': 'Back to the list', 'campaigns.saved': 'Saved.',
  },
});

const actions = ['learning', 'quiz', 'share', 'hazard', 'activity'];
const path = id => `/api/admin/campaigns/${encodeURIComponent(id)}`;

export async function render(view, [id]) {
  const { timeZone } = await api('GET', '/api/admin/rules');
  if (id) return renderEdit(view, await api('GET', path(id)), timeZone);
  const now = localNow(timeZone);
  const list = (await api('GET', '/api/admin/campaigns')).items;
  const rows = list.map(c => {
    const state = now < c.startsAt ? 'upcoming' : now < c.endsAt ? 'running' : 'over';
    const end = state === 'running'
      ? confirmButton(t('campaigns.end'), t('campaigns.confirmEnd'), async () => { await api('PUT', path(c.id), { ...c, endsAt: localNow(timeZone) }); await render(view, []); })
      : state === 'upcoming' ? confirmButton(t('campaigns.cancel'), t('campaigns.confirmCancel'), async () => { await api('DELETE', path(c.id)); await render(view, []); })
      : confirmButton(t('delete'), t('campaigns.confirmDelete'), async () => { await api('DELETE', path(c.id)); await render(view, []); });
    return h('tr', { dataset: { campaign: c.id, state } },
      h('td', {}, h('a', { href: `#/campaigns/${encodeURIComponent(c.id)}` }, c.id)), h('td', {}, c.name), h('td', {}, showTime(c.startsAt)), h('td', {}, showTime(c.endsAt)),
      h('td', {}, c.actions.map(a => t(`action.${a}`)).join('、')), h('td', { className: 'num' }, `×${c.multiplier}`), h('td', {}, t(`campaigns.${state}`)), h('td', {}, end));
  });
  const create = campaignForm(null, async c => { await api('POST', '/api/admin/campaigns', c); await render(view, []); });
  view.replaceChildren(h('h2', {}, t('page.campaigns')), h('p', { className: 'muted' }, t('campaigns.zone', timeZone)),
    h('div', { className: 'card', dataset: { testid: 'campaign-list' } }, table([t('campaigns.id'), t('campaigns.name'), t('campaigns.startsAt'), t('campaigns.endsAt'),
      t('campaigns.actions'), { label: t('campaigns.multiplier'), num: true }, t('status'), ''], rows, t('campaigns.none'))),
    create);
}

function renderEdit(view, campaign, timeZone) {
  const saved = h('p', { className: 'ok', hidden: true, attrs: { role: 'status' } }, t('campaigns.saved'));
  const form = campaignForm(campaign, async c => { await api('PUT', path(campaign.id), c); saved.hidden = false; });
  view.replaceChildren(h('h2', {}, t('campaigns.edit', campaign.id)), h('p', { className: 'muted' }, t('campaigns.zone', timeZone)),
    h('p', {}, h('a', { href: '#/campaigns' }, t('campaigns.back'))), form, saved);
}

function campaignForm(campaign, save) {
  const c = campaign || { actions: ['learning', 'quiz'], multiplier: 2 };
  const boxes = actions.map(a => h('label', { className: 'check' }, h('input', { type: 'checkbox', name: 'actions', value: a, checked: c.actions.includes(a) }), ' ', t(`action.${a}`)));
  const form = h('form', { className: 'card', dataset: { testid: campaign ? 'campaign-edit' : 'campaign-create' } }, h('h3', {}, campaign ? t('save') : t('campaigns.create')),
    h('div', { className: 'row' },
      field('id', t('campaigns.id'), { value: c.id, required: true }),
      field('name', t('campaigns.name'), { value: c.name, required: true }),
      field('multiplier', t('campaigns.multiplier'), { type: 'number', value: c.multiplier, step: '0.1', required: true })),
    h('div', { className: 'row' },
      field('startsAt', t('campaigns.startsAt'), { type: 'datetime-local', value: inputTime(c.startsAt), required: true, step: '1' }),
      field('endsAt', t('campaigns.endsAt'), { type: 'datetime-local', value: inputTime(c.endsAt), required: true, step: '1' })),
    h('fieldset', {}, h('legend', {}, t('campaigns.actions')), h('div', { className: 'row' }, boxes),
      h('p', { className: 'field-error', hidden: true, dataset: { errorFor: 'actions' } })),
    h('button', { type: 'submit' }, campaign ? t('save') : t('create')));
  if (campaign) form.elements.id.readOnly = true;
  formSubmit(form, () => save({
    id: value(form, 'id'), name: value(form, 'name'), startsAt: value(form, 'startsAt'), endsAt: value(form, 'endsAt'),
    actions: [...form.querySelectorAll('input[name=actions]:checked')].map(b => b.value), multiplier: decimal(value(form, 'multiplier')),
  }));
  return form;
}
