// Small helpers shared by the console's form pages (content, quizzes, campaigns, competitions, rules, prizes, partners).
import { t, h, action } from './console-core.js';
import { addText } from './console-i18n.js';

addText({
  zh: { 'kit.once': '只显示这一次：请立即复制并交给对方。离开本页后无法再次查看。', 'kit.copied': '已复制', 'kit.pressCopy': '已选中，请按 Ctrl+C 复制', 'kit.confirm': '确认？',
    'action.learning': '学习', 'action.quiz': '答题', 'action.share': '分享', 'action.hazard': '隐患随手拍', 'action.activity': '线下活动签到',
    'kind.learning': '学习', 'kind.quiz': '答题', 'kind.share': '分享', 'kind.hazard': '隐患随手拍', 'kind.activity': '线下活动', 'kind.competition': '竞赛奖励', 'kind.adjustment': '人工调整', 'kind.hold': '兑换冻结', 'kind.release': '兑换退回', 'kind.spend': '兑换扣减', 'kind.expiry': '积分过期' },
  en: { 'kit.once': 'Shown this once: copy it now and hand it over. It cannot be shown again after you leave this page.', 'kit.copied': 'Copied', 'kit.pressCopy': 'Selected: press Ctrl+C to copy', 'kit.confirm': 'Confirm?',
    'action.learning': 'Learning', 'action.quiz': 'Quiz', 'action.share': 'Share', 'action.hazard': 'Hazard reports', 'action.activity': 'On-site check-ins',
    'kind.learning': 'Learning', 'kind.quiz': 'Quiz', 'kind.share': 'Sharing', 'kind.hazard': 'Hazards', 'kind.activity': 'Activities', 'kind.competition': 'Competitions', 'kind.adjustment': 'Adjustment', 'kind.hold': 'Held for a prize', 'kind.release': 'Released', 'kind.spend': 'Spent on a prize', 'kind.expiry': 'Expired' },
});

/** A number field as the API wants it: a whole number, or the text itself so the server names the field that is wrong. */
export const wholeNumber = text => /^-?\d+$/.test(text) ? Number(text) : (text === '' ? null : text);

/** A decimal number field (a multiplier), or the text itself so the server names the field. */
export const decimal = text => /^\d+(\.\d+)?$/.test(text) ? Number(text) : (text === '' ? null : text);

/** A button that asks once more before it acts (a second click within a few seconds), without a browser dialog. */
export function confirmButton(label, confirmLabel, handler) {
  let armed = false;
  const button = h('button', { type: 'button', className: 'secondary' }, label);
  button.addEventListener('click', action(async () => {
    if (!armed) {
      armed = true;
      button.textContent = confirmLabel || t('kit.confirm');
      setTimeout(() => { armed = false; button.textContent = label; }, 5000);
      return;
    }
    await handler();
  }));
  return button;
}

/** "2026-05-25T13:45:00": now as a local date-time of the program's time zone, the form the admin API takes. */
export function localNow(timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date()).map(p => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A local date-time from the API ("2026-05-25T00:00:00") as a datetime-local input value, and shown short. */
export const inputTime = local => local ? local.slice(0, 16) : '';
export const showTime = local => local ? local.slice(0, 16).replace('T', ' ') : '';

/**
 * A secret shown once (a partner's API key or webhook secret), with a copy button. It lives only in this element:
 * never in sessionStorage or localStorage, and it is gone when the page is left or reloaded.
 */
export function onceSecret(label, secret, testid) {
  const box = h('input', { value: secret, readOnly: true, className: 'once', attrs: { 'aria-label': label }, dataset: { testid } });
  const done = h('span', { className: 'ok', hidden: true, attrs: { role: 'status' } }, t('kit.copied'));
  const copy = h('button', { type: 'button', className: 'secondary', onclick: action(async () => {
    box.select();
    // The clipboard API exists only on https (or this machine); elsewhere the text stays selected for Ctrl+C.
    if (!navigator.clipboard) { done.textContent = t('kit.pressCopy'); done.hidden = false; return; }
    await navigator.clipboard.writeText(secret);
    done.textContent = t('kit.copied');
    done.hidden = false;
  }) }, `${t('copy')} ${label}`);
  return h('div', {}, h('strong', {}, label), h('div', { className: 'row' }, box, copy, done));
}
