// The venue screen of an activity: /console/activities/{id}/checkin. It shows the code of the current 30-second
// step (digits and QR) and the count so far, fetching again when the step ends (and every 10 s for the count).
// It signs in with the screen link the console issues for this activity (/console/activities/{id}/checkin#st_…: the
// token rides in the fragment, which is never sent, moves to this tab's sessionStorage and leaves the address bar), and
// can read this one activity's code and nothing else. An admin key still works, in sessionStorage under the console's
// name, never in the URL or localStorage.
const KEY = 'rewards.adminKey';
const SCREEN = 'rewards.screenToken';
if (location.hash.startsWith('#st_')) {
  sessionStorage.setItem(SCREEN, location.hash.slice(1));
  history.replaceState(null, '', location.pathname);
}
const id = decodeURIComponent(location.pathname.split('/')[3] || '');
const $ = name => document.getElementById(name);
let timer = null;
let ticker = null;
let shown = null;
let qrUrl = null;

function showSignIn(reason) {
  clearTimeout(timer);
  clearInterval(ticker);
  $('screen').hidden = true;
  $('signin').hidden = false;
  $('signin-error').textContent = reason || '';
  $('signin-error').hidden = !reason;
  $('key').focus();
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(refresh, ms);
}

async function refresh() {
  const screenToken = sessionStorage.getItem(SCREEN);
  const key = screenToken || sessionStorage.getItem(KEY);
  if (!key) return showSignIn();
  const url = screenToken ? '/api/screen/checkin-code' : `/api/admin/activities/${encodeURIComponent(id)}/checkin-code`;
  let response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${key}` }, cache: 'no-store' });
  } catch {
    showError('网络连接失败，正在重试…');
    return schedule(5000);
  }
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 || response.status === 403) {
    sessionStorage.removeItem(screenToken ? SCREEN : KEY);
    return showSignIn(screenToken ? '签到屏链接已失效，请在管理后台重新生成，或用管理员密钥登录。' : body.detail || '管理员密钥无效。');
  }
  if (!response.ok) {
    showError(body.detail || '暂时无法取得签到码，正在重试…');
    return schedule(5000);
  }
  if (screenToken && body.activityId !== id) {
    // A screen link of another activity, left in this tab: never show its code on this activity's screen (an admin
    // key in the tab still opens this one).
    sessionStorage.removeItem(SCREEN);
    return sessionStorage.getItem(KEY) ? refresh() : showSignIn('这个签到屏链接属于另一个活动，请在管理后台为本活动生成签到屏链接。');
  }
  showError('');
  render(body);
  const left = Date.parse(body.validUntil) - Date.parse(body.now);
  schedule(Math.min(Math.max(left + 250, 1000), 10000));
}

function render(screen) {
  $('signin').hidden = true;
  $('screen').hidden = false;
  $('title').textContent = screen.title;
  $('count').textContent = screen.checkedIn;
  $('capacity').textContent = screen.capacity ? ` / ${screen.capacity}` : '';
  if (shown !== screen.code) {
    shown = screen.code;
    $('code').textContent = screen.code;
    // The server's SVG goes in as an image, never as markup: nothing in it can run.
    const next = URL.createObjectURL(new Blob([screen.qr], { type: 'image/svg+xml' }));
    $('qr').src = next;
    if (qrUrl) URL.revokeObjectURL(qrUrl);
    qrUrl = next;
  }
  const deadline = performance.now() + (Date.parse(screen.validUntil) - Date.parse(screen.now));
  clearInterval(ticker);
  const tick = () => { $('countdown').textContent = `${Math.max(0, Math.ceil((deadline - performance.now()) / 1000))} 秒后更新`; };
  tick();
  ticker = setInterval(tick, 1000);
}

$('signin').onsubmit = event => {
  event.preventDefault();
  const key = $('key').value.trim();
  $('key').value = '';
  if (!key) return;
  sessionStorage.setItem(KEY, key);
  refresh();
};
$('signout').onclick = () => {
  const wasScreen = sessionStorage.getItem(SCREEN) !== null;
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(SCREEN);
  showSignIn(wasScreen ? '已退出。请重新打开本活动的签到屏链接（管理后台“线下活动”可重新生成），或用管理员密钥登录。' : '');
};
refresh();
