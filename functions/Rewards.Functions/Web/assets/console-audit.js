// The audit log: who (a key id, never the key) changed what, newest first, filtered by dates and action.
import { t, h, api, field, table, value, action, formatTime, currentLang } from './console-core.js';

// Each audited admin action in words, by the function's name (which the API filters on and the row keeps as data-action).
const actions = {
  AdminAdjust: ['积分调整', 'Points adjustment'], AdminCloseRound: ['结束竞赛轮次', 'Close a round'],
  AdminCreateActivity: ['新建线下活动', 'New activity'], AdminPutActivity: ['修改线下活动', 'Edit activity'], AdminDeleteActivity: ['删除线下活动', 'Delete activity'],
  AdminCreateCampaign: ['新建主题活动', 'New campaign'], AdminPutCampaign: ['修改主题活动', 'Edit campaign'], AdminDeleteCampaign: ['删除主题活动', 'Delete campaign'],
  AdminCreateCompetition: ['新建知识竞赛', 'New competition'], AdminDeleteCompetition: ['删除知识竞赛', 'Delete competition'],
  AdminCreateContent: ['新建学习内容', 'New content'], AdminPutContent: ['修改学习内容', 'Edit content'], AdminDeleteContent: ['删除学习内容', 'Delete content'],
  AdminCreateQuiz: ['新建题库', 'New quiz'], AdminPutQuiz: ['修改题库', 'Edit quiz'], AdminDeleteQuiz: ['删除题库', 'Delete quiz'], AdminImportQuestions: ['导入试题', 'Import questions'],
  AdminCreatePartner: ['新建合作商户', 'New partner'], AdminPutPartner: ['修改合作商户', 'Edit partner'], AdminRotatePartnerKey: ['更换商户密钥', 'Rotate partner key'], AdminRotateWebhookSecret: ['更换推送密钥', 'Rotate webhook secret'],
  AdminCreateReward: ['新建奖品', 'New prize'], AdminPutReward: ['修改奖品', 'Edit prize'], AdminRestockReward: ['奖品补货', 'Restock prize'],
  AdminCreateUnit: ['新建单位', 'New unit'], AdminRenameUnit: ['单位改名', 'Rename unit'], AdminSaveWorkers: ['导入/保存职工', 'Import or save workers'],
  AdminIssueLink: ['发放职工链接', 'Issue worker link'], AdminPrintPosters: ['打印二维码海报', 'Print QR posters'], AdminPutRules: ['修改积分规则', 'Edit rules'],
  AdminReviewHazard: ['审核隐患', 'Review hazard'], AdminRectifyHazard: ['登记整改', 'Record rectification'], AdminVerifyHazard: ['验收整改', 'Verify rectification'],
  AdminReplayPoisonEvents: ['重发商户通知', 'Replay partner notifications'], AdminIssueScreenLink: ['发放签到屏链接', 'Issue screen link'],
};
const actionLabel = name => actions[name] ? actions[name][currentLang() === 'zh' ? 0 : 1] : name;

export async function render(view) {
  const results = h('div', { dataset: { testid: 'audit-list' } });
  const filter = h('form', { className: 'row' }, field('from', t('audit.from'), { type: 'date' }), field('to', t('audit.to'), { type: 'date' }),
    field('action', t('audit.action'), { options: [['', t('audit.anyAction')], ...Object.keys(actions).map(name => [name, actionLabel(name)]).sort((a, b) => a[1].localeCompare(b[1], 'zh-CN'))] }),
    h('button', { type: 'submit' }, t('search')));
  let cursors = [null];
  const load = async () => {
    const query = new URLSearchParams({ limit: '50' });
    for (const name of ['from', 'to', 'action']) if (value(filter, name)) query.set(name, value(filter, name));
    if (cursors[cursors.length - 1]) query.set('cursor', cursors[cursors.length - 1]);
    const page = await api('GET', `/api/admin/audit?${query}`);
    const rows = page.items.map(r => h('tr', { dataset: { action: r.action } }, h('td', {}, formatTime(r.at)), h('td', {}, r.keyId), h('td', { title: r.action }, actionLabel(r.action)), h('td', {}, r.target),
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
