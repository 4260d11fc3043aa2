// Partners: list, create, edit, rotate the API key and the webhook secret. A key or secret is shown once, with a copy
// button; it is kept only in the page (never sessionStorage or localStorage) and is gone when the page is left.
import { t, h, api, field, formSubmit, table, value } from './console-core.js';
import { addText } from './console-i18n.js';
import { wholeNumber, confirmButton, onceSecret } from './console-kit.js';

addText({
  zh: {
    'partners.create': '新建合作商户', 'partners.edit': id => `编辑商户 ${id}`, 'partners.id': '编号', 'partners.name': '名称', 'partners.contact': '联系人及电话',
    'partners.webhookUrl': 'Webhook 地址（https，可空）', 'partners.acceptanceDays': '接单期限（天）', 'partners.none': '还没有合作商户。',
    'partners.rotateKey': '更换 API 密钥', 'partners.confirmRotateKey': '旧密钥将立即失效，确认？', 'partners.rotateSecret': '更换 Webhook 签名密钥', 'partners.confirmRotateSecret': '确认更换？',
    'partners.apiKey': 'API 密钥', 'partners.webhookSecret': 'Webhook 签名密钥', 'partners.createdFor': id => `商户 ${id} 已创建。`, 'partners.rotatedKey': id => `商户 ${id} 的新 API 密钥（旧密钥已失效）：`,
    'partners.rotatedSecret': id => `商户 ${id} 的新 Webhook 签名密钥（旧密钥在 24 小时内仍会一并签名）：`, 'partners.saved': '已保存。', 'partners.back': '返回列表',
  },
  en: {
    'partners.create': 'New partner', 'partners.edit': id => `Edit partner ${id}`, 'partners.id': 'Id', 'partners.name': 'Name', 'partners.contact': 'Contact',
    'partners.webhookUrl': 'Webhook URL (https, optional)', 'partners.acceptanceDays': 'Days to accept an order', 'partners.none': 'No partners yet.',
    'partners.rotateKey': 'Rotate API key', 'partners.confirmRotateKey': 'The old key stops at once. Sure?', 'partners.rotateSecret': 'Rotate webhook secret', 'partners.confirmRotateSecret': 'Sure?',
    'partners.apiKey': 'API key', 'partners.webhookSecret': 'Webhook secret', 'partners.createdFor': id => `Partner ${id} created.`, 'partners.rotatedKey': id => `The new API key of ${id} (the old one no longer works):`,
    'partners.rotatedSecret': id => `The new webhook secret of ${id} (the old one keeps signing too for 24 hours):`, 'partners.saved': 'Saved.', 'partners.back': 'Back to the list',
  },
});

const path = id => `/api/admin/partners/${encodeURIComponent(id)}`;

export async function render(view, [id]) {
  if (id) return renderEdit(view, await api('GET', path(id)));
  // What the server shows once is put here, in the page, and nowhere else.
  const shown = h('div', { className: 'card', hidden: true, dataset: { testid: 'shown-once' }, attrs: { 'aria-live': 'polite' } });
  const show = (title, secrets) => {
    shown.replaceChildren(h('p', {}, title), h('p', { className: 'muted' }, t('kit.once')), ...secrets.map(([label, secret, testid]) => onceSecret(label, secret, testid)));
    shown.hidden = false;
    shown.scrollIntoView({ block: 'nearest' });
  };
  const body = h('div', { className: 'card', dataset: { testid: 'partner-list' } });
  const draw = async () => {
    const list = (await api('GET', '/api/admin/partners')).items;
    body.replaceChildren(table([t('partners.id'), t('partners.name'), t('partners.contact'), t('partners.webhookUrl'), { label: t('partners.acceptanceDays'), num: true }, ''],
      list.map(p => h('tr', { dataset: { partner: p.id } },
        h('td', {}, h('a', { href: `#/partners/${encodeURIComponent(p.id)}` }, p.id)), h('td', {}, p.name), h('td', {}, p.contact || ''), h('td', {}, p.webhookUrl || ''),
        h('td', { className: 'num' }, p.acceptanceDays),
        h('td', {}, h('div', { className: 'row' },
          confirmButton(t('partners.rotateKey'), t('partners.confirmRotateKey'), async () => {
            const rotated = await api('POST', `${path(p.id)}/rotate-key`);
            show(t('partners.rotatedKey', p.id), [[t('partners.apiKey'), rotated.apiKey, 'api-key']]);
          }),
          confirmButton(t('partners.rotateSecret'), t('partners.confirmRotateSecret'), async () => {
            const rotated = await api('POST', `${path(p.id)}/rotate-webhook-secret`);
            show(t('partners.rotatedSecret', p.id), [[t('partners.webhookSecret'), rotated.webhookSecret, 'webhook-secret']]);
          }))))),
      t('partners.none')));
  };
  const create = partnerForm(null, async partner => {
    const created = await api('POST', '/api/admin/partners', partner);
    ['id', 'name', 'contact', 'webhookUrl'].forEach(n => { create.elements[n].value = ''; });
    show(t('partners.createdFor', created.id), [[t('partners.apiKey'), created.apiKey, 'api-key'], [t('partners.webhookSecret'), created.webhookSecret, 'webhook-secret']]);
    await draw();
  });
  await draw();
  view.replaceChildren(h('h2', {}, t('page.partners')), shown, body, create);
}

function renderEdit(view, partner) {
  const saved = h('p', { className: 'ok', hidden: true, attrs: { role: 'status' } }, t('partners.saved'));
  const form = partnerForm(partner, async changed => { await api('PUT', path(partner.id), changed); saved.hidden = false; });
  view.replaceChildren(h('h2', {}, t('partners.edit', partner.id)), h('p', {}, h('a', { href: '#/partners' }, t('partners.back'))), form, saved);
}

function partnerForm(partner, save) {
  const p = partner || { acceptanceDays: 3 };
  const form = h('form', { className: 'card', dataset: { testid: partner ? 'partner-edit' : 'partner-create' } }, h('h3', {}, partner ? t('save') : t('partners.create')),
    h('div', { className: 'row' },
      field('id', t('partners.id'), { value: p.id, required: true }), field('name', t('partners.name'), { value: p.name, required: true }),
      field('contact', t('partners.contact'), { value: p.contact })),
    h('div', { className: 'row' },
      field('webhookUrl', t('partners.webhookUrl'), { value: p.webhookUrl, placeholder: 'https://…' }),
      field('acceptanceDays', t('partners.acceptanceDays'), { type: 'number', value: p.acceptanceDays, step: '1' })),
    h('button', { type: 'submit' }, partner ? t('save') : t('create')));
  if (partner) form.elements.id.readOnly = true;
  formSubmit(form, () => save({
    id: value(form, 'id'), name: value(form, 'name'), contact: value(form, 'contact') || null,
    webhookUrl: value(form, 'webhookUrl') || null, acceptanceDays: wholeNumber(value(form, 'acceptanceDays')),
  }));
  return form;
}
