// The admin console /console: sign-in with an admin key kept in sessionStorage, then one page per admin task.
import { t, h, api, adminKey, signIn, signOut, whenSignedOut, setLang, currentLang, clearError, showError, loadUnits } from './console-core.js';
import * as overview from './console-overview.js';
import * as units from './console-units.js';
import * as workers from './console-workers.js';
import * as worker from './console-worker.js';
import * as audit from './console-audit.js';
import * as posters from './console-posters.js';
import * as reports from './console-reports.js';
import * as orders from './console-orders.js';
import * as hazards from './console-hazards.js';
import * as content from './console-content.js';
import * as quizzes from './console-quizzes.js';
import * as campaigns from './console-campaigns.js';
import * as competitions from './console-competitions.js';
import * as rules from './console-rules.js';
import * as prizes from './console-prizes.js';
import * as partners from './console-partners.js';
import * as activities from './console-activities.js';

const pages = { overview, units, workers, worker, posters, orders, hazards, reports, audit, content, quizzes, campaigns, competitions, activities, rules, prizes, partners };
const menu = ['overview', 'units', 'workers', 'content', 'quizzes', 'campaigns', 'competitions', 'activities', 'rules', 'prizes', 'partners', 'orders', 'hazards', 'posters', 'reports', 'audit'];
const $ = id => document.getElementById(id);

function translate() {
  document.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en';
  $('lang').textContent = currentLang() === 'zh' ? 'English' : '中文';
  $('lang').lang = currentLang() === 'zh' ? 'en' : 'zh-CN';
  document.title = t('title');
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  $('key').placeholder = 'ak_…';
}

function showSignIn(reason) {
  $('nav').hidden = true;
  $('signout').hidden = true;
  $('view').replaceChildren();
  $('signin').hidden = false;
  $('signin-reason').hidden = !reason;
  $('signin-reason').textContent = reason || '';
  clearError();
  $('key').focus();
}

let routing = 0;

async function route() {
  // Signed out (a 401, or no key yet): the sign-in screen, keeping the reason already shown there.
  if (!adminKey()) { if ($('signin').hidden) showSignIn(); return; }
  const generation = ++routing;
  $('signin').hidden = true;
  $('nav').hidden = false;
  $('signout').hidden = false;
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const page = pages[name] ? name : menu[0];
  $('nav').replaceChildren(...menu.map(p => h('a', { href: `#/${p}`, textContent: t(`page.${p}`), attrs: page === p || (page === 'worker' && p === 'workers') ? { 'aria-current': 'page' } : {} })));
  const view = h('section', { className: 'page', dataset: { page } });
  $('view').replaceChildren(view);
  clearError();
  try {
    await loadUnits();
    await pages[page].render(view, rest.map(decodeURIComponent));
  } catch (e) {
    if (generation === routing) showError(e);
  } finally {
    view.dataset.ready = 'true';
  }
}

whenSignedOut(reason => { history.replaceState(null, '', location.pathname + location.hash); showSignIn(reason); });

$('signin-form').addEventListener('submit', async event => {
  event.preventDefault();
  const key = $('key').value.trim();
  $('key').value = '';
  signIn(key);
  try {
    await api('GET', '/api/admin/units');
    await route();
  } catch (e) { if (!e.signedOut) signOut(e.message); }
});
$('signout').addEventListener('click', () => signOut(t('signedOut')));
$('lang').addEventListener('click', () => { setLang(currentLang() === 'zh' ? 'en' : 'zh'); translate(); route(); });
window.addEventListener('hashchange', route);
translate();
route();
