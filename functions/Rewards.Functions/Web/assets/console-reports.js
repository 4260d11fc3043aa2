// Reports: workers, participation, ledger, redemptions, hazards; shown as a table (JSON) or downloaded as CSV (UTF-8 with BOM).
import { t, h, api, apiRaw, field, value, unitOptions, action, table } from './console-core.js';
import { addText } from './console-i18n.js';

addText({ zh: { 'reports.hazards': '隐患随手拍' }, en: { 'reports.hazards': 'Hazard reports' } });

const reports = ['workers', 'participation', 'ledger', 'redemptions', 'hazards'];

export async function render(view) {
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10);
  const form = h('form', { className: 'row' },
    field('name', t('reports.report'), { options: reports.map(r => [r, t(`reports.${r}`)]) }),
    field('from', t('audit.from'), { type: 'date', value: monthAgo }), field('to', t('audit.to'), { type: 'date', value: today }),
    field('unitId', t('unit'), { options: unitOptions(true) }),
    h('button', { type: 'submit' }, t('reports.show')));
  const download = h('button', { type: 'button', className: 'secondary' }, t('reports.csv'));
  const result = h('div', { dataset: { testid: 'report' } });
  const query = format => {
    const q = new URLSearchParams({ from: value(form, 'from'), to: value(form, 'to'), format });
    if (value(form, 'unitId')) q.set('unitId', value(form, 'unitId'));
    return `/api/admin/reports/${value(form, 'name')}?${q}`;
  };
  form.addEventListener('submit', action(async () => {
    const report = await api('GET', query('json'));
    const shown = report.items.slice(0, 200);
    result.replaceChildren(h('p', { className: 'muted' }, t('reports.rows', report.items.length, shown.length)),
      table(report.columns, shown.map(item => h('tr', {}, report.columns.map(c => h('td', {}, item[c] ?? ''))))));
  }));
  // The key goes in a header, never in a URL: the file is fetched and handed to the browser as a blob.
  download.addEventListener('click', action(async () => {
    const response = await apiRaw('GET', query('csv'));
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: `${value(form, 'name')}-${value(form, 'from')}-${value(form, 'to')}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }));
  view.replaceChildren(h('h2', {}, t('page.reports')), h('div', { className: 'card' }, form, h('div', { className: 'row' }, download), result));
}
