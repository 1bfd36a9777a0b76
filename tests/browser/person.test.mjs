// A person's first day with the client page, as the web-client issue's "done when" reads:
// from http://localhost:<port>/ and nothing else, on a phone width in dark mode, sign up,
// set a name and an avatar, add a contact who accepts, chat with delivered and read ticks, a reaction and a reply,
// drop an image that shows inline on the other side, create a room, invite, talk there,
// restart the gateway and keep talking in the room without doing anything. The other
// person uses a desktop, in light mode. Screenshots of each step go to $XWG_ARTIFACTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, registerUser, startRestartableGateway } from './stack.mjs';

const WAIT = { timeout: 15000 };
const artifacts = process.env.XWG_ARTIFACTS || join(tmpdir(), 'xwg-artifacts');
mkdirSync(artifacts, { recursive: true });
// A 2×2 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP438AARAwQCgAt7gX9iz9uhAAAAABJRU5ErkJggg==', 'base64');

async function pageOf(browser, origin, options) {
  const page = await (await browser.newContext(options)).newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(`${origin}/`);
  // Counts the streams (re)opened: `onConnect` starts each.
  await page.evaluate(() => {
    window.connects = 0;
    document.querySelector('xwg-status').gateway.addEventListener('onConnect', () => { window.connects += 1; });
  });
  return { page, problems };
}

const connected = (page) => page.locator('xwg-status').getByText('Connected').waitFor(WAIT);
const contact = (page, username) => page.locator(`xwg-roster li.contact[data-jid^="${username}@"]`);
const bubble = (page, text) => page.locator('xwg-chat .msg').filter({ hasText: text });
const roomLine = (page, text) => page.locator('xwg-rooms #room-log p').filter({ hasText: text });

async function say(page, text) {
  await page.locator('xwg-chat input#text').fill(text);
  await page.locator('xwg-chat #send button[type=submit]').click();
}

async function post(page, text) {
  await page.locator('xwg-rooms #room-text').fill(text);
  await page.locator('xwg-rooms #post button[type=submit]').click();
}

