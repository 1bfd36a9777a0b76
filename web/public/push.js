// Web Push for a page of a gateway web app: registers the service worker, subscribes with
// the gateway's VAPID key, stores the subscription at the gateway and keeps the service
// worker's copy of the access token current.
//
//   import { enablePush, updateToken } from '/web/push.js';
//   await enablePush({ token, resource: 'laptop' });   // after login
//   await updateToken(newToken);                       // after each token refresh

const API = '/sparkweb/api/rest';

function applicationServerKey(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function call(method, path, token, body) {
  const response = await fetch(`${API}${path}`, { method, headers: { Authorization: token }, body });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(`${method} ${path}: ${response.status} ${problem.message || ''}`.trim());
  }
  return response;
}

export async function updateToken(token) {
  const registration = await navigator.serviceWorker.ready;
  registration.active.postMessage({ type: 'xwg-token', token });
}

export async function enablePush({ token, resource, worker = new URL('./sw.js', import.meta.url).href }) {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    throw new Error('This browser has no Web Push.');
  }
  if ((await Notification.requestPermission()) !== 'granted') {
    throw new Error('Notifications are not allowed for this site.');
  }
  await navigator.serviceWorker.register(worker);
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await (await call('GET', '/webpush/vapidkey', token)).json();
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: applicationServerKey(publicKey),
  });
  await call('PUT', `/webpush/subscribe/${encodeURIComponent(resource)}`, token,
    JSON.stringify(subscription.toJSON()));
  await updateToken(token);
  return subscription;
}
