// The worker app: a personal link /w/#wt_…. The token stays in this page and goes out only as a Bearer header.
import { loadHazards, setupHazards } from './hazards.js';
import { loadActivities, setupActivities } from './activities.js';
// The link is a credential. It carries the token in its fragment (#wt_…), which the browser never sends: no
// server, proxy, log or request telemetry sees it. Links printed before as /w/wt_… keep working. Either way the
// token is taken out of the address bar (and so out of history, bookmarks made later and screenshots) and kept in
// this tab's sessionStorage only, never in localStorage. The link as sent still works when opened again; a reload
// of /w/ finds the token in the tab.
const fromFragment = location.hash.startsWith('#wt_') ? decodeURIComponent(location.hash.slice(1)) : '';
const parts = location.pathname.split('/').filter(Boolean);
const fromPath = parts.length > 1 ? decodeURIComponent(parts[parts.length - 1]) : '';
if (fromFragment || fromPath) {
  sessionStorage.setItem('rewards.token', fromFragment || fromPath);
  history.replaceState(null, '', '/w/');
}
localStorage.removeItem('rewards.token'); // left there by earlier versions of this page
const token = sessionStorage.getItem('rewards.token') || '';
const text = {
  zh: { title: '安康杯 · 安全健康积分', points: '积分', level: '等级', today: '今日', learn: '学习赚积分', history: '积分明细', more: '加载更多',
        start: '开始学习', open: '打开学习内容', complete: '领取积分', share: '分享', shared: '链接已复制', wait: s => `还需 ${s} 秒`, done: '已完成', capOf: (a, e, c) => `${a} ${e}/${c}`, next: (n, at) => ` → ${n}（${at}）`,
        actions: { learning: '学习', quiz: '答题', share: '分享', hazard: '隐患随手拍' }, earned: n => `+${n} 积分`, of: (e, c) => `${e}/${c} 分`,
        streak: '连续', days: (c, b) => `${c} 天（最长 ${b} 天）`, quiz: '趣味答题', boards: '排行榜', week: '本周', month: '本月', all: '总榜', units: '单位榜',
        anonymous: '在排行榜上匿名显示', prizes: '积分兑换', redemptions: '我的兑换', redeem: '兑换', cancel: '取消', confirmRedeem: (title, cost) => `用 ${cost} 积分兑换「${title}」？请填写收货信息：`, recipient: '收件人', tracking: no => `运单号 ${no}`, phone: '手机号', address: '收货地址', confirm: '确认兑换', back: '返回', cost: n => `${n} 积分`, left: n => `剩余 ${n}`,
        statuses: { pending: '处理中', reserved: '已预留', accepted: '已接单', shipped: '已发货', delivered: '已签收', refused: '库存不足，已退回', rejected: '已拒绝，已退回', cancelled: '已取消，已退回', expired: '逾期未接单，已退回' }, startQuiz: '开始答题', submit: '提交答案', attemptsLeft: (u, p) => p ? `今日答题 ${u}/${p} 次（各题库合计）` : '', score: (c, t, a) => `答对 ${c}/${t}，+${a} 积分`, late: '超时提交，不计分', unanswered: n => `还有 ${n} 题未作答。答完再提交，或再点一次“提交答案”直接提交。`, answer: '正确答案',
        hazards: '安全隐患随手拍', hazardPhoto: '拍照或选择照片', hazardCategory: '类别', hazardPlace: '地点（车间或区域）', hazardDescription: '描述', hazardSubmit: '提交隐患', myHazards: '我的随手拍' },
  en: { title: 'Ankang Cup · Safety points', points: 'points', level: 'Level', today: 'Today', learn: 'Learn and earn', history: 'History', more: 'More',
        start: 'Start', open: 'Open the lesson', complete: 'Claim points', share: 'Share', shared: 'Link copied', wait: s => `${s}s to go`, done: 'Done', capOf: (a, e, c) => `${a} ${e}/${c}`, next: (n, at) => ` → ${n} (${at})`,
        actions: { learning: 'Learning', quiz: 'Quiz', share: 'Sharing', hazard: 'Hazards' }, earned: n => `+${n} points`, of: (e, c) => `${e}/${c}`,
        streak: 'Streak', days: (c, b) => `${c} days (best ${b})`, quiz: 'Quiz', boards: 'Leaderboards', week: 'Week', month: 'Month', all: 'All time', units: 'Units',
        anonymous: 'Show me as anonymous on boards', prizes: 'Prizes', redemptions: 'My redemptions', redeem: 'Redeem', cancel: 'Cancel', confirmRedeem: (title, cost) => `Spend ${cost} points on "${title}"? Where should it go?`, recipient: 'Recipient', tracking: no => `Tracking no. ${no}`, phone: 'Phone', address: 'Address', confirm: 'Confirm', back: 'Back', cost: n => `${n} points`, left: n => `${n} left`,
        statuses: { pending: 'Processing', reserved: 'Reserved', accepted: 'Accepted', shipped: 'Shipped', delivered: 'Delivered', refused: 'Out of stock, refunded', rejected: 'Rejected, refunded', cancelled: 'Cancelled, refunded', expired: 'Not accepted in time, refunded' }, startQuiz: 'Start quiz', submit: 'Submit answers', attemptsLeft: (u, p) => p ? `${u}/${p} quiz attempts today (all quizzes together)` : '', score: (c, t, a) => `${c}/${t} correct, +${a} points`, late: 'Late: no points', unanswered: n => `${n} unanswered. Answer them, or press “Submit answers” again to submit as it is.`, answer: 'Answer',
        hazards: 'Hazard snapshots', hazardPhoto: 'Take or choose a photo', hazardCategory: 'Category', hazardPlace: 'Place (workshop or area)', hazardDescription: 'Description', hazardSubmit: 'Report hazard', myHazards: 'My reports' },
};
let lang = localStorage.getItem('lang') || 'zh';
let cursor = null;
const t = () => text[lang];
const $ = id => document.getElementById(id);

