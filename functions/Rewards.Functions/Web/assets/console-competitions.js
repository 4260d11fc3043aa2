// Competitions: knowledge contests between units in rounds (each a quiz in a local-time window). List, create with its
// rounds and placings, and a contest's page with each round's standings, the teams that went on, and closing a round.
import { t, h, api, field, formSubmit, table, value, action, unitName } from './console-core.js';
import { addText } from './console-i18n.js';
import { wholeNumber, confirmButton, showTime } from './console-kit.js';

addText({
  zh: {
    'competitions.create': '新建竞赛', 'competitions.noQuiz': '每轮比赛用一个题库：请先在“答题”页新建题库。', 'competitions.id': '编号', 'competitions.title': '名称', 'competitions.rounds': '轮次', 'competitions.none': '还没有竞赛。',
    'competitions.closedOf': (c, n) => `${c}/${n} 轮已结束`, 'competitions.confirmDelete': '确认删除？', 'competitions.back': '返回列表',
    'competitions.round': n => `第 ${n} 轮`, 'competitions.roundId': '轮次编号', 'competitions.roundTitle': '轮次名称', 'competitions.quiz': '题库',
    'competitions.opensAt': '开始（当地时间）', 'competitions.closesAt': '结束（当地时间）', 'competitions.advance': '晋级队数（决赛填 0）',
    'competitions.addRound': '添加轮次', 'competitions.removeRound': n => `删除第 ${n} 轮`, 'competitions.placings': '决赛名次与奖励（每位队员的积分）',
    'competitions.champions': '冠军队数', 'competitions.runnersUp': '亚军队数', 'competitions.thirds': '季军队数',
    'competitions.championPoints': '冠军积分', 'competitions.runnerUpPoints': '亚军积分', 'competitions.thirdPoints': '季军积分',
    'competitions.window': (a, b) => `${a} 至 ${b}`, 'competitions.open': '未结束', 'competitions.closed': '已结束', 'competitions.close': '结束本轮并计算排名',
    'competitions.rank': '名次', 'competitions.score': '得分', 'competitions.participants': '参赛/队员', 'competitions.advanced': '晋级', 'competitions.noStandings': '本轮结束后显示排名。',
    'competitions.final': '决赛名次', 'competitions.placing': '名次', 'competitions.points': '每人积分',
    'placing.champion': '冠军', 'placing.runner-up': '亚军', 'placing.third': '季军',
  },
  en: {
    'competitions.create': 'New competition', 'competitions.noQuiz': 'Each round uses a quiz: create one on the Quizzes page first.', 'competitions.id': 'Id', 'competitions.title': 'Title', 'competitions.rounds': 'Rounds', 'competitions.none': 'No competitions yet.',
    'competitions.closedOf': (c, n) => `${c} of ${n} rounds closed`, 'competitions.confirmDelete': 'Really delete?', 'competitions.back': 'Back to the list',
    'competitions.round': n => `Round ${n}`, 'competitions.roundId': 'Round id', 'competitions.roundTitle': 'Round title', 'competitions.quiz': 'Quiz',
    'competitions.opensAt': 'Opens (local time)', 'competitions.closesAt': 'Closes (local time)', 'competitions.advance': 'Teams that go on (0 in the final)',
    'competitions.addRound': 'Add a round', 'competitions.removeRound': n => `Remove round ${n}`, 'competitions.placings': 'Final placings and prizes (points per member)',
    'competitions.champions': 'Champion teams', 'competitions.runnersUp': 'Runner-up teams', 'competitions.thirds': 'Third-place teams',
    'competitions.championPoints': 'Champion points', 'competitions.runnerUpPoints': 'Runner-up points', 'competitions.thirdPoints': 'Third-place points',
    'competitions.window': (a, b) => `${a} to ${b}`, 'competitions.open': 'Not closed', 'competitions.closed': 'Closed', 'competitions.close': 'Close the round and rank the teams',
    'competitions.rank': 'Rank', 'competitions.score': 'Score', 'competitions.participants': 'Took part / members', 'competitions.advanced': 'Went on', 'competitions.noStandings': 'Standings appear when the round closes.',
    'competitions.final': 'Final placings', 'competitions.placing': 'Placing', 'competitions.points': 'Points each',
    'placing.champion': 'Champion', 'placing.runner-up': 'Runner-up', 'placing.third': 'Third',
  },
});

const path = id => `/api/admin/competitions/${encodeURIComponent(id)}`;
const placingFields = ['champions', 'runnersUp', 'thirds', 'championPoints', 'runnerUpPoints', 'thirdPoints'];

export async function render(view, [id]) {
  if (id) return renderOne(view, await api('GET', path(id)));
  const [list, quizzes] = await Promise.all([api('GET', '/api/admin/competitions'), api('GET', '/api/admin/quizzes')]);
  const rows = list.items.map(({ definition: c, state }) => h('tr', { dataset: { competition: c.id } },
    h('td', {}, h('a', { href: `#/competitions/${encodeURIComponent(c.id)}` }, c.id)), h('td', {}, c.title),
    h('td', {}, t('competitions.closedOf', Object.keys(state.standings).length, c.rounds.length)),
    h('td', {}, confirmButton(t('delete'), t('competitions.confirmDelete'), async () => { await api('DELETE', path(c.id)); await render(view, []); }))));
  view.replaceChildren(h('h2', {}, t('page.competitions')),
    h('div', { className: 'card', dataset: { testid: 'competition-list' } }, table([t('competitions.id'), t('competitions.title'), t('competitions.rounds'), ''], rows, t('competitions.none'))),
    createForm(quizzes.items, created => { location.hash = `#/competitions/${encodeURIComponent(created.definition.id)}`; }));
}

