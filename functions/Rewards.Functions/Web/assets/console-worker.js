// One worker: account, edit and move, links (issue, copy, revoke), an adjustment with its own Idempotency-Key per opening, ledger and redemptions.
import { t, h, api, field, formSubmit, table, value, unitName, unitOptions, action, newKey, formatTime } from './console-core.js';

export async function render(view, [id]) {
  const w = await api('GET', `/api/admin/workers/${encodeURIComponent(id)}`);
  const account = h('div', { className: 'grid', dataset: { testid: 'account' } },
    figure(t('balance'), w.balance, 'worker-balance'), figure(t('lifetime'), w.lifetimeEarned), figure(t('unit'), unitName(w.unitId)));

  const edit = h('form', { className: 'card' }, h('h3', {}, t('worker.edit')), h('div', { className: 'row' },
    field('displayName', t('workers.name'), { value: w.displayName, required: true }), field('unitId', t('worker.moveTo'), { options: unitOptions(false), value: w.unitId }),
    h('button', { type: 'submit' }, t('save'))));
  formSubmit(edit, async () => {
    await api('POST', '/api/admin/workers', { id: w.id, displayName: value(edit, 'displayName'), unitId: value(edit, 'unitId') });
    await render(view, [id]);
  });

  const link = h('div', { dataset: { testid: 'link' } });
  const issue = revokePrevious => action(async () => {
    const issued = await api('POST', `/api/admin/workers/${encodeURIComponent(id)}/link`, { revokePrevious });
    const url = h('input', { value: issued.url, readOnly: true, attrs: { 'aria-label': t('worker.link') }, className: 'once' });
    link.replaceChildren(h('p', {}, revokePrevious ? t('worker.revoked') : t('worker.issued', formatTime(issued.expiresAt))), h('div', { className: 'row' }, url,
      h('button', { type: 'button', className: 'secondary', onclick: action(async () => { await navigator.clipboard.writeText(issued.url); url.select(); }) }, t('copy'))));
  });
  const links = h('div', { className: 'card' }, h('h3', {}, t('worker.links')), h('div', { className: 'row' },
    h('button', { type: 'button', onclick: issue(false) }, t('worker.issue')), h('button', { type: 'button', className: 'secondary', onclick: issue(true) }, t('worker.revoke'))), link);

  view.replaceChildren(h('h2', {}, `${w.displayName} · ${w.id}`), h('div', { className: 'card' }, account), edit, links, adjustment(w, () => render(view, [id])),
    await ledger(id), await redemptions(id));
}

const figure = (label, number, testid) => h('div', {}, h('div', { className: 'muted' }, label), h('div', { className: 'figure', dataset: testid ? { testid } : {} }, number));

/** The Idempotency-Key is made when the form opens: submitting twice sends the same key, and points move once. */
function adjustment(w, done) {
  const key = newKey();
  const form = h('form', { className: 'card', dataset: { testid: 'adjust', key } }, h('h3', {}, t('worker.adjust')), h('div', { className: 'row' },
    field('amount', t('worker.amount'), { type: 'number', required: true, step: '1' }), field('reason', t('worker.reason'), { required: true }),
    h('button', { type: 'submit' }, t('worker.apply'))));
  formSubmit(form, async () => {
    await api('POST', '/api/admin/adjustments', { workerId: w.id, amount: Number(value(form, 'amount')), reason: value(form, 'reason') }, { idempotencyKey: key });
    await done();
  });
  return form;
}

async function ledger(id) {
  const body = h('tbody');
  const more = h('button', { type: 'button', className: 'secondary' }, t('more'));
  let cursor = null;
  const load = async () => {
    const page = await api('GET', `/api/admin/workers/${encodeURIComponent(id)}/ledger?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    body.append(...page.items.map(l => h('tr', {}, h('td', {}, formatTime(l.at)), h('td', { className: 'num' }, l.amount > 0 ? `+${l.amount}` : l.amount),
      h('td', {}, t(`kind.${l.kind}`) === `kind.${l.kind}` ? l.kind : t(`kind.${l.kind}`)), h('td', {}, l.reason), h('td', { className: 'num' }, l.balanceAfter))));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', action(load));
  await load();
  return h('div', { className: 'card', dataset: { testid: 'ledger' } }, h('h3', {}, t('worker.ledger')),
    h('table', {}, h('thead', {}, h('tr', {}, [t('time'), t('worker.amount'), t('worker.kind'), t('worker.reason'), t('balance')].map(x => h('th', { scope: 'col' }, x)))), body), more);
}

async function redemptions(id) {
  const list = await api('GET', `/api/admin/workers/${encodeURIComponent(id)}/redemptions`);
  return h('div', { className: 'card' }, h('h3', {}, t('worker.redemptions')), table([t('id'), t('prize'), t('quantity'), t('points'), t('status')],
    list.items.map(r => h('tr', {}, h('td', {}, r.id), h('td', {}, r.title), h('td', { className: 'num' }, r.quantity), h('td', { className: 'num' }, r.points), h('td', {}, t(`status.${r.status}`))))));
}
