// Rules: the program's rules document (PUT /api/admin/rules) as one form: time zone, caps, points per action, levels,
// points expiry and the hazard terms. Each validation error from the server appears beside its field.
import { t, h, api, field, formSubmit, value } from './console-core.js';
import { addText } from './console-i18n.js';
import { wholeNumber } from './console-kit.js';

addText({
  zh: {
    'rules.zone': '时区（IANA，如 Asia/Shanghai）', 'rules.dailyCap': '每日积分总上限（0 为不限）', 'rules.expiry': '积分有效期',
    'rules.expiry.end-of-next-year': '次年年底清零', 'rules.expiry.never': '永不过期', 'rules.actions': '各积分行为',
    'rules.points': '每次积分', 'rules.cap': '每日上限（0 为不限）', 'rules.attempts': '每日次数（0 为不限）',
    'rules.levels': '等级（累计积分达到即升级）', 'rules.levelName': n => `第 ${n} 级名称`, 'rules.levelAt': n => `第 ${n} 级所需积分`, 'rules.addLevel': '添加等级', 'rules.removeLevel': n => `删除第 ${n} 级`,
    'rules.hazard': '隐患随手拍', 'rules.severity.general': '一般隐患积分', 'rules.severity.major': '较大隐患积分', 'rules.severity.critical': '重大隐患积分',
    'rules.bonus': '整改验收奖励积分', 'rules.categories': '隐患类别（每行一个）', 'rules.saved': '规则已保存，立即生效。',
  },
  en: {
    'rules.zone': 'Time zone (IANA, such as Asia/Shanghai)', 'rules.dailyCap': 'Overall daily cap (0: none)', 'rules.expiry': 'Points expire',
    'rules.expiry.end-of-next-year': 'At the end of the next year', 'rules.expiry.never': 'Never', 'rules.actions': 'Actions',
    'rules.points': 'Points each', 'rules.cap': 'Daily cap (0: none)', 'rules.attempts': 'Times a day (0: no limit)',
    'rules.levels': 'Levels (reached at lifetime points)', 'rules.levelName': n => `Level ${n} name`, 'rules.levelAt': n => `Level ${n} points`, 'rules.addLevel': 'Add a level', 'rules.removeLevel': n => `Remove level ${n}`,
    'rules.hazard': 'Hazard reports', 'rules.severity.general': 'General hazard points', 'rules.severity.major': 'Major hazard points', 'rules.severity.critical': 'Critical hazard points',
    'rules.bonus': 'Rectification bonus', 'rules.categories': 'Hazard categories (one a line)', 'rules.saved': 'Rules saved; they apply now.',
  },
});

const actions = ['learning', 'quiz', 'share', 'hazard'];
// What each action's rule does: learning and quiz points come from each content item and quiz, hazard points from
// the severity, and hazard points are not capped by the day. The fields that do nothing are not shown (and kept as stored).
const shown = { learning: ['dailyCap'], quiz: ['dailyCap', 'attemptsPerDay'], share: ['points', 'dailyCap'], hazard: ['attemptsPerDay'] };
const labels = { points: 'rules.points', dailyCap: 'rules.cap', attemptsPerDay: 'rules.attempts' };
const severities = ['general', 'major', 'critical'];

export async function render(view) {
  const rules = await api('GET', '/api/admin/rules');
  let levels = (rules.levels || []).map(l => ({ ...l }));
  const saved = h('p', { className: 'ok', hidden: true, attrs: { role: 'status' } }, t('rules.saved'));
  const ladder = h('div');
  const collect = () => {
    levels = [...ladder.querySelectorAll('[data-level]')].map(row => ({ name: row.querySelector('[name$=".name"]').value.trim(), at: row.querySelector('[name$=".at"]').value.trim() }));
  };
  const draw = () => ladder.replaceChildren(...levels.map((l, i) => h('div', { className: 'row', dataset: { level: i } },
    field(`levels[${i}].name`, t('rules.levelName', i + 1), { value: l.name }), field(`levels[${i}].at`, t('rules.levelAt', i + 1), { type: 'number', value: l.at, step: '1' }),
    h('button', { type: 'button', className: 'secondary', onclick: () => { collect(); levels.splice(i, 1); draw(); } }, t('rules.removeLevel', i + 1)))));
  draw();

  const rule = a => (rules.actions && rules.actions[a]) || {};
  const hazard = rules.hazard || { points: {}, categories: [] };
  const form = h('form', { className: 'card', dataset: { testid: 'rules' } },
    h('div', { className: 'row' },
      field('timeZone', t('rules.zone'), { value: rules.timeZone, required: true }),
      field('dailyCap', t('rules.dailyCap'), { type: 'number', value: rules.dailyCap, step: '1', required: true }),
      field('pointsExpiry', t('rules.expiry'), { options: ['end-of-next-year', 'never'].map(e => [e, t(`rules.expiry.${e}`)]), value: rules.pointsExpiry })),
    h('h3', {}, t('rules.actions')),
    ...actions.map(a => h('fieldset', {}, h('legend', {}, t(`action.${a}`)), h('div', { className: 'row' },
      shown[a].map(k => field(`actions.${a}.${k}`, `${t(`action.${a}`)} ${t(labels[k])}`, { type: 'number', value: rule(a)[k] ?? 0, step: '1' }))),
      h('p', { className: 'field-error', hidden: true, dataset: { errorFor: `actions.${a}` } }))),
    h('h3', {}, t('rules.levels')), ladder, h('p', { className: 'field-error', hidden: true, dataset: { errorFor: 'levels' } }),
    h('button', { type: 'button', className: 'secondary', onclick: () => { collect(); levels.push({ name: '', at: '' }); draw(); } }, t('rules.addLevel')),
    h('h3', {}, t('rules.hazard')),
    h('div', { className: 'row' }, ...severities.map(s => field(`hazard.points.${s}`, t(`rules.severity.${s}`), { type: 'number', value: hazard.points[s] ?? '', step: '1' })),
      field('hazard.rectificationBonus', t('rules.bonus'), { type: 'number', value: hazard.rectificationBonus ?? '', step: '1' })),
    field('hazard.categories', t('rules.categories'), { value: hazard.categories.join('\n'), multiline: true }),
    h('div', { className: 'row' }, h('button', { type: 'submit' }, t('save'))), saved);

  formSubmit(form, async () => {
    saved.hidden = true;
    collect();
    const number = name => wholeNumber(value(form, name));
    const points = Object.fromEntries(severities.map(s => [s, number(`hazard.points.${s}`)]).filter(([, v]) => v !== null));
    const categories = value(form, 'hazard.categories').split('\n').map(c => c.trim()).filter(Boolean);
    await api('PUT', '/api/admin/rules', {
      timeZone: value(form, 'timeZone'), dailyCap: number('dailyCap'), pointsExpiry: value(form, 'pointsExpiry'),
      // A field left out would fall back to the default, not to what is stored: the hidden ones are sent as stored.
      actions: Object.fromEntries(actions.map(a => [a, Object.fromEntries(Object.keys(labels).map(k => [k, shown[a].includes(k) ? number(`actions.${a}.${k}`) : (rule(a)[k] ?? null)]))])),
      levels: levels.map(l => ({ name: l.name, at: wholeNumber(l.at) })),
      hazard: {
        points, rectificationBonus: number('hazard.rectificationBonus'),
        // Left empty, the categories are not sent: the server keeps its defaults rather than refusing an empty list.
        categories: categories.length ? categories : undefined,
      },
    });
    saved.hidden = false;
  });
  view.replaceChildren(h('h2', {}, t('page.rules')), form);
}
