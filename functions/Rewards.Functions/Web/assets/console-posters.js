// QR posters: a unit's workers, 8 to an A4 page, each with name, unit and the QR code of their personal link (SVG made on the server).
import { t, h, api, field, value, unitOptions, action } from './console-core.js';

const PER_PAGE = 8;

export async function render(view) {
  const sheets = h('div', { dataset: { testid: 'posters' } });
  const status = h('p', { className: 'no-print', attrs: { 'aria-live': 'polite' }, dataset: { testid: 'poster-status' } });
  const print = h('button', { type: 'button', hidden: true, onclick: () => window.print() }, t('posters.print'));
  const form = h('form', { className: 'row no-print' }, field('unitId', t('unit'), { options: unitOptions(false) }), h('button', { type: 'submit' }, t('posters.make')), print);
  form.addEventListener('submit', action(async () => {
    const unitId = value(form, 'unitId');
    const posters = [];
    let issued = 0;
    let cursor = null;
    do {
      const page = await api('POST', `/api/admin/units/${encodeURIComponent(unitId)}/posters${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
      posters.push(...page.items.map(p => ({ ...p, unitName: page.unitName })));
      issued += page.issued;
      cursor = page.nextCursor;
    } while (cursor);
    const pages = [];
    for (let i = 0; i < posters.length; i += PER_PAGE) {
      pages.push(h('div', { className: `sheet${i + PER_PAGE < posters.length ? ' page-break' : ''}` }, posters.slice(i, i + PER_PAGE).map(p =>
        h('figure', { className: 'poster', dataset: { worker: p.workerId } },
          h('img', { src: `data:image/svg+xml,${encodeURIComponent(p.qrSvg)}`, alt: t('posters.qrOf', p.displayName) }),
          h('figcaption', {}, h('p', { className: 'name' }, p.displayName), h('p', { className: 'unit' }, p.unitName), h('p', { className: 'muted' }, t('posters.scan')))))));
    }
    sheets.replaceChildren(...pages);
    status.textContent = t('posters.made', posters.length, pages.length, issued);
    print.hidden = posters.length === 0;
  }));
  view.replaceChildren(h('h2', { className: 'no-print' }, t('page.posters')), h('div', { className: 'card no-print' }, h('p', { className: 'muted' }, t('posters.hint')), form, status), sheets);
}
