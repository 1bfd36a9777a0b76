// The web client (web/public: the SDK, the components and the client page) in Debian's
// headless Chromium, as two people would use it: log in (password, and a passkey through
// the CDP virtual authenticator), become contacts through the roster widget, chat both ways
// with typing indicators, reload and find the history, join a room and post, upload a
// file and open its link; the roster and the chat of one user in two other pages stay in
// step; axe-core finds no serious or critical accessibility problem. Screenshots go to
// $XWG_ARTIFACTS (default: the system's temp folder); figures are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { addAuthenticator, launchChromium, registerUser, startGateway } from './stack.mjs';

const WAIT = { timeout: 15000 };
const artifacts = process.env.XWG_ARTIFACTS || join(tmpdir(), 'xwg-artifacts');
mkdirSync(artifacts, { recursive: true });

/** A page of its own browser context (its own storage: another device, in effect). */
async function openPage(browser, origin, path = '/') {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(`${origin}${path}`);
  return { page, problems };
}

async function logIn(page, { username, password }) {
  await page.locator('xwg-login input[name=username]').fill(username);
  await page.locator('xwg-login input[name=password]').fill(password);
  await page.locator('xwg-login button[type=submit]').first().click();
  await page.locator('xwg-status').getByText('Connected').waitFor(WAIT);
}

const contact = (page, username) => page.locator(`xwg-roster li.contact[data-jid^="${username}@"]`);

async function openChat(page, username) {
  await contact(page, username).click();
  await page.locator('xwg-chat h2').getByText(`Chat with ${username}@`).waitFor(WAIT);
}

async function say(page, text) {
  await page.locator('xwg-chat input#text').fill(text);
  await page.locator('xwg-chat button[type=submit]').click();
}

/** A token for the user, logged in through the API (not the page). */
async function tokenOf(api, { username, password }) {
  const answer = await fetch(`${api}/login/${username}`, { method: 'POST', body: password });
  return (await answer.json()).token;
}

const bubble = (page, text) => page.locator('xwg-chat .msg').filter({ hasText: text });

