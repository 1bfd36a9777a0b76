// The service worker (web/sw.js) in Debian's headless Chromium: web/push.js subscribes
// through the gateway (pushManager.subscribe is stubbed: offline, no push service can be
// reached), CDP ServiceWorker.deliverPushMessage delivers a push as a push service would,
// the worker shows the notification with its reply action, and a reply posted back from
// the worker reaches the other user as a chat message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, need, registerUser, startGateway } from './stack.mjs';

async function login(origin, { username, password }) {
  const response = await fetch(`${origin}/sparkweb/api/rest/login/${username}`, { method: 'POST', body: password });
  assert.equal(response.status, 200);
  return (await response.json()).token;
}

/** Reads the user's events from the start of their log (`lastEventId=0`, so nothing sent
 * before the stream opened is missed) until one of `name` whose data matches. */
async function waitForEvent(origin, token, name, matches, seconds) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), seconds * 1000);
  try {
    const response = await fetch(`${origin}/sparkweb/sse?token=${token}&lastEventId=0`, { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === name && data && matches(JSON.parse(data))) return JSON.parse(data);
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return null;
}

test('the service worker shows a push and sends its reply as a chat message', async (t) => {
  const origin = await startGateway(t);
  const browser = await launchChromium(t);
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin });
  const page = await context.newPage();
  await page.goto(`${origin}/web/index.html`);

  const alice = registerUser('swa');
  const bob = registerUser('swb');
  const aliceToken = await login(origin, alice);
  const bobToken = await login(origin, bob);
  const domain = need('XWG_XMPP_DOMAIN');

  // Subscribe through push.js, with a stubbed push service subscription.
  const subscribed = await page.evaluate(async (token) => {
    const key = (n) => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(n))))
      .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    PushManager.prototype.subscribe = async function (options) {
      window.subscribedWithKey = options.applicationServerKey.length;
      const json = { endpoint: 'https://push.invalid/subscription/1', keys: { p256dh: key(65), auth: key(16) } };
      return { toJSON: () => json };
    };
    const { enablePush } = await import('/web/push.js');
    try {
      await enablePush({ token, resource: 'browser' });
      return { ok: true, keyLength: window.subscribedWithKey };
    } catch (error) {
      return { ok: false, error: error.message };
    }
  }, aliceToken);
  assert.ok(subscribed.ok, JSON.stringify(subscribed));
  assert.equal(subscribed.keyLength, 65, 'subscribed with the gateway VAPID key, decoded');
  const subscribers = await (await fetch(`${origin}/sparkweb/api/rest/webpush/subscribers`, { headers: { Authorization: bobToken } })).json();
  assert.ok(subscribers.users.some((u) => u.username === alice.username), 'the gateway kept the subscription');

  // A push arrives, as the gateway would send it for a message from Bob.
  const cdp = await context.newCDPSession(page);
  const registered = new Promise((resolve) => cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
    const ours = registrations.find((r) => r.scopeURL.startsWith(`${origin}/web/`) && !r.isDeleted);
    if (ours) resolve(ours.registrationId);
  }));
  await cdp.send('ServiceWorker.enable');
  const registrationId = await registered;
  const bobJid = `${bob.username}@${domain}`;
  const notification = {
    subject: `Message from ${bobJid}`, body: 'lunch?', data: bobJid,
    actions: [{ action: 'webpush.message', title: 'Reply', type: 'text', placeholder: 'Type a reply' }],
  };
  // A push service may deliver before the worker runs: deliver again until it shows.
  let shown = null;
  for (let attempt = 0; attempt < 5 && !shown; attempt++) {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(notification) });
    shown = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      for (let i = 0; i < 60; i++) {
        const notifications = await registration.getNotifications();
        if (notifications.length) {
          const [n] = notifications;
          return { title: n.title, body: n.body, data: n.data, actions: n.actions.map((a) => a.action) };
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return null;
    });
  }
  assert.deepEqual(shown, { title: `Message from ${bobJid}`, body: 'lunch?', data: bobJid, actions: ['webpush.message'] });

  // The reply, typed into the notification: the worker posts it to the gateway.
  const [worker] = context.serviceWorkers();
  assert.ok(worker, 'the service worker runs');
  await worker.evaluate(async () => {
    const [n] = await self.registration.getNotifications();
    self.dispatchEvent(new NotificationEvent('notificationclick', { notification: n, action: 'webpush.message', reply: 'on my way' }));
  });
  const message = await waitForEvent(origin, bobToken, 'chatapi.chat', (data) => data.body === 'on my way', 20);
  if (!message) {
    const shownNow = await worker.evaluate(async () =>
      (await self.registration.getNotifications()).map((n) => `${n.title}: ${n.body}`));
    assert.fail(`Bob never got the reply; the worker shows ${JSON.stringify(shownNow)}`);
  }
  assert.equal(message.from.split('/')[0], `${alice.username}@${domain}`);
});
