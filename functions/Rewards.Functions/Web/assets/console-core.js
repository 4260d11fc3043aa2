// Shared by every console page: the admin key (sessionStorage only), API calls, language, small DOM helpers.
import { text } from './console-i18n.js';

const KEY = 'rewards.adminKey';
let lang = sessionStorage.getItem('rewards.lang') || 'zh';
let onSignedOut = () => {};

export const t = (key, ...args) => {
  const value = (text[lang] && text[lang][key]) ?? text.zh[key] ?? key;
  return typeof value === 'function' ? value(...args) : value;
};
export const currentLang = () => lang;
export function setLang(value) { lang = value; sessionStorage.setItem('rewards.lang', value); }

export const adminKey = () => sessionStorage.getItem(KEY);
export function signIn(key) { sessionStorage.setItem(KEY, key); }
export function signOut(reason) { sessionStorage.removeItem(KEY); onSignedOut(reason); }
export function whenSignedOut(handler) { onSignedOut = handler; }

/** A fresh Idempotency-Key: one per opening of a form, so a double click moves points once. */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
}

/** Calls the API with the admin key. A 401 or 403 signs out and returns to the sign-in screen with the reason. */
export async function api(method, path, payload, options = {}) {
  const response = await send(method, path, payload, options);
  const body = await readBody(response);
  if (!response.ok) throw problemError(response, body);
  return body;
}

/** Like api, but hands back the raw response (CSV downloads). */
export async function apiRaw(method, path) {
  const response = await send(method, path);
  if (!response.ok) throw problemError(response, await readBody(response));
  return response;
}

async function send(method, path, payload, { idempotencyKey, contentType } = {}) {
  const key = adminKey();
  if (!key) { signOut(t('signedOutNoKey')); throw signedOutError(); }
  const headers = { Authorization: `Bearer ${key}` };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let body;
  if (payload instanceof FormData) body = payload; // multipart: the browser writes the Content-Type with its boundary
  else if (payload !== undefined) {
    headers['Content-Type'] = contentType || 'application/json';
    body = typeof payload === 'string' || payload instanceof Blob ? payload : JSON.stringify(payload);
  }
  try {
    return await fetch(path, { method, headers, body, cache: 'no-store' });
  } catch {
    throw Object.assign(new Error(t('offline')), { problem: { code: 'offline' } });
  }
}

function problemError(response, body) {
  const problem = body && body.code ? body : { code: 'unexpected', status: response.status };
  if (response.status === 401 || response.status === 403) {
    signOut(`${t('rejectedKey')} ${problem.detail || problem.code}`);
    return signedOutError();
  }
  const message = problem.status >= 500 || !problem.detail ? t('failed', problem.code) : problem.detail;
  return Object.assign(new Error(message), { problem });
}

const signedOutError = () => Object.assign(new Error('signed out'), { signedOut: true });

async function readBody(response) {
  const raw = response.status === 204 ? '' : await response.text();
  if (!raw) return {};
  try { return JSON.parse(raw); } catch { return {}; }
}

/** h('td', { className: 'num' }, 5): elements built with properties, never from HTML strings. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset' || k === 'attrs') Object.entries(v).forEach(([a, b]) => k === 'dataset' ? (el.dataset[a] = b) : el.setAttribute(a, b));
    else el[k] = v;
  }
  el.append(...children.flat().filter(c => c !== null && c !== undefined && c !== false).map(c => c instanceof Node ? c : String(c)));
  return el;
}

export function showError(error) {
  if (error && error.signedOut) return;
  const box = document.getElementById('error');
  box.textContent = error && error.message ? error.message : t('failed', 'unexpected');
  box.hidden = false;
}

export function clearError() { document.getElementById('error').hidden = true; }

/** Runs an action from a button: errors are shown, the button is disabled meanwhile. */
export function action(handler) {
  return async event => {
    const button = event && event.currentTarget;
    if (event && event.type === 'submit') event.preventDefault();
    clearError();
    const disabled = button && 'disabled' in button ? button : null;
    if (disabled) disabled.disabled = true;
    try { await handler(event); } catch (e) { showError(e); } finally { if (disabled) disabled.disabled = false; }
  };
}

/** A labelled input; problem+json errors for its name are shown beside it (see showFieldErrors). */
export function field(name, label, props = {}) {
  const id = `f-${name.replace(/[^a-zA-Z0-9]/g, '-')}-${Math.random().toString(36).slice(2, 7)}`;
  const input = props.options
    ? h('select', { id, name }, props.options.map(([value, text]) => h('option', { value, selected: value === props.value }, text)))
    : props.multiline ? h('textarea', { id, name, value: props.value ?? '' })
    : h('input', { id, name, type: props.type || 'text', value: props.value ?? '', required: props.required, checked: props.checked, placeholder: props.placeholder || '', step: props.step, attrs: { 'aria-describedby': `${id}-err` } });
  return h('div', { className: 'field' }, h('label', { htmlFor: id }, label), input, h('p', { id: `${id}-err`, className: 'field-error', hidden: true, dataset: { errorFor: name } }));
}

/** Puts each problem+json field error beside its field; returns true when the problem had any. */
export function showFieldErrors(form, error) {
  form.querySelectorAll('[data-error-for]').forEach(p => { p.hidden = true; p.textContent = ''; });
  const errors = error && error.problem && error.problem.errors;
  if (!errors) return false;
  let placed = false;
  for (const [name, messages] of Object.entries(errors)) {
    const key = name.replace(/^body\./, '');
    const slot = [...form.querySelectorAll('[data-error-for]')].find(p => p.dataset.errorFor.toLowerCase() === key.toLowerCase() || key.toLowerCase().startsWith(p.dataset.errorFor.toLowerCase() + '['));
    if (slot) { slot.textContent = messages.join('; '); slot.hidden = false; placed = true; }
  }
  return placed;
}

/** Submits a form's JSON; validation errors land beside their fields, others in the page's error box. */
export function formSubmit(form, handler) {
  form.addEventListener('submit', action(async () => {
    try {
      await handler();
      form.querySelectorAll('[data-error-for]').forEach(p => { p.hidden = true; });
    } catch (e) {
      if (!showFieldErrors(form, e)) throw e;
    }
  }));
}

let units = null;
export async function loadUnits(force) {
  if (!units || force) units = (await api('GET', '/api/admin/units')).items;
  return units;
}
export const unitName = id => (units || []).find(u => u.id === id)?.name || id;
export const unitOptions = (all) => [...(all ? [['', t('allUnits')]] : []), ...(units || []).map(u => [u.id, `${u.name} (${u.id})`])];

export function table(headers, rows, empty) {
  if (!rows.length) return h('p', { className: 'muted' }, empty || t('none'));
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(x => h('th', { scope: 'col', className: x.num ? 'num' : '' }, x.label || x)))),
    h('tbody', {}, rows));
}

export const formatTime = iso => iso ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') : '';
export const value = (form, name) => form.elements[name].value.trim();
export const numberOrNull = v => v === '' ? null : Number(v);