async function api(method, path, payload, idempotencyKey) {
  const headers = { Authorization: `Bearer ${token}` };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (payload) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload ? JSON.stringify(payload) : undefined });
  } catch {
    throw Object.assign(new Error(friendly('offline')), { problem: { code: 'offline' } });
  }
  const body = await readBody(response);
  if (!response.ok) {
    const problem = body && body.code ? body : { code: response.status >= 500 ? 'internal-error' : 'unexpected', status: response.status };
    // Known codes in the page's language; otherwise the server's own sentence (English), never nothing.
    const known = (errorText[lang] || errorText.zh)[problem.code];
    const message = known || friendlyCodes.includes(problem.code) || !problem.detail ? friendly(problem.code) : problem.detail;
    throw Object.assign(new Error(message), { problem });
  }
  return body;
}

// A body that is not JSON (an empty 500 from a proxy, an HTML error page) must never surface as a parse error.
async function readBody(response) {
  const raw = response.status === 204 ? '' : await response.text();
  if (!raw) return {};
  try { return JSON.parse(raw); } catch { return {}; }
}

const friendlyCodes = ['internal-error', 'contention', 'storage-unavailable', 'rate-limited', 'offline', 'unexpected'];
const errorText = {
  zh: { 'internal-error': '系统开小差了，请稍后再试。', contention: '操作太频繁，请稍后再试。', 'storage-unavailable': '服务暂时不可用，请稍后再试。',
        'rate-limited': '操作太频繁，请稍后再试。', offline: '网络连接失败，请检查网络后重试。', unexpected: '出了点问题，请稍后再试。',
        'invalid-token': '这个链接无效或已失效。请联系工会或单位管理员重新获取您的个人链接。', 'missing-credentials': '这个链接不完整。请用工会发给您的个人链接（或海报上的二维码）重新打开。',
        'daily-cap-reached': '今天这类积分已到上限，明天再来吧。', 'daily-limit-reached': '今天的次数已用完，明天再来吧。', 'too-early': '学习时间还不够，请看完再领取积分。',
        'already-completed': '这一项已经领过积分了。', 'insufficient-points': '积分不够兑换这个奖品。', 'attempts-exhausted': '今天的答题次数已用完，明天再来吧。',
        'already-submitted': '这次答题已经提交过了。', 'attempt-expired': '这次答题已超时，请重新开始。', 'reward-unavailable': '这个奖品现在不能兑换。',
        'per-worker-limit': '这个奖品每人可兑换的数量已满。', 'out-of-stock': '奖品已兑完。', 'invalid-code': '签到码不对，请核对现场屏幕上的最新签到码。',
        'check-in-closed': '现在不在签到时间内。', 'not-invited': '这个活动不面向您所在的单位。', 'activity-full': '活动名额已满。', 'already-checked-in': '您已经签到过了。',
        'payload-too-large': '照片太大了，请换一张或重新拍摄。', 'unsupported-media-type': '只能上传 JPEG、PNG 或 WebP 照片。', 'invalid-image': '照片无法识别，请重新拍摄。',
        'validation-failed': '填写的内容不完整或有误，请检查后再提交。' },
  en: { 'internal-error': 'Something went wrong on our side. Please try again shortly.', contention: 'Too busy right now. Please try again in a moment.',
        'storage-unavailable': 'The service is briefly unavailable. Please try again shortly.', 'rate-limited': 'Too many requests. Please try again in a moment.',
        offline: 'No connection. Check your network and try again.', unexpected: 'Something went wrong. Please try again shortly.',
        'invalid-token': 'This link is no longer valid. Ask your union or unit admin for a new personal link.', 'missing-credentials': 'This link is incomplete. Open the personal link (or the poster QR code) you were given.' },
};
const friendly = code => (errorText[lang] || errorText.zh)[code] || errorText[lang].unexpected;