test('two people use the client page: contacts, chat, history, a room, a file', async (t) => {
  const origin = await startGateway(t);
  const browser = await launchChromium(t);
  const alice = registerUser('alice');
  const bob = registerUser('bob');

  // Alice by password; Bob adds a passkey, then logs in with it alone.
  const a = await openPage(browser, origin);
  assert.ok(a.page.url().endsWith('/web/'), `a browser at / gets the client page: ${a.page.url()}`);
  const b = await openPage(browser, origin);
  await addAuthenticator(b.page);
  await logIn(a.page, alice);
  await logIn(b.page, bob);
  await b.page.locator('xwg-login #add-passkey').click();
  await b.page.locator('xwg-login #who').getByText('passkey added').waitFor(WAIT);
  await b.page.locator('xwg-login #logout').click();
  await b.page.locator('xwg-login input[name=username]').fill(bob.username);
  await b.page.locator('xwg-login #passkey').click();
  await b.page.locator('xwg-status').getByText('Connected').waitFor(WAIT);

  // Alice adds Bob; Bob accepts in his roster widget (and asks back); Alice accepts that;
  // each sees the other online.
  await a.page.locator('xwg-roster input[name=jid]').fill(bob.username);
  await a.page.locator('xwg-roster #add button').click();
  const request = b.page.locator('xwg-roster #requests li').filter({ hasText: alice.username });
  await request.getByRole('button', { name: 'Accept' }).click(WAIT);
  const back = a.page.locator('xwg-roster #requests li').filter({ hasText: bob.username });
  await back.getByRole('button', { name: 'Accept' }).click(WAIT);
  await contact(a.page, bob.username).locator('.presence[data-show=available]').waitFor(WAIT);
  await contact(b.page, alice.username).locator('.presence[data-show=available]').waitFor(WAIT);

  // Chat both ways, with typing shown to the other side.
  await openChat(a.page, bob.username);
  await openChat(b.page, alice.username);
  await a.page.locator('xwg-chat input#text').pressSequentially('hel');
  await b.page.locator('xwg-chat #typing').getByText(`${alice.username}@`).waitFor(WAIT);
  await say(a.page, 'hello bob');
  await bubble(b.page, 'hello bob').waitFor(WAIT);
  // Bob's page has it: his session acknowledges it (XEP-0184) to Alice, a contact, and
  // as his page shows it, it is read (which may overtake "delivered" on screen).
  await bubble(a.page, 'hello bob').locator('.state').getByText(/^(delivered|read)$/).waitFor(WAIT);
  await say(b.page, 'hi alice');
  await bubble(a.page, 'hi alice').waitFor(WAIT);
  assert.equal(await b.page.locator('xwg-chat #typing').textContent(), '', 'typing ends with the message');

  // A reload keeps the login; the conversation comes back from the archive.
  await a.page.reload();
  await a.page.locator('xwg-status').getByText('Connected').waitFor(WAIT);
  await contact(a.page, bob.username).locator('.presence[data-show=available]').waitFor(WAIT);
  await openChat(a.page, bob.username);
  await bubble(a.page, 'hello bob').waitFor(WAIT);
  await bubble(a.page, 'hi alice').waitFor(WAIT);
  assert.equal(await a.page.locator('xwg-chat .msg.mine').filter({ hasText: 'hello bob' }).count(), 1);

  // A file through the upload slot; the link in the chat opens it.
  await a.page.locator('xwg-chat input#file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('the notes') });
  const link = b.page.locator('xwg-chat .msg a').filter({ hasText: 'notes.txt' });
  await link.waitFor(WAIT);
  const fetched = await b.page.request.get(await link.getAttribute('href'));
  assert.equal(await fetched.text(), 'the notes');

  // A room: join, post, see it.
  const room = `club${Date.now()}`;
  await a.page.locator('xwg-rooms input[name=room]').fill(room);
  await a.page.locator('xwg-rooms #join button').click();
  await a.page.locator('xwg-rooms #room-title').getByText(room).waitFor(WAIT);
  await a.page.locator('xwg-rooms #room-text').fill('hello room');
  await a.page.locator('xwg-rooms #post button[type=submit]').click();
  await a.page.locator('xwg-rooms #room-log').getByText('hello room').waitFor(WAIT);

  await a.page.screenshot({ path: join(artifacts, 'client-conversation.png'), fullPage: true });
  assert.deepEqual([...a.problems, ...b.problems], [], 'no script errors');

  // Accessibility: no serious or critical violation (axe-core) on the logged-in page, in a
  // context of its own that lets the test inject axe (the gateway's CSP forbids it).
  const audited = await (await browser.newContext({ bypassCSP: true })).newPage();
  await audited.goto(`${origin}/`);
  await logIn(audited, alice);
  await openChat(audited, bob.username);
  await bubble(audited, 'hello bob').waitFor(WAIT);
  const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await audited.addScriptTag({ path: axe });
  const violations = await audited.evaluate(async () => {
    const { violations } = await window.axe.run(document);
    return violations.filter((v) => ['serious', 'critical'].includes(v.impact))
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], 'axe-core: serious or critical violations');
});

test('a roster in one page and a chat in another stay in step through the session', async (t) => {
  const origin = await startGateway(t);
  const browser = await launchChromium(t);
  const alice = registerUser('alice');
  const bob = registerUser('bob');
  // Bob and Alice are contacts (through the API: the first test covers the widgets).
  const api = `${origin}/sparkweb/api/rest`;
  const login = (user) => tokenOf(api, user);
  const bobToken = await login(bob);
  const aliceToken = await login(alice);
  const add = await fetch(`${api}/roster`, {
    method: 'POST', headers: { Authorization: aliceToken, 'Content-Type': 'application/json' },
    body: JSON.stringify({ jid: bob.username, subscriptionType: 3 }),
  });
  assert.equal(add.status, 200);

  // Page A: the roster alone; page B (another browser context): the chat alone.
  const started = Date.now();
  const pageA = await openPage(browser, origin, '/web/roster.html');
  await logIn(pageA.page, alice);
  await contact(pageA.page, bob.username).waitFor(WAIT);
  const firstRoster = Date.now() - started;
  const pageB = await openPage(browser, origin, `/web/chat.html?with=${bob.username}`);
  await logIn(pageB.page, alice);

  // Bob writes: the roster counts it unread, the chat shows it.
  const sent = await fetch(`${api}/chat/message/${alice.username}`, {
    method: 'POST', headers: { Authorization: bobToken }, body: 'are you there?',
  });
  assert.equal(sent.status, 200);
  await contact(pageA.page, bob.username).locator('.unread[data-count="1"]').waitFor(WAIT);
  await bubble(pageB.page, 'are you there?').waitFor(WAIT);

  // Anyone on the XMPP network can send text: a link stays a link, never markup.
  const trap = 'https://x.example/"onfocus="window.pwned=1"autofocus="';
  const hostile = await fetch(`${api}/chat/message/${alice.username}`, {
    method: 'POST', headers: { Authorization: bobToken }, body: trap,
  });
  assert.equal(hostile.status, 200);
  const link = pageB.page.locator('xwg-chat .msg a').filter({ hasText: 'x.example' });
  await link.waitFor(WAIT);
  assert.equal(await link.getAttribute('onfocus'), null);
  assert.equal(await link.textContent(), trap);
  assert.equal(await pageB.page.evaluate(() => window.pwned), undefined);
  // A broken %-escape in an image's name (anyone can send one) shows as it is, live and
  // from the archive after a reload, and takes nothing else with it.
  const broken = await fetch(`${api}/chat/message/${alice.username}`, {
    method: 'POST', headers: { Authorization: bobToken }, body: 'https://x.invalid/%E0%A4%A.png',
  });
  assert.equal(broken.status, 200);
  const brokenImage = 'xwg-chat .msg img[alt="Image: %E0%A4%A.png"]';
  await pageB.page.locator(brokenImage).waitFor({ ...WAIT, state: 'attached' });
  await pageB.page.reload();
  await bubble(pageB.page, 'are you there?').waitFor(WAIT);
  await pageB.page.locator(brokenImage).waitFor({ ...WAIT, state: 'attached' });

  // Alice answers from page B: page A sees the answer (the conversation is read).
  await say(pageB.page, 'yes!');
  await contact(pageA.page, bob.username).locator('.unread[data-count="0"]').waitFor({ ...WAIT, state: 'attached' });
  await pageA.page.screenshot({ path: join(artifacts, 'roster-page.png') });
  assert.deepEqual([...pageA.problems, ...pageB.problems], [], 'no script errors');

  // Figures: what the client page loads, and how soon a logged-in page shows the roster.
  const loaded = [];
  const page = await (await browser.newContext()).newPage();
  page.on('response', async (response) => {
    const file = /\.(js|css|html)$|\/$/.test(new URL(response.url()).pathname);
    if (file && response.status() === 200) loaded.push(await response.body().catch(() => Buffer.alloc(0)));
  });
  await page.goto(`${origin}/web/`);
  await logIn(page, alice);
  const files = loaded.length;
  const reload = Date.now();
  await page.reload();
  await contact(page, bob.username).waitFor(WAIT);
  const rosterAfterReload = Date.now() - reload;
  await page.screenshot({ path: join(artifacts, 'client-logged-in.png'), fullPage: true });
  loaded.splice(files);
  const raw = loaded.reduce((sum, body) => sum + body.length, 0);
  const gzip = loaded.reduce((sum, body) => sum + gzipSync(body).length, 0);
  console.log(`client page: ${loaded.length} files, ${raw} bytes, ${gzip} bytes gzip; `
    + `first roster after login ${firstRoster} ms (page open + login), `
    + `logged-in reload → roster ${rosterAfterReload} ms; screenshots in ${artifacts}`);
});

test('the conversations list: unread on every device, read on open, restored, on a phone and in the dark', async (t) => {
  const origin = await startGateway(t, { XWG_REGISTRATION: 'true' });
  const browser = await launchChromium(t);
  const alice = registerUser('alice');
  const bob = registerUser('bob');
  const api = `${origin}/sparkweb/api/rest`;
  const login = (user) => tokenOf(api, user);
  const [aliceToken, bobToken] = [await login(alice), await login(bob)];
  const inboxOf = async (token) => (await fetch(`${api}/inbox`, { headers: { Authorization: token } })).json();
  for (const text of ['are you up?', 'call me']) {
    const sent = await fetch(`${api}/chat/message/${alice.username}`, {
      method: 'POST', headers: { Authorization: bobToken }, body: text,
    });
    assert.equal(sent.status, 200);
  }

  // A phone, in the dark.
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(`${origin}/`);
  await logIn(page, alice);
  const row = page.locator(`xwg-inbox li.conversation[data-jid^="${bob.username}@"]`);
  await row.locator('.unread[data-count="2"]').waitFor(WAIT);
  assert.equal(await row.locator('.last').textContent(), 'call me');
  assert.match(await page.title(), /^\(2\) /, 'the tab counts what is unread');
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `no sideways scroll at 320 px: ${widths}`);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 150, `dark from the system setting: ${background}`);
  await page.screenshot({ path: join(artifacts, 'client-phone-dark.png'), fullPage: true });

  // Opening it shows the conversation alone and reads it, for every device of Alice.
  await row.locator('button.open').click();
  await page.locator('xwg-chat h2').getByText(`Chat with ${bob.username}@`).waitFor(WAIT);
  assert.equal(await page.locator('xwg-inbox').isVisible(), false, 'one pane at a time on a phone');
  await bubble(page, 'call me').waitFor(WAIT);
  await page.waitForFunction(() => !document.title.startsWith('('), null, WAIT);
  const elsewhere = await inboxOf(aliceToken);
  assert.equal(elsewhere.conversations[0].unread, 0, 'read on every device');

  // A message while it is open is read at once; a reload brings the conversation back.
  const more = await fetch(`${api}/chat/message/${alice.username}`, {
    method: 'POST', headers: { Authorization: bobToken }, body: 'still there?',
  });
  assert.equal(more.status, 200);
  await bubble(page, 'still there?').waitFor(WAIT);
  await page.reload();
  await page.locator('xwg-chat h2').getByText(`Chat with ${bob.username}@`).waitFor(WAIT);
  await bubble(page, 'still there?').waitFor(WAIT);
  await page.locator('#back').click();
  await row.locator('.unread[data-count="0"]').waitFor({ ...WAIT, state: 'attached' });
  assert.equal(await row.locator('.last').textContent(), 'still there?');

  // Muted: no longer counted in the title.
  await fetch(`${api}/chat/message/${alice.username}`, {
    method: 'POST', headers: { Authorization: bobToken }, body: 'hello?',
  });
  await row.locator('.unread[data-count="1"]').waitFor(WAIT);
  assert.match(await page.title(), /^\(1\) /);
  await row.locator('button.mute').click();
  await row.locator('button.mute[aria-pressed="true"]').waitFor(WAIT);
  await page.waitForFunction(() => !document.title.startsWith('('), null, WAIT);

  // Accessibility in the dark, at phone width.
  const audited = await (await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 640 }, colorScheme: 'dark' })).newPage();
  await audited.goto(`${origin}/`);
  await logIn(audited, alice);
  await audited.locator(`xwg-inbox li.conversation[data-jid^="${bob.username}@"]`).waitFor(WAIT);
  await audited.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const violations = await audited.evaluate(async () => {
    const { violations } = await window.axe.run(document);
    return violations.filter((v) => ['serious', 'critical'].includes(v.impact))
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], 'axe-core, dark, 320 px');

  // Sign-up where the gateway allows it.
  const newcomer = await (await browser.newContext()).newPage();
  await newcomer.goto(`${origin}/`);
  const name = `carol${Date.now()}`;
  await newcomer.locator('xwg-login input[name=username]').fill(name);
  await newcomer.locator('xwg-login input[name=password]').fill('a long enough password 1');
  await newcomer.locator('xwg-login #signup').click();
  await newcomer.locator('xwg-status').getByText('Connected').waitFor(WAIT);
  await newcomer.locator('xwg-login #who').getByText(`Logged in as ${name}`).waitFor(WAIT);
  assert.deepEqual(problems, [], 'no script errors');
});
