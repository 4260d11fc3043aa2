// Hazard review (安全隐患随手拍): the review list with thumbnails and the flagged near duplicates side by side; accept with a
// severity, reject with a reason, mark duplicate; then the unit's rectification (after-photo and note) and verification.
import { t, h, api, apiRaw, field, value, action, formatTime, unitName, unitOptions, showFieldErrors } from './console-core.js';
import { addText } from './console-i18n.js';

addText({
  zh: {
    'page.hazards': '隐患审核',
    'hazards.status.submitted': '待审核', 'hazards.status.accepted': '已采纳', 'hazards.status.rejected': '未采纳', 'hazards.status.duplicate': '重复上报',
    'hazards.status.rectified': '已整改', 'hazards.status.verified': '已验收', 'hazards.status.failed': '照片处理失败', 'hazards.allStatuses': '全部状态',
    'hazards.severity': '隐患等级', 'severity.general': '一般隐患', 'severity.major': '较大隐患', 'severity.critical': '重大隐患',
    'hazards.accept': '采纳', 'hazards.reason': '不采纳原因', 'hazards.reject': '不采纳', 'hazards.of': '重复于（报告编号）', 'hazards.markDuplicate': '标记为重复',
    'hazards.photo': n => `隐患照片：${n}`, 'hazards.dupPhoto': id => `疑似重复报告 ${id} 的照片`, 'hazards.duplicates': '疑似重复（请对照后决定）',
    'hazards.byPhoto': d => `照片相似（差异 ${d}）`, 'hazards.byPlace': '同一地点 24 小时内', 'hazards.duplicateOfThis': '是这条的重复', 'hazards.id': '编号',
    'hazards.rectify': '登记整改', 'hazards.afterPhoto': '整改后照片', 'hazards.note': '整改说明', 'hazards.submitRectification': '提交整改',
    'hazards.verify': '验收通过', 'hazards.reporter': '上报人', 'hazards.place': '地点', 'hazards.category': '类别', 'hazards.submittedAt': '上报时间',
    'hazards.none': '没有符合条件的隐患报告。', 'hazards.done': (id, s) => `报告 ${id}：${s}。`, 'hazards.pickPhoto': '请选择整改后照片。',
  },
  en: {
    'page.hazards': 'Hazard review',
    'hazards.status.submitted': 'Under review', 'hazards.status.accepted': 'Accepted', 'hazards.status.rejected': 'Not accepted', 'hazards.status.duplicate': 'Duplicate',
    'hazards.status.rectified': 'Rectified', 'hazards.status.verified': 'Verified', 'hazards.status.failed': 'Photo failed', 'hazards.allStatuses': 'All statuses',
    'hazards.severity': 'Severity', 'severity.general': 'General', 'severity.major': 'Major', 'severity.critical': 'Critical',
    'hazards.accept': 'Accept', 'hazards.reason': 'Reason', 'hazards.reject': 'Reject', 'hazards.of': 'Duplicate of (report id)', 'hazards.markDuplicate': 'Mark duplicate',
    'hazards.photo': n => `Hazard photo: ${n}`, 'hazards.dupPhoto': id => `Photo of possible duplicate ${id}`, 'hazards.duplicates': 'Possible duplicates (compare, then decide)',
    'hazards.byPhoto': d => `similar photo (distance ${d})`, 'hazards.byPlace': 'same place within 24 hours', 'hazards.duplicateOfThis': 'Duplicate of this one', 'hazards.id': 'Report no.',
    'hazards.rectify': 'Record rectification', 'hazards.afterPhoto': 'After photo', 'hazards.note': 'Note', 'hazards.submitRectification': 'Record',
    'hazards.verify': 'Verify', 'hazards.reporter': 'Reporter', 'hazards.place': 'Place', 'hazards.category': 'Category', 'hazards.submittedAt': 'Reported',
    'hazards.none': 'No hazard reports match.', 'hazards.done': (id, s) => `Report ${id}: ${s}.`, 'hazards.pickPhoto': 'Choose the after photo.',
  },
});

const statuses = ['submitted', 'failed', 'accepted', 'rectified', 'verified', 'rejected', 'duplicate'];
const severities = ['general', 'major', 'critical'];

