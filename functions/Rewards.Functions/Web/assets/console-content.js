// Content: safety micro-videos, articles and health micro-classes. List, create, edit, take off the shelf (active) and delete.
import { t, h, api, field, formSubmit, table, value, action } from './console-core.js';
import { addText } from './console-i18n.js';
import { wholeNumber, confirmButton } from './console-kit.js';

addText({
  zh: {
    'content.create': '新建学习内容', 'content.edit': id => `编辑学习内容 ${id}`, 'content.id': '编号', 'content.title': '标题', 'content.kind': '类型',
    'content.url': '视频或文章地址', 'content.summary': '简介', 'content.body': '正文（微课堂、文章，无链接时职工在页面内阅读）', 'content.points': '积分', 'content.minSeconds': '最少学习秒数', 'content.active': '上架（职工可见）',
    'content.kind.video': '安全微视频', 'content.kind.article': '图文', 'content.kind.class': '健康微课堂', 'content.none': '还没有学习内容。',
    'content.onShelf': '上架', 'content.offShelf': '已下架', 'content.retire': '下架', 'content.restore': '重新上架', 'content.confirmDelete': '确认删除？',
    'content.back': '返回列表', 'content.saved': '已保存。',
  },
  en: {
    'content.create': 'New content', 'content.edit': id => `Edit content ${id}`, 'content.id': 'Id', 'content.title': 'Title', 'content.kind': 'Kind',
    'content.url': 'Video or article URL', 'content.summary': 'Summary', 'content.body': 'Text (a class or article without a link is read in the page)', 'content.points': 'Points', 'content.minSeconds': 'Minimum seconds', 'content.active': 'Active (workers see it)',
    'content.kind.video': 'Safety micro-video', 'content.kind.article': 'Article', 'content.kind.class': 'Health micro-class', 'content.none': 'No content yet.',
    'content.onShelf': 'Active', 'content.offShelf': 'Retired', 'content.retire': 'Retire', 'content.restore': 'Restore', 'content.confirmDelete': 'Really delete?',
    'content.back': 'Back to the list', 'content.saved': 'Saved.',
  },
});

const kinds = ['video', 'class', 'article'];
const path = id => `/api/admin/content/${encodeURIComponent(id)}`;

export async function render(view, [id]) {
  if (id) return renderEdit(view, await api('GET', path(id)));
  const list = (await api('GET', '/api/admin/content')).items;
  const create = contentForm(null, async item => { await api('POST', '/api/admin/content', item); await render(view, []); });
  const rows = list.map(c => h('tr', { dataset: { content: c.id } },
    h('td', {}, h('a', { href: `#/content/${encodeURIComponent(c.id)}` }, c.id)), h('td', {}, c.title), h('td', {}, t(`content.kind.${c.kind}`)),
    h('td', { className: 'num' }, c.points), h('td', { className: 'num' }, c.minSeconds), h('td', {}, c.active ? t('content.onShelf') : t('content.offShelf')),
    h('td', {}, h('div', { className: 'row' },
      h('button', { type: 'button', className: 'secondary', onclick: action(async () => { await api('PUT', path(c.id), { ...c, active: !c.active }); await render(view, []); }) },
        c.active ? t('content.retire') : t('content.restore')),
      confirmButton(t('delete'), t('content.confirmDelete'), async () => { await api('DELETE', path(c.id)); await render(view, []); })))));
  view.replaceChildren(h('h2', {}, t('page.content')),
    h('div', { className: 'card', dataset: { testid: 'content-list' } },
      table([t('content.id'), t('content.title'), t('content.kind'), { label: t('content.points'), num: true }, { label: t('content.minSeconds'), num: true }, t('status'), ''], rows, t('content.none'))),
    create);
}

function renderEdit(view, item) {
  const saved = h('p', { className: 'ok', hidden: true, attrs: { role: 'status' } }, t('content.saved'));
  const form = contentForm(item, async changed => { await api('PUT', path(item.id), changed); saved.hidden = false; });
  view.replaceChildren(h('h2', {}, t('content.edit', item.id)), h('p', {}, h('a', { href: '#/content' }, t('content.back'))), form, saved);
}

/** The create form (item null) or the edit form; the id is fixed once created. */
function contentForm(item, save) {
  const c = item || { kind: 'video', points: 5, minSeconds: 60, active: true };
  const form = h('form', { className: 'card', dataset: { testid: item ? 'content-edit' : 'content-create' } }, h('h3', {}, item ? t('save') : t('content.create')),
    h('div', { className: 'row' },
      field('id', t('content.id'), { value: c.id, required: true }),
      field('title', t('content.title'), { value: c.title, required: true }),
      field('kind', t('content.kind'), { options: kinds.map(k => [k, t(`content.kind.${k}`)]), value: c.kind })),
    h('div', { className: 'row' },
      field('url', t('content.url'), { value: c.url, placeholder: 'https://… /media/…' }),
      field('points', t('content.points'), { type: 'number', value: c.points, required: true, step: '1' }),
      field('minSeconds', t('content.minSeconds'), { type: 'number', value: c.minSeconds, required: true, step: '1' }),
      field('active', t('content.active'), { type: 'checkbox', checked: c.active !== false })),
    field('summary', t('content.summary'), { value: c.summary, multiline: true }),
    field('body', t('content.body'), { value: c.body, multiline: true }),
    h('button', { type: 'submit' }, item ? t('save') : t('create')));
  if (item) form.elements.id.readOnly = true;
  formSubmit(form, () => save({
    id: value(form, 'id'), title: value(form, 'title'), kind: value(form, 'kind'), url: value(form, 'url') || null, summary: value(form, 'summary') || null,
    body: value(form, 'body') || null, points: wholeNumber(value(form, 'points')), minSeconds: wholeNumber(value(form, 'minSeconds')), active: form.elements.active.checked,
  }));
  return form;
}
