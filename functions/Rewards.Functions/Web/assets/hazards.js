// 安全隐患随手拍: photograph a hazard, say where and what, send it; follow its review, rectification and points.
// The photo is shrunk here to at most 1,600 px (JPEG) before it is sent, to spare the worker's mobile data;
// the server checks and re-encodes it all the same.
const text = {
  zh: { statuses: { submitted: '待审核', accepted: '已采纳', rejected: '未采纳', duplicate: '重复上报', rectified: '已整改', verified: '已验收', failed: '照片处理失败' },
        quota: (n, p) => p ? `今日已报 ${n}/${p} 条` : `今日已报 ${n} 条`, sent: '已提交，等待审核', sending: '提交中…', points: n => `+${n} 积分` },
  en: { statuses: { submitted: 'Under review', accepted: 'Accepted', rejected: 'Not accepted', duplicate: 'Duplicate', rectified: 'Rectified', verified: 'Verified', failed: 'Photo could not be processed' },
        quota: (n, p) => p ? `${n}/${p} reports today` : `${n} reports today`, sent: 'Sent, awaiting review', sending: 'Sending…', points: n => `+${n} points` },
};
const $ = id => document.getElementById(id);
let thumbs = [];

async function call(page, path, init = {}) {
  const response = await fetch(path, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${page.token}` } });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw Object.assign(new Error(problem.detail || problem.title || response.statusText), { problem });
  }
  return response;
}

async function shrink(file, maxSide = 1600) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file; // A format this browser cannot draw: send it as it is and let the server decide.
  }
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return await new Promise(resolve => canvas.toBlob(blob => resolve(blob || file), 'image/jpeg', 0.85));
}

async function thumbnail(page, url, img) {
  const blob = await (await call(page, url)).blob();
  const objectUrl = URL.createObjectURL(blob);
  thumbs.push(objectUrl);
  img.src = objectUrl;
}

export async function loadHazards(page) {
  const t = text[page.lang()];
  const mine = await (await call(page, '/api/me/hazards')).json();
  const select = $('hazard-category');
  const chosen = select.value;
  select.replaceChildren(...mine.categories.map(c => Object.assign(document.createElement('option'), { value: c, textContent: c })));
  if (mine.categories.includes(chosen)) select.value = chosen;
  $('hazard-quota').textContent = t.quota(mine.sentToday, mine.perDay);
  thumbs.forEach(URL.revokeObjectURL);
  thumbs = [];
  $('my-hazards').replaceChildren(...mine.items.map(item => {
    const li = document.createElement('li');
    li.dataset.hazard = item.id;
    li.innerHTML = `<img alt=""><div><div class="title"></div><div><span class="status"></span> <span class="plus"></span></div><div class="steps"></div></div>`;
    li.querySelector('.title').textContent = `${item.category} · ${item.place}`;
    li.querySelector('.status').textContent = t.statuses[item.status] || item.status;
    li.querySelector('.plus').textContent = item.points ? t.points(item.points) : '';
    li.querySelector('.steps').textContent = item.history
      .map(s => `${t.statuses[s.status] || s.status}${s.points ? ` ${t.points(s.points)}` : ''} ${new Date(s.at).toLocaleDateString(page.lang() === 'zh' ? 'zh-CN' : 'en')}`)
      .join(' → ');
    thumbnail(page, item.photos.thumb, li.querySelector('img')).catch(() => {});
    return li;
  }));
}

export function setupHazards(page) {
  const form = $('hazard-form');
  form.onsubmit = async event => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    const t = text[page.lang()];
    button.disabled = true;
    $('hazard-quota').textContent = t.sending;
    try {
      const data = new FormData();
      data.append('photo', await shrink($('hazard-photo').files[0]), 'hazard.jpg');
      data.append('category', $('hazard-category').value);
      data.append('place', $('hazard-place').value);
      data.append('description', $('hazard-description').value);
      // One key per tap: a retried upload is the same report, never a second one.
      await call(page, '/api/hazards', { method: 'POST', body: data, headers: { 'Idempotency-Key': crypto.randomUUID() } });
      form.reset();
      await loadHazards(page);
      $('hazard-quota').textContent = t.sent;
    } catch (error) {
      page.showError(error);
      await loadHazards(page).catch(() => {});
    } finally {
      button.disabled = false;
    }
  };
}