test("a person's day on a phone in the dark: sign-up, a contact, ticks, an image, a room through a restart", async (t) => {
  const { origin, restart } = await startRestartableGateway(t, { XWG_REGISTRATION: 'true' });
  const browser = await launchChromium(t);
  const phone = { viewport: { width: 375, height: 740 }, colorScheme: 'dark', hasTouch: true };
  const shot = (page, name) => page.screenshot({ path: join(artifacts, `day-${name}.png`), fullPage: true });

  // Carol signs up on her phone; Dave has an account and a desktop.
  const carol = await pageOf(browser, origin, phone);
  const carolName = `carol${Date.now()}`;
  await carol.page.locator('xwg-login input[name=username]').fill(carolName);
  await carol.page.locator('xwg-login input[name=password]').fill('a long enough password 1');
  await carol.page.locator('xwg-login #signup').click();
  await connected(carol.page);
  // Her name and picture, as her contacts will see them.
  await carol.page.locator('xwg-profile summary').click();
  await carol.page.locator('xwg-profile input[name=name]').fill('Carol Cook');
  await carol.page.locator('xwg-profile input[name=avatar]').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
  await carol.page.locator('xwg-profile button[type=submit]').click();
  await carol.page.locator('xwg-profile summary .avatar img').waitFor(WAIT);
  await carol.page.locator('xwg-profile #me').getByText('Carol Cook').waitFor(WAIT);
  const dave = registerUser('dave');
  const d = await pageOf(browser, origin, { viewport: { width: 1280, height: 800 } });
  await d.page.locator('xwg-login input[name=username]').fill(dave.username);
  await d.page.locator('xwg-login input[name=password]').fill(dave.password);
  await d.page.locator('xwg-login button[type=submit]').first().click();
  await connected(d.page);

  // An address with spaces is refused by the form, in words, before any request.
  const add = carol.page.locator('xwg-roster input[name=jid]');
  await add.fill('no such person!');
  await carol.page.locator('xwg-roster #add button').click();
  assert.equal(await add.evaluate((input) => input.validity.patternMismatch), true);
  assert.equal(await contact(carol.page, 'no').count(), 0);

  // Carol adds Dave; he accepts and asks back; she accepts: each sees the other online.
  await add.fill(dave.username);
  await carol.page.locator('xwg-roster #add button').click();
  await d.page.locator('xwg-roster #requests li').filter({ hasText: carolName })
    .getByRole('button', { name: 'Accept' }).click(WAIT);
  await carol.page.locator('xwg-roster #requests li').filter({ hasText: dave.username })
    .getByRole('button', { name: 'Accept' }).click(WAIT);
  await contact(carol.page, dave.username).locator('.presence[data-show=available]').waitFor(WAIT);
  await contact(d.page, carolName).locator('.presence[data-show=available]').waitFor(WAIT);
  await contact(d.page, carolName).locator('.avatar img').waitFor(WAIT);
  await contact(d.page, carolName).locator('.name').getByText('Carol Cook').waitFor(WAIT);
  await shot(carol.page, '1-contacts');

  // A chat: Dave has it open, so Carol's message is delivered, then read.
  await contact(d.page, carolName).click();
  await contact(carol.page, dave.username).click();
  await carol.page.locator('xwg-chat h2').getByText(`Chat with ${dave.username}@`).waitFor(WAIT);
  assert.equal(await carol.page.locator('xwg-roster').isVisible(), false, 'the conversation alone on a phone');
  await say(carol.page, 'hi dave');
  await bubble(d.page, 'hi dave').waitFor(WAIT);
  await bubble(carol.page, 'hi dave').locator('.state').getByText('read').waitFor(WAIT);
  await say(d.page, 'hi carol');
  await bubble(carol.page, 'hi carol').waitFor(WAIT);
  // Dave likes Carol's message and answers it: she sees both on it.
  await bubble(d.page, 'hi dave').locator('[data-do=react]').click();
  await bubble(carol.page, 'hi dave').locator('.reactions').getByText('👍 1').waitFor(WAIT);
  await bubble(d.page, 'hi dave').locator('[data-do=reply]').click();
  await say(d.page, 'a reply');
  await bubble(carol.page, 'a reply').locator('.quote').getByText('Reply to: hi dave').waitFor(WAIT);

  // An image dropped on the conversation: uploaded, sent, shown inline on both sides.
  const dropped = await carol.page.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'sunset.png', { type: 'image/png' }));
    return transfer;
  }, [...PNG]);
  await carol.page.locator('xwg-chat #log').dispatchEvent('drop', { dataTransfer: dropped });
  const image = d.page.locator('xwg-chat .msg img[alt="Image: sunset.png"]');
  await image.waitFor(WAIT);
  const width = await image.evaluate((img) => (img.complete ? img.naturalWidth
    : new Promise((resolve) => { img.onload = () => resolve(img.naturalWidth); img.onerror = () => resolve(0); })));
  assert.equal(width, 2, 'the image loads in the other person\'s page');
  await carol.page.locator('xwg-chat .msg img[alt="Image: sunset.png"]').waitFor(WAIT);
  await shot(carol.page, '2-chat');

  // A room: Carol creates it, invites Dave; he joins from the invitation; they talk.
  await carol.page.locator('#back').click();
  const room = `picnic${Date.now()}`;
  await carol.page.locator('xwg-rooms input[name=room]').fill(room);
  await carol.page.locator('xwg-rooms #join button').click();
  await carol.page.locator('xwg-rooms #room-title').getByText(room).waitFor(WAIT);
  assert.equal(await carol.page.locator('xwg-inbox').isVisible(), false, 'the room alone on a phone');
  await carol.page.locator('xwg-rooms #invite input[name=jid]').fill(dave.username);
  await carol.page.locator('xwg-rooms #invite button[type=submit]').click();
  await d.page.locator('xwg-rooms #invitations li').filter({ hasText: room })
    .getByRole('button', { name: 'Join' }).click(WAIT);
  await d.page.locator('xwg-rooms #room-title').getByText(room).waitFor(WAIT);
  await carol.page.locator('xwg-rooms #occupants').getByText('2 in the room').waitFor(WAIT);
  await post(carol.page, 'welcome to the picnic');
  await roomLine(d.page, 'welcome to the picnic').waitFor(WAIT);
  await post(d.page, 'thanks!');
  await roomLine(carol.page, 'thanks!').waitFor(WAIT);
  await roomLine(d.page, 'welcome to the picnic').locator('[data-do=like]').click();
  await roomLine(carol.page, 'welcome to the picnic').locator('.reactions').getByText('👍 1').waitFor(WAIT);
  // Dave keeps the room among his rooms (a bookmark every client of his lists).
  await d.page.locator('xwg-rooms #bookmark').click();
  await d.page.locator('xwg-rooms #saved li').filter({ hasText: room }).waitFor(WAIT);
  assert.equal(await d.page.locator('xwg-rooms #bookmark').isVisible(), false);

  // The gateway restarts; both pages reconnect by themselves and the room goes on.
  const before = await Promise.all([carol.page, d.page].map((page) => page.evaluate(() => window.connects)));
  await restart();
  for (const [i, page] of [carol.page, d.page].entries()) {
    await page.waitForFunction((n) => window.connects > n, before[i], { timeout: 30000 });
  }
  await post(carol.page, 'still here after the restart');
  await roomLine(d.page, 'still here after the restart').waitFor(WAIT);
  await post(d.page, 'me too');
  await roomLine(carol.page, 'me too').waitFor(WAIT);
  assert.equal(await carol.page.locator('xwg-rooms #room-error').textContent(), '', 'no error in the room');
  await shot(carol.page, '3-room-after-restart');
  await shot(d.page, '4-desktop');

  const widths = await carol.page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `no sideways scroll on the phone: ${widths}`);
  assert.deepEqual([...carol.problems, ...d.problems], [], 'no script errors');
});
