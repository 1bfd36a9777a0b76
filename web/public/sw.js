// The gateway's service worker: shows the Web Push notifications the gateway sends (SparkWeb's
// NotificationEntity as JSON) and posts a notification's reply back to the gateway
// (`webpush/action` with `webpush.message`), which sends it as a chat message.
//
// The page hands it the current access token with postMessage({type: 'xwg-token', token})
// (see push.js); it is kept in the Cache API, since a service worker has no localStorage
// and may be stopped between events.

const API = new URL('/sparkweb/api/rest/', self.location).href;
const TOKEN_CACHE = 'xwg';
const TOKEN_KEY = new URL('/xwg-token', self.location).href;
const REPLY = 'webpush.message';

async function saveToken(token) {
  const cache = await caches.open(TOKEN_CACHE);
  await cache.put(TOKEN_KEY, new Response(token));
}

async function loadToken() {
  const cache = await caches.open(TOKEN_CACHE);
  const stored = await cache.match(TOKEN_KEY);
  return stored ? stored.text() : null;
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'xwg-token' && typeof event.data.token === 'string') {
    event.waitUntil(saveToken(event.data.token));
  }
});

self.addEventListener('push', (event) => {
  let entity;
  try {
    entity = event.data ? event.data.json() : {};
  } catch {
    entity = { body: event.data ? event.data.text() : '' };
  }
  const actions = (entity.actions || []).map((action) => ({
    action: action.action,
    title: action.title || action.action,
    type: action.type === 'text' ? 'text' : 'button',
    placeholder: action.placeholder,
  }));
  event.waitUntil(self.registration.showNotification(entity.subject || 'New message', {
    body: entity.body || '',
    icon: entity.icon,
    data: entity.data,
    tag: entity.data || undefined,
    requireInteraction: Boolean(entity.requireInteraction),
    actions,
  }));
});

async function reply(to, text) {
  const token = await loadToken();
  const answer = await fetch(`${API}webpush/action`, {
    method: 'POST',
    headers: { Authorization: token || '', 'Content-Type': 'application/json' },
    body: JSON.stringify({ action: REPLY, data: to, value: text }),
  });
  if (!answer.ok) {
    // Most likely the token expired: say so rather than lose the reply silently.
    await self.registration.showNotification('Reply not sent', {
      body: `Open the app to answer ${to}: ${text}`,
      data: to,
    });
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  if (event.action === REPLY && event.reply) {
    event.waitUntil(reply(event.notification.data, event.reply));
  } else {
    event.waitUntil(self.clients.openWindow('/'));
  }
});
