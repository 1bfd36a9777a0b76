// A web app on another origin: a page served from a second port logs in with fetch, opens
// an EventSource with ?token=, receives onConnect and a chat another user sends, and calls a
// preflighted PUT — when its origin is on XWG_CORS_ORIGINS; the SDK imported from the
// gateway's URL logs in and streams. From an origin not on the list, Chromium refuses the
// same calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { freePort, launchChromium, registerUser, startGateway } from './stack.mjs';

/** An empty page at http://<host>:<port>/, its origin; closed when the test ends. */
async function servePage(t, host = '127.0.0.1') {
  const port = await freePort();
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>another app</title>');
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  t.after(() => server.close());
  return `http://${host}:${port}`;
}

/** Runs in the page: the calls a SparkWeb app makes, reporting what it could do. */
async function appCalls({ gateway, username, password, room }) {
  const api = `${gateway}/sparkweb/api/rest`;
  const report = {};
  try {
    const login = await fetch(`${api}/login/${username}`, { method: 'POST', body: password });
    report.login = login.status;
    const { token } = await login.json();
    const events = new EventSource(`${gateway}/sparkweb/sse?token=${encodeURIComponent(token)}`);
    window.received = [];
    for (const name of ['onConnect', 'chatapi.chat']) {
      events.addEventListener(name, (event) => window.received.push({ name, data: JSON.parse(event.data) }));
    }
    await new Promise((resolve, reject) => {
      events.addEventListener('onConnect', resolve, { once: true });
      events.onerror = () => reject(new Error('the event stream failed'));
    });
    const joined = await fetch(`${api}/groupchat/room/${room}`, { method: 'PUT', headers: { Authorization: token } });
    report.put = joined.status;
  } catch (error) {
    report.error = `${error.name}: ${error.message}`;
  }
  return report;
}

test('a listed origin logs in, streams events and calls a preflighted route; another is refused', async (t) => {
  // A development server on this machine, under ./local/up's default XWG_CORS_ORIGINS
  // (any port of localhost and 127.0.0.1); another loopback address is another origin.
  const app = await servePage(t);
  const stranger = await servePage(t, '127.0.0.2');
  const gateway = await startGateway(t, { XWG_CORS_ORIGINS: 'http://localhost:*,http://127.0.0.1:*' });
  const browser = await launchChromium(t);
  const alice = registerUser('cors');
  const bob = registerUser('corsb');
  const room = `cors${Date.now()}`;

  const page = await browser.newPage();
  await page.goto(app);
  const report = await page.evaluate(appCalls, { gateway, ...alice, room });
  assert.deepEqual(report, { login: 200, put: 200 });
  const [connect] = await page.evaluate(() => window.received);
  assert.equal(connect.name, 'onConnect');
  assert.equal(connect.data.username, alice.username);

  // Bob (not in a browser) writes to Alice: the page on the other origin gets it.
  const login = await fetch(`${gateway}/sparkweb/api/rest/login/${bob.username}`, { method: 'POST', body: bob.password });
  const { token } = await login.json();
  const sent = await fetch(`${gateway}/sparkweb/api/rest/chat/message/${alice.username}`, {
    method: 'POST', headers: { Authorization: token }, body: 'hello from bob',
  });
  assert.equal(sent.status, 200);
  const chat = await page.waitForFunction(
    () => window.received.find((e) => e.name === 'chatapi.chat' && e.data.body),
    null, { timeout: 15000 },
  );
  assert.equal((await chat.jsonValue()).data.body, 'hello from bob');

  // The SDK imported from the gateway's own URL: a login opens the stream by itself.
  const sdk = await browser.newPage();
  await sdk.goto(app);
  const viaSdk = await sdk.evaluate(async ({ gateway, username, password }) => {
    const { Gateway } = await import(`${gateway}/web/sdk/xwg.js`);
    const client = Gateway.for(gateway);
    const connected = new Promise((resolve) => client.addEventListener('onConnect', (e) => resolve(e.detail.username)));
    await client.login(username, password);
    return { user: await connected, state: client.state };
  }, { gateway, ...alice });
  assert.deepEqual(viaSdk, { user: alice.username, state: 'online' });

  const other = await browser.newPage();
  await other.goto(stranger);
  const refused = await other.evaluate(appCalls, { gateway, ...alice, room });
  assert.match(refused.error ?? '', /TypeError: Failed to fetch/, JSON.stringify(refused));
  assert.equal(refused.login, undefined, 'the page could not read the login answer');
});