function showError(error) {
  if (error.problem && ['invalid-token', 'missing-credentials'].includes(error.problem.code)) { deadLink(error.message); return; }
  $('error').textContent = error.problem ? error.message : friendly('unexpected');
  $('error').hidden = false;
}

/** A link that is missing, broken, expired or revoked: one plain screen that says what to do, not a page of dead buttons. */
function deadLink(message) {
  const card = Object.assign(document.createElement('section'), { className: 'card' });
  card.dataset.testid = 'dead-link';
  card.append(Object.assign(document.createElement('p'), { className: 'error', textContent: message }));
  document.querySelector('main').replaceChildren(card);
}

function translate() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  $('lang').textContent = lang === 'zh' ? 'EN' : '中文';
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t()[el.dataset.i18n]; });
}

async function loadMe() {
  const me = await api('GET', '/api/me');
  $('who').textContent = `${me.displayName} · ${me.unitName || me.unitId}`;
  $('balance').textContent = me.balance;
  $('level').textContent = me.level;
  $('next').textContent = me.nextLevel ? t().next(me.nextLevel.name, me.nextLevel.at) : '';
  $('today').textContent = t().of(me.today.earned, me.today.cap);
  $('streak').textContent = t().days(me.streak.current, me.streak.best);
  $('badges').replaceChildren(...me.badges.map(b => Object.assign(document.createElement('span'), { className: 'badge', textContent: b.name, title: b.code })));
  $('anonymous').checked = me.anonymousOnBoards;
  $('caps').replaceChildren(...Object.entries(me.today.actions).filter(([, p]) => p.cap > 0).map(([action, p]) => {
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

// The lesson in the page: a video plays inline (a phone keeps the worker's page), a text lesson is shown as text, any
// other link opens beside it.
function viewer(item) {
  if (!item.url && item.body) {
    // Plain text as text: paragraphs split by blank lines, nothing in it read as markup.
    const text = document.createElement('div');
    text.className = 'viewer lesson';
    text.append(...item.body.split(/\n\s*\n/).map(p => Object.assign(document.createElement('p'), { textContent: p.trim() })));
    return text;
  }
  if (!item.url) return null;
  if (item.kind === 'video') {
    return Object.assign(document.createElement('video'), { src: item.url, controls: true, playsInline: true, preload: 'metadata', className: 'viewer' });
  }
  return Object.assign(document.createElement('a'), { href: item.url, target: '_blank', rel: 'noopener', textContent: t().open, className: 'viewer' });
}

async function learn(item, button) {
  button.disabled = true;
  const view = await api('POST', `/api/content/${encodeURIComponent(item.id)}/views`);
  const shown = viewer(item);
  if (shown) button.closest('li').append(shown);
  // The tap that started the lesson lets the video play at once (a browser may still refuse: the controls are there).
  shown?.play?.().catch(() => {});
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
    let result;
    try {
      result = await api('POST', `/api/content/${encodeURIComponent(item.id)}/views/${view.viewId}/complete`);
    } catch (error) {
      button.disabled = false;
      return showError(error);
    }
    button.replaceWith(Object.assign(document.createElement('span'), { className: 'done', textContent: t().earned(result.awarded) }));
    // The points are earned: a refresh that fails afterwards is only an error to show, never a button to press again.
    await Promise.all([loadMe(), loadPrizes(), loadLedger(true)]).catch(showError);
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
    // What the line did to the balance: a redemption's hold moves points out of it (amount 0, held +n), so the lines add up.
    const change = line.amount - (line.held || 0);
    const amount = li.querySelector('span:last-child');
    amount.className = change >= 0 ? 'plus' : 'minus';
    amount.textContent = (change >= 0 ? '+' : '') + change;
    return li;
  }));
}

async function loadQuizzes() {
  const { items } = await api('GET', '/api/quizzes');
  $('quizzes').replaceChildren(...items.map(quiz => {
    const row = document.createElement('div');
    row.className = 'row';
    row.innerHTML = `<div class="grow"><div class="title"></div><div class="muted"></div></div><button type="button" class="start-quiz"></button>`;
    row.querySelector('.title').textContent = quiz.title;
    row.querySelector('.muted').textContent = t().attemptsLeft(quiz.attemptsToday, quiz.attemptsPerDay);
    const button = row.querySelector('button');
    button.textContent = t().startQuiz;
    button.disabled = quiz.attemptsPerDay > 0 && quiz.attemptsToday >= quiz.attemptsPerDay;
    button.onclick = () => startQuiz(quiz).catch(showError);
    return row;
  }));
}

async function startQuiz(quiz) {
  // Starting spends one of today's attempts: no second start while this one is open (the list is redrawn after submitting).
  document.querySelectorAll('#quizzes .start-quiz').forEach(b => { b.disabled = true; });
  const attempt = await api('POST', `/api/quizzes/${encodeURIComponent(quiz.id)}/attempts`).catch(async error => { await loadQuizzes(); throw error; });
  const form = $('attempt');
  $('result').hidden = true;
  form.replaceChildren(...attempt.questions.map(q => {
    const set = document.createElement('fieldset');
    set.dataset.question = q.id;
    set.append(Object.assign(document.createElement('legend'), { textContent: q.text }));
    q.options.forEach((option, i) => {
      const label = document.createElement('label');
      label.innerHTML = `<input type="radio" name="${q.id}" value="${i}"> <span></span>`;
      label.querySelector('span').textContent = option;
      set.append(label);
    });
    return set;
  }), Object.assign(document.createElement('button'), { type: 'submit', textContent: t().submit }));
  form.hidden = false;
  form.onsubmit = async event => {
    event.preventDefault();
    // An unanswered question scores nothing: say so once before an attempt is spent on it.
    const unanswered = [...form.querySelectorAll('fieldset')].filter(set => !set.querySelector('input:checked'));
    if (unanswered.length && form.dataset.warned !== String(unanswered.length)) {
      form.dataset.warned = String(unanswered.length);
      $('result').textContent = t().unanswered(unanswered.length);
      $('result').hidden = false;
      unanswered[0].scrollIntoView({ block: 'center' });
      return;
    }
    const answers = Object.fromEntries([...new FormData(form)].map(([id, value]) => [id, Number(value)]));
    try {
      const result = await api('POST', `/api/quizzes/${encodeURIComponent(quiz.id)}/attempts/${attempt.attemptId}/answers`, { answers });
      result.results.forEach(r => {
        const set = form.querySelector(`fieldset[data-question="${r.questionId}"]`);
        set.querySelectorAll('label')[r.answer].classList.add('right');
        if (!r.correct && r.given != null) set.querySelectorAll('label')[r.given].classList.add('wrong');
      });
      form.querySelector('button[type=submit]').remove();
      $('result').textContent = result.late ? t().late : t().score(result.correct, result.total, result.awarded);
      $('result').hidden = false;
      await Promise.all([loadMe(), loadQuizzes(), loadPrizes(), loadLedger(true)]);
    } catch (error) {
      showError(error);
    }
  };
}

async function loadPrizes() {
  const { items } = await api('GET', '/api/rewards');
  $('prizes').replaceChildren(...items.map(prize => {
    const li = document.createElement('li');
    li.dataset.prize = prize.id;
    li.innerHTML = `<div><div class="title"></div><div class="muted"></div></div><button type="button"></button>`;
    li.querySelector('.title').textContent = prize.title;
    li.querySelector('.muted').textContent = `${t().cost(prize.cost)} · ${t().left(prize.remaining)}`;
    const button = li.querySelector('button');
    button.textContent = t().redeem;
    button.disabled = !prize.available || !prize.affordable;
    // A tap opens a confirmation with the delivery details (the partner ships to them); confirming redeems.
    button.onclick = () => {
      if (li.querySelector('form')) return;
      const key = crypto.randomUUID(); // one per confirmation: a retried or double-tapped confirm is one redemption
      const form = document.createElement('form');
      form.className = 'confirm';
      form.innerHTML = `<p class="ask"></p>
        <label><span></span><input name="name" autocomplete="name" maxlength="50" required></label>
        <label><span></span><input name="phone" type="tel" autocomplete="tel" maxlength="30" required pattern="(\\+?86[ \\-]?)?(1\\d{10}|0\\d{2,3}[ \\-]?\\d{7,8}([ \\-]\\d{1,6})?)"></label>
        <label><span></span><input name="address" autocomplete="street-address" maxlength="300" required></label>
        <div class="row"><button type="submit"></button><button type="button" class="secondary"></button></div>`;
      form.querySelector('.ask').textContent = t().confirmRedeem(prize.title, prize.cost);
      const labels = form.querySelectorAll('label span');
      [t().recipient, t().phone, t().address].forEach((text, i) => { labels[i].textContent = text; });
      const [confirm, back] = form.querySelectorAll('.row button');
      confirm.textContent = t().confirm;
      back.textContent = t().back;
      back.onclick = () => form.remove();
      form.onsubmit = async event => {
        event.preventDefault();
        confirm.disabled = true;
        try {
          const delivery = { name: form.elements.name.value.trim(), phone: form.elements.phone.value.trim(), address: form.elements.address.value.trim() };
          await api('POST', '/api/redemptions', { rewardId: prize.id, quantity: 1, delivery }, key);
          form.remove();
          await Promise.all([loadMe(), loadPrizes(), loadRedemptions(), loadLedger(true)]);
        } catch (error) {
          showError(error);
        } finally {
          confirm.disabled = false;
        }
      };
      li.append(form);
      form.elements.name.focus();
    };
    return li;
  }));
}

async function loadRedemptions() {
  const { items } = await api('GET', '/api/me/redemptions');
  $('redemptions').replaceChildren(...items.map(r => {
    const li = document.createElement('li');
    li.innerHTML = `<div><div class="title"></div><div class="muted status"></div></div>`;
    li.querySelector('.title').textContent = `${r.title} ×${r.quantity}`;
    li.querySelector('.status').textContent = (t().statuses[r.status] || r.status) + (r.trackingNo ? ` · ${t().tracking(r.trackingNo)}` : '');
    if (r.status === 'pending' || r.status === 'reserved') {
      const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: t().cancel });
      cancel.onclick = () => api('POST', `/api/redemptions/${encodeURIComponent(r.id)}/cancel`).then(() => Promise.all([loadMe(), loadPrizes(), loadRedemptions(), loadLedger(true)])).catch(showError);
      li.append(cancel);
    }
    return li;
  }));
}

