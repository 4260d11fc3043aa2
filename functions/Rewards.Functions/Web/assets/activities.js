// 活动签到: check in on site to an offline activity (健步走, 工间操, 心灵驿站…) by scanning the venue screen's QR code
// with the camera, or by typing its 6-digit code. The scan happens in this page, inside the worker's own session:
// the token goes out only as a Bearer header, and the QR code holds no link to open.
const text = {
  zh: { title: '线下活动签到', checkin: '签到', activity: '活动', code: '或输入屏幕上的 6 位签到码', submit: '确认签到', close: '关闭',
        none: '暂无可签到的活动', checkedIn: '已签到', open: '签到中', notYet: '未开始', over: '已结束', points: n => `${n} 积分`,
        scanning: '请将摄像头对准签到屏上的二维码…', noCamera: '无法打开摄像头，请输入签到屏上的 6 位签到码。', sending: '签到中…',
        sixDigits: '请输入 6 位数字签到码。', choose: '请选择活动。', done: (title, n) => `《${title}》签到成功，+${n} 积分`,
        errors: { 'invalid-code': '签到码无效或已过期，请扫描屏幕上最新的二维码。', 'check-in-closed': '不在签到时间内。', 'not-invited': '该活动不面向您所在的单位。',
                  'activity-full': '名额已满。', 'activity-not-found': '没有这个活动。', 'check-in-unavailable': '签到暂不可用，请稍后再试。' } },
  en: { title: 'Check in to an activity', checkin: 'Check in', activity: 'Activity', code: 'or type the 6-digit code on the screen', submit: 'Check in', close: 'Close',
        none: 'No activity to check in to', checkedIn: 'Checked in', open: 'Check-in open', notYet: 'Not open yet', over: 'Closed', points: n => `${n} points`,
        scanning: 'Point the camera at the QR code on the screen…', noCamera: 'The camera is not available: type the 6-digit code on the screen.', sending: 'Checking in…',
        sixDigits: 'Type the 6 digits of the code.', choose: 'Choose the activity.', done: (title, n) => `Checked in to ${title}, +${n} points`,
        errors: { 'invalid-code': 'The code is wrong or expired: scan the latest one on the screen.', 'check-in-closed': 'Check-in is not open now.', 'not-invited': 'This activity is for other units.',
                  'activity-full': 'All places are taken.', 'activity-not-found': 'There is no such activity.', 'check-in-unavailable': 'Check-in is unavailable; try again shortly.' } },
};
const QR = /^AKCHECKIN:([A-Za-z0-9][A-Za-z0-9_.-]{0,63}):([0-9]{6})$/;
const $ = id => document.getElementById(id);
let items = [];
let stream = null;
let scanning = false;

async function call(page, method, path, payload) {
  const headers = { Authorization: `Bearer ${page.token}` };
  if (payload) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: payload ? JSON.stringify(payload) : undefined });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(body.detail || body.title || response.statusText), { problem: body });
  return body;
}

function status(message) {
  $('checkin-status').textContent = message || '';
}

function state(item, t) {
  if (item.checkedIn) return t.checkedIn;
  if (item.open) return t.open;
  return Date.parse(item.checkInOpensAt) > Date.now() ? t.notYet : t.over;
}

export async function loadActivities(page) {
  const t = text[page.lang()];
  document.querySelectorAll('[data-activity-text]').forEach(el => { el.textContent = t[el.dataset.activityText]; });
  items = (await call(page, 'GET', '/api/activities')).items;
  $('activity-list').replaceChildren(...(items.length ? items.map(item => {
    const li = document.createElement('li');
    li.dataset.activity = item.id;
    li.innerHTML = '<div><div class="title"></div><div class="muted"></div></div><span class="state"></span>';
    li.querySelector('.title').textContent = `${item.kindName} · ${item.title}`;
    li.querySelector('.muted').textContent = `${item.place} · ${item.startsAt.replace('T', ' ').slice(0, 16)} · ${t.points(item.points)}`;
    li.querySelector('.state').textContent = state(item, t);
    li.classList.toggle('checked', item.checkedIn);
    return li;
  }) : [Object.assign(document.createElement('li'), { className: 'muted', textContent: t.none })]));
  const choosable = items.filter(i => i.open && !i.checkedIn);
  const chosen = $('checkin-activity').value;
  $('checkin-activity').replaceChildren(...choosable.map(i => Object.assign(document.createElement('option'), { value: i.id, textContent: i.title })));
  if (choosable.some(i => i.id === chosen)) $('checkin-activity').value = chosen;
  // Nothing left to check in to (all done, or none open now): the button says so instead of opening an empty form.
  $('checkin-open').disabled = choosable.length === 0 && $('checkin-panel').hidden;
}

async function detector() {
  if ('BarcodeDetector' in window) {
    try {
      if ((await BarcodeDetector.getSupportedFormats()).includes('qr_code')) {
        const native = new BarcodeDetector({ formats: ['qr_code'] });
        return async video => (await native.detect(video))[0]?.rawValue;
      }
    } catch { /* fall back to jsQR */ }
  }
  if (!self.jsQR) {
    await new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { src: '/assets/jsqr.js', onload: resolve, onerror: reject });
      document.head.append(script);
    });
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async video => {
    if (!video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return self.jsQR(image.data, image.width, image.height)?.data;
  };
}

function stopCamera() {
  scanning = false;
  stream?.getTracks().forEach(track => track.stop());
  stream = null;
  $('checkin-video').srcObject = null;
  $('checkin-video').hidden = true;
}

async function scan(page) {
  const t = text[page.lang()];
  if (!navigator.mediaDevices?.getUserMedia) return status(t.noCamera);
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch {
    return status(t.noCamera);
  }
  const video = $('checkin-video');
  video.srcObject = stream;
  video.hidden = false;
  await video.play().catch(() => {});
  const read = await detector();
  scanning = true;
  status(t.scanning);
  while (scanning) {
    const found = QR.exec((await read(video).catch(() => null)) || '');
    if (found) {
      stopCamera();
      await submit(page, found[1], found[2]);
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

async function submit(page, activityId, code) {
  const t = text[page.lang()];
  if (!activityId) return status(t.choose);
  if (!/^[0-9]{6}$/.test(code)) return status(t.sixDigits);
  status(t.sending);
  try {
    const result = await call(page, 'POST', `/api/activities/${encodeURIComponent(activityId)}/checkins`, { code });
    const title = items.find(i => i.id === activityId)?.title || activityId;
    $('checkin-result').textContent = t.done(title, result.awarded);
    $('checkin-result').hidden = false;
    closePanel();
    await Promise.all([page.refresh(), loadActivities(page)]);
  } catch (error) {
    status(t.errors[error.problem?.code] || error.message);
  }
}

function closePanel() {
  stopCamera();
  $('checkin-panel').hidden = true;
  $('checkin-code').value = '';
  status('');
}

export function setupActivities(page) {
  $('checkin-open').onclick = () => {
    $('checkin-panel').hidden = false;
    $('checkin-result').hidden = true;
    if (!scanning) scan(page).catch(() => status(text[page.lang()].noCamera));
  };
  $('checkin-close').onclick = closePanel;
  $('checkin-form').onsubmit = event => {
    event.preventDefault();
    submit(page, $('checkin-activity').value, $('checkin-code').value.trim());
  };
}
