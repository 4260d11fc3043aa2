// A shared link /s/{code}: shows the content, and records the open, signed in when this phone has opened its own worker link before.
const code = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
// The opener's own token, if their worker page was opened in this tab; it lives in the tab's sessionStorage only.
const token = sessionStorage.getItem('rewards.token');
const $ = id => document.getElementById(id);

async function call(method, path, withToken) {
  const headers = withToken && token ? { Authorization: `Bearer ${token}` } : {};
  const response = await fetch(path, { method, headers });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || body.title || response.statusText);
  return body;
}

try {
  const share = await call('GET', `/api/shares/${encodeURIComponent(code)}`, false);
  $('title').textContent = share.title;
  $('summary').textContent = share.summary || '';
  $('by').textContent = share.sharedBy ? `${share.sharedBy} 分享给你` : '';
  if (share.url) { $('open').href = share.url; $('open').hidden = false; }
  const open = await call('POST', `/api/shares/${encodeURIComponent(code)}/opens`, true);
  $('status').textContent = open.credited ? '已为分享的同事记上积分，谢谢！' : (token ? '感谢阅读。' : '用自己的积分链接打开过一次后，再打开分享可为同事加分。');
  if (token) { $('mine').href = '/w/'; $('mine').hidden = false; }
} catch (error) {
  $('error').textContent = error.message;
  $('error').hidden = false;
}