function createForm(quizzes, done) {
  let rounds = [{ id: 'r1', title: '', quizId: quizzes[0]?.id || '', opensAt: '', closesAt: '', advance: 0 }];
  const list = h('div');
  const collect = () => {
    rounds = [...list.querySelectorAll('[data-round]')].map(box => Object.fromEntries(['id', 'title', 'quizId', 'opensAt', 'closesAt', 'advance']
      .map(k => [k, box.querySelector(`[name$=".${k}"]`).value.trim()])));
  };
  const draw = () => list.replaceChildren(...rounds.map((r, i) => h('fieldset', { dataset: { round: i } }, h('legend', {}, t('competitions.round', i + 1)),
    h('div', { className: 'row' },
      field(`rounds[${i}].id`, t('competitions.roundId'), { value: r.id, required: true }), field(`rounds[${i}].title`, t('competitions.roundTitle'), { value: r.title }),
      field(`rounds[${i}].quizId`, t('competitions.quiz'), { options: quizzes.map(q => [q.id, `${q.title} (${q.id})`]), value: r.quizId })),
    h('div', { className: 'row' },
      field(`rounds[${i}].opensAt`, t('competitions.opensAt'), { type: 'datetime-local', value: r.opensAt, required: true }),
      field(`rounds[${i}].closesAt`, t('competitions.closesAt'), { type: 'datetime-local', value: r.closesAt, required: true }),
      field(`rounds[${i}].advance`, t('competitions.advance'), { type: 'number', value: r.advance, step: '1' }),
      rounds.length > 1 ? h('button', { type: 'button', className: 'secondary', onclick: () => { collect(); rounds.splice(i, 1); draw(); } }, t('competitions.removeRound', i + 1)) : null))));
  draw();
  const form = h('form', { className: 'card', dataset: { testid: 'competition-create' } }, h('h3', {}, t('competitions.create')),
    quizzes.length ? null : h('p', { className: 'muted' }, t('competitions.noQuiz')),
    h('div', { className: 'row' }, field('id', t('competitions.id'), { required: true }), field('title', t('competitions.title'), { required: true })),
    list, h('p', { className: 'field-error', hidden: true, dataset: { errorFor: 'rounds' } }),
    h('button', { type: 'button', className: 'secondary', onclick: () => { collect(); rounds.push({ id: `r${rounds.length + 1}`, title: '', quizId: quizzes[0]?.id || '', opensAt: '', closesAt: '', advance: 0 }); draw(); } }, t('competitions.addRound')),
    h('fieldset', {}, h('legend', {}, t('competitions.placings')),
      h('div', { className: 'row' }, placingFields.map(k => field(`placings.${k}`, t(`competitions.${k}`), { type: 'number', step: '1', value: k.endsWith('Points') ? 10 : 1 }))),
      h('p', { className: 'field-error', hidden: true, dataset: { errorFor: 'placings' } })),
    h('button', { type: 'submit' }, t('create')));
  formSubmit(form, async () => {
    collect();
    const body = {
      id: value(form, 'id'), title: value(form, 'title'),
      rounds: rounds.map(r => ({ ...r, title: r.title || r.id, advance: wholeNumber(r.advance) ?? 0 })),
      placings: Object.fromEntries(placingFields.map(k => [k, wholeNumber(value(form, `placings.${k}`)) ?? 0])),
    };
    done(await api('POST', '/api/admin/competitions', body));
  });
  return form;
}

function renderOne(view, { definition: c, state }) {
  const rounds = c.rounds.map((r, i) => {
    const standings = state.standings[r.id];
    const advanced = state.advanced[r.id] || [];
    const close = standings ? null : h('button', { type: 'button', onclick: action(async () => {
      await api('POST', `${path(c.id)}/rounds/${encodeURIComponent(r.id)}/close`);
      renderOne(view, await api('GET', path(c.id)));
    }) }, t('competitions.close'));
    const rows = (standings || []).map((s, k) => h('tr', { dataset: { unit: s.unitId } }, h('td', { className: 'num' }, k + 1), h('td', {}, unitName(s.unitId)),
      h('td', { className: 'num' }, s.score.toFixed(1)), h('td', { className: 'num' }, `${s.participants}/${s.members}`), h('td', {}, advanced.includes(s.unitId) ? '✓' : '')));
    return h('div', { className: 'card', dataset: { testid: `round-${r.id}`, closed: String(!!standings) } },
      h('h3', {}, `${t('competitions.round', i + 1)} · ${r.title}`),
      h('p', { className: 'muted' }, `${t('competitions.window', showTime(r.opens), showTime(r.closes))} · ${t('competitions.quiz')} ${r.quizId} · ${standings ? t('competitions.closed') : t('competitions.open')}`),
      standings ? table([t('competitions.rank'), t('unit'), { label: t('competitions.score'), num: true }, { label: t('competitions.participants'), num: true }, t('competitions.advanced')], rows)
        : h('p', { className: 'muted' }, t('competitions.noStandings')),
      close);
  });
  const placings = state.placings.length ? h('div', { className: 'card', dataset: { testid: 'placings' } }, h('h3', {}, t('competitions.final')),
    table([t('competitions.placing'), t('unit'), { label: t('competitions.points'), num: true }],
      state.placings.map(p => h('tr', {}, h('td', {}, t(`placing.${p.placing}`)), h('td', {}, unitName(p.unitId)), h('td', { className: 'num' }, p.points))))) : null;
  view.replaceChildren(h('h2', {}, `${c.title} · ${c.id}`), h('p', {}, h('a', { href: '#/competitions' }, t('competitions.back'))), ...rounds, ...(placings ? [placings] : []));
}
