// The worker app: a personal link /w/{token}. The token stays in this page and goes out only as a Bearer header.
const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
// Remembered on this phone so that a colleague's shared link, opened here, knows who opened it.
localStorage.setItem('rewards.token', token);
const text = {
  zh: { title: '安康杯 · 安全健康积分', points: '积分', level: '等级', today: '今日', learn: '学习赚积分', history: '积分明细', more: '加载更多',
        start: '开始学习', complete: '领取积分', share: '分享', shared: '链接已复制', wait: s => `还需 ${s} 秒`, done: '已完成', capOf: (a, e, c) => `${a} ${e}/${c}`, next: (n, at) => ` → ${n}（${at}）`,
        actions: { learning: '学习', quiz: '答题', share: '分享', hazard: '隐患随手拍' }, earned: n => `+${n} 积分`, of: (e, c) => `${e}/${c} 分` },
  en: { title: 'Ankang Cup · Safety points', points: 'points', level: 'Level', today: 'Today', learn: 'Learn and earn', history: 'History', more: 'More',
        start: 'Start', complete: 'Claim points', share: 'Share', shared: 'Link copied', wait: s => `${s}s to go`, done: 'Done', capOf: (a, e, c) => `${a} ${e}/${c}`, next: (n, at) => ` → ${n} (${at})`,
        actions: { learning: 'Learning', quiz: 'Quiz', share: 'Sharing', hazard: 'Hazards' }, earned: n => `+${n} points`, of: (e, c) => `${e}/${c}` },
};
let lang = localStorage.getItem('lang') || 'zh';
let cursor = null;
const t = () => text[lang];
const $ = id => document.getElementById(id);

async function api(method, path, payload) {
  const headers = { Authorization: `Bearer ${token}` };
  if (payload) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: payload ? JSON.stringify(payload) : undefined });
  const body = response.status === 204 ? {} : await response.json();
  if (!response.ok) throw Object.assign(new Error(body.detail || body.title || response.statusText), { problem: body });
  return body;
}

function showError(error) {
  $('error').textContent = error.message;
  $('error').hidden = false;
}

function translate() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  $('lang').textContent = lang === 'zh' ? 'EN' : '中文';
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t()[el.dataset.i18n]; });
}

async function loadMe() {
  const me = await api('GET', '/api/me');
  $('who').textContent = `${me.displayName} · ${me.unitId}`;
  $('balance').textContent = me.balance;
  $('level').textContent = me.level;
  $('next').textContent = me.nextLevel ? t().next(me.nextLevel.name, me.nextLevel.at) : '';
  $('today').textContent = t().of(me.today.earned, me.today.cap);
  $('caps').replaceChildren(...Object.entries(me.today.actions).map(([action, p]) => {
    const row = document.createElement('div');
    row.className = 'cap';
    row.innerHTML = `<span></span><div class="bar"><i></i></div>`;
    row.querySelector('span').textContent = t().capOf(t().actions[action] || action, p.earned, p.cap);
    row.querySelector('i').style.width = `${p.cap ? Math.min(100, (100 * p.earned) / p.cap) : 0}%`;
    return row;
  }));
}

async function loadContent() {
  const { items } = await api('GET', '/api/content');
  $('content').replaceChildren(...items.map(item => {
    const li = document.createElement('li');
    li.dataset.content = item.id;
    li.innerHTML = `<div><div class="title"></div><div class="muted"></div></div><div class="actions"><button type="button" class="share"></button><button type="button" class="learn"></button></div>`;
    li.querySelector('.title').textContent = item.title;
    li.querySelector('.muted').textContent = `${item.summary || ''} · ${item.points} ${t().points}`;
    const share = li.querySelector('button.share');
    share.textContent = t().share;
    share.onclick = () => shareContent(item, share).catch(showError);
    const button = li.querySelector('button.learn');
    if (item.completed) {
      button.replaceWith(Object.assign(document.createElement('span'), { className: 'done', textContent: t().done }));
    } else {
      button.textContent = t().start;
      button.onclick = () => learn(item, button).catch(showError);
    }
    return li;
  }));
}

async function shareContent(item, button) {
  const share = await api('POST', '/api/shares', { contentId: item.id });
  button.dataset.url = share.url;
  if (navigator.share) await navigator.share({ title: item.title, url: share.url }).catch(() => {});
  else await navigator.clipboard?.writeText(share.url).catch(() => {});
  button.textContent = t().shared;
}

async function learn(item, button) {
  button.disabled = true;
  const view = await api('POST', `/api/content/${encodeURIComponent(item.id)}/views`);
  if (item.url) window.open(item.url, '_blank', 'noopener');
  const ready = Date.now() + view.minSeconds * 1000;
  await new Promise(resolve => {
    const tick = () => {
      const left = Math.ceil((ready - Date.now()) / 1000);
      if (left > 0) { button.textContent = t().wait(left); setTimeout(tick, 250); } else resolve();
    };
    tick();
  });
  button.textContent = t().complete;
  button.disabled = false;
  button.onclick = async () => {
    button.disabled = true;
    try {
      const result = await api('POST', `/api/content/${encodeURIComponent(item.id)}/views/${view.viewId}/complete`);
      button.replaceWith(Object.assign(document.createElement('span'), { className: 'done', textContent: t().earned(result.awarded) }));
      await Promise.all([loadMe(), loadLedger(true)]);
    } catch (error) {
      button.disabled = false;
      showError(error);
    }
  };
}

async function loadLedger(reset) {
  if (reset) { cursor = null; $('ledger').replaceChildren(); }
  const page = await api('GET', `/api/me/ledger?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  cursor = page.nextCursor || null;
  $('more').hidden = !cursor;
  $('ledger').append(...page.items.map(line => {
    const li = document.createElement('li');
    li.innerHTML = `<div><div class="title"></div><div class="muted"></div></div><span></span>`;
    li.querySelector('.title').textContent = line.reason;
    li.querySelector('.muted').textContent = new Date(line.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
    const amount = li.querySelector('span:last-child');
    amount.className = line.amount >= 0 ? 'plus' : 'minus';
    amount.textContent = (line.amount >= 0 ? '+' : '') + line.amount;
    return li;
  }));
}

async function loadAll() {
  translate();
  await Promise.all([loadMe(), loadContent(), loadLedger(true)]);
}

$('lang').onclick = () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('lang', lang); loadAll().catch(showError); };
$('more').onclick = () => loadLedger(false).catch(showError);
loadAll().catch(showError);