let board = { board: 'individual', period: 'week' };
async function loadBoard() {
  document.querySelectorAll('#periods button').forEach(b => b.classList.toggle('on', b.dataset.period === board.period || b.dataset.board === board.board));
  const page = await api('GET', `/api/leaderboards/${board.board}?period=${board.period}&limit=20`);
  $('board').replaceChildren(...page.items.map(item => {
    const li = document.createElement('li');
    li.innerHTML = `<span class="rank"></span><span class="name"></span><span class="plus"></span>`;
    li.querySelector('.rank').textContent = item.rank;
    li.querySelector('.name').textContent = item.displayName;
    li.querySelector('.plus').textContent = item.points;
    return li;
  }));
}

document.querySelectorAll('#periods button').forEach(button => {
  button.onclick = () => {
    board = button.dataset.board ? { board: board.board === 'units' ? 'individual' : 'units', period: board.period } : { board: board.board, period: button.dataset.period };
    loadBoard().catch(showError);
  };
});
$('anonymous').onchange = () => api('PUT', '/api/me/preferences', { anonymousOnBoards: $('anonymous').checked }).then(loadBoard).catch(showError);

async function loadAll() {
  translate();
  await Promise.all([loadMe(), loadContent(), loadQuizzes(), loadBoard(), loadPrizes(), loadRedemptions(), loadLedger(true), loadHazards(hazardPage), loadActivities(activityPage)]);
}

const hazardPage = { token, lang: () => lang, showError };
setupHazards(hazardPage);
const activityPage = { token, lang: () => lang, showError, refresh: () => Promise.all([loadMe(), loadPrizes(), loadLedger(true)]) };
setupActivities(activityPage);

$('lang').onclick = () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('lang', lang); loadAll().catch(showError); };
$('more').onclick = () => loadLedger(false).catch(showError);
loadAll().catch(showError);