export async function render(view) {
  let cursors = [null];
  const results = h('div', { dataset: { testid: 'hazard-list' } });
  const done = h('p', { className: 'ok', attrs: { 'aria-live': 'polite' }, dataset: { testid: 'hazard-done' } });
  const filter = h('form', { className: 'row' },
    field('status', t('status'), { options: [['', t('hazards.allStatuses')], ...statuses.map(s => [s, t(`hazards.status.${s}`)])], value: 'submitted' }),
    field('unitId', t('unit'), { options: unitOptions(true) }),
    h('button', { type: 'submit' }, t('search')));

  const load = async () => {
    const query = new URLSearchParams({ limit: '20' });
    for (const name of ['status', 'unitId']) if (value(filter, name)) query.set(name, value(filter, name));
    if (cursors[cursors.length - 1]) query.set('cursor', cursors[cursors.length - 1]);
    const page = await api('GET', `/api/admin/hazards?${query}`);
    const after = async (id, status) => { done.textContent = t('hazards.done', id, t(`hazards.status.${status}`)); await load(); };
    results.replaceChildren(
      ...(page.items.length ? page.items.map(item => report(item, after)) : [h('p', { className: 'muted' }, t('hazards.none'))]),
      h('div', { className: 'pager' },
        h('button', { type: 'button', className: 'secondary', disabled: cursors.length < 2, onclick: action(async () => { cursors.pop(); await load(); }) }, t('previous')),
        h('button', { type: 'button', className: 'secondary', disabled: !page.nextCursor, onclick: action(async () => { cursors.push(page.nextCursor); await load(); }) }, t('next'))));
  };
  filter.addEventListener('submit', action(async () => { cursors = [null]; done.textContent = ''; await load(); }));
  view.replaceChildren(h('h2', {}, t('page.hazards')), h('div', { className: 'card' }, filter), done, results);
  await load();
}

/** One report: its photo and details, the near duplicates beside it, and the moves its status allows. */
function report(item, after) {
  const url = `/api/admin/hazards/${encodeURIComponent(item.id)}`;
  const move = (path, payload) => action(async event => {
    const form = event.currentTarget.closest('form');
    await busy(form, async () => {
      try {
        const result = await api('POST', `${url}/${path}`, typeof payload === 'function' ? payload() : payload);
        await after(item.id, result.status);
      } catch (e) { if (!form || !showFieldErrors(form, e)) throw e; }
    });
  });
  const details = h('dl', { className: 'facts' }, fact(t('hazards.id'), item.id),
    fact(t('hazards.reporter'), `${item.displayName} (${item.workerId})`), fact(t('unit'), unitName(item.unitId)), fact(t('hazards.category'), item.category),
    fact(t('hazards.place'), item.place), fact(t('hazards.submittedAt'), formatTime(item.submittedAt)),
    fact(t('status'), t(`hazards.status.${item.status}`) + (item.severity ? ` · ${t(`severity.${item.severity}`)}` : '') + (item.points ? ` · +${item.points} ${t('points')}` : '')));
  const moves = [];
  if (item.status === 'submitted' || item.status === 'failed') {
    const accept = h('form', { className: 'row', dataset: { move: 'accept' } }, field('severity', t('hazards.severity'), { options: severities.map(s => [s, t(`severity.${s}`)]) }),
      h('button', { type: 'submit' }, t('hazards.accept')));
    accept.addEventListener('submit', move('review', () => ({ decision: 'accept', severity: value(accept, 'severity') })));
    const reject = h('form', { className: 'row', dataset: { move: 'reject' } }, field('reason', t('hazards.reason'), { required: true }),
      h('button', { type: 'submit', className: 'secondary' }, t('hazards.reject')));
    reject.addEventListener('submit', move('review', () => ({ decision: 'reject', reason: value(reject, 'reason') })));
    const duplicate = h('form', { className: 'row', dataset: { move: 'duplicate' } }, field('of', t('hazards.of'), { required: true, value: item.duplicates[0]?.id || '' }),
      h('button', { type: 'submit', className: 'secondary' }, t('hazards.markDuplicate')));
    duplicate.addEventListener('submit', move('review', () => ({ decision: 'duplicate', of: value(duplicate, 'of') })));
    moves.push(accept, reject, duplicate);
  } else if (item.status === 'accepted') {
    moves.push(rectification(url, item, after));
  } else if (item.status === 'rectified') {
    moves.push(h('button', { type: 'button', dataset: { move: 'verify' }, onclick: move('verify') }, t('hazards.verify')));
  }
  const duplicates = item.duplicates.length ? h('div', { className: 'duplicates' }, h('h4', {}, t('hazards.duplicates')),
    h('div', { className: 'side-by-side' }, item.duplicates.map(d => h('figure', { dataset: { duplicate: d.id } },
      photo(`/api/hazards/${encodeURIComponent(d.id)}/photo?size=thumb`, t('hazards.dupPhoto', d.id)),
      h('figcaption', {}, h('span', {}, d.id), h('br'), d.reason === 'photo' ? t('hazards.byPhoto', d.distance) : t('hazards.byPlace')),
      item.status === 'submitted' || item.status === 'failed'
        ? h('button', { type: 'button', className: 'secondary', onclick: move('review', { decision: 'duplicate', of: d.id }) }, t('hazards.duplicateOfThis')) : null)))) : null;
  return h('article', { className: 'card hazard', dataset: { hazard: item.id, status: item.status } },
    h('div', { className: 'side-by-side' }, h('figure', {}, photo(item.thumb, t('hazards.photo', item.place))),
      item.status === 'rectified' || item.status === 'verified'
        ? h('figure', { dataset: { after: item.id } }, photo(`/api/hazards/${encodeURIComponent(item.id)}/photo?size=after`, t('hazards.afterPhoto')), h('figcaption', {}, t('hazards.afterPhoto'))) : null,
      h('div', {}, h('h3', {}, `${item.category} · ${item.place}`), details, h('p', {}, item.description)), duplicates),
    h('div', { className: 'moves' }, moves));
}

function rectification(url, item, after) {
  const file = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp', id: `after-${item.id}`, name: 'photo' });
  const form = h('form', { className: 'row', dataset: { move: 'rectify' } },
    h('div', {}, h('label', { htmlFor: file.id }, t('hazards.afterPhoto')), file, h('p', { className: 'field-error', hidden: true, dataset: { errorFor: 'photo' } })),
    field('note', t('hazards.note'), { required: true }), h('button', { type: 'submit' }, t('hazards.submitRectification')));
  form.addEventListener('submit', action(async () => {
    if (!file.files.length) throw new Error(t('hazards.pickPhoto'));
    const body = new FormData();
    body.append('photo', file.files[0]);
    body.append('note', value(form, 'note'));
    await busy(form, async () => {
      try {
        const result = await api('POST', `${url}/rectification`, body);
        await after(item.id, result.status);
      } catch (e) { if (!showFieldErrors(form, e)) throw e; }
    });
  }));
  return h('div', {}, h('h4', {}, t('hazards.rectify')), form);
}

/** A form's submit button stays disabled while its move is on its way, so a double click sends it once. */
async function busy(form, run) {
  const button = form && form.querySelector('button[type=submit]');
  if (button) button.disabled = true;
  try { await run(); } finally { if (button) button.disabled = false; }
}

const fact = (label, text) => h('div', {}, h('dt', {}, label), h('dd', {}, text));

/**
 * Photos are admin-gated: an <img> cannot send the Authorization header, so the bytes are fetched with the key and
 * shown from a blob: URL, revoked as soon as the image has decoded (or failed to).
 */
function photo(path, alt) {
  const img = h('img', { alt, className: 'thumb', width: 160, height: 120 });
  apiRaw('GET', path).then(response => response.blob()).then(blob => {
    const src = URL.createObjectURL(blob);
    const revoke = () => URL.revokeObjectURL(src);
    img.addEventListener('load', revoke, { once: true });
    img.addEventListener('error', revoke, { once: true });
    img.src = src;
  }).catch(() => img.classList.add('missing'));
  return img;
}
