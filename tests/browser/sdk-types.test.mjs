// The SDK's TypeScript types (web/public/sdk/*.d.ts), as an app's compiler sees them:
// imported as a package (@xmpp-web-gateway/sdk), a correct app compiles; a misspelled
// route, a wrong or missing path parameter, a wrong body field, a wrong answer field, a
// wrong event field each fail to compile, at the line that has it. And the generated
// types are those of the current OpenAPI document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsc = join(root, 'web', 'node_modules', 'typescript', 'bin', 'tsc');

const GOOD = `
import { Gateway, GatewayError } from '@xmpp-web-gateway/sdk';
import type { XwgChat } from '@xmpp-web-gateway/sdk/components';

const gw = Gateway.for('https://chat.example.org');
await gw.login('alice', 'secret');
const sent = await gw.call('post_chat_message', { path: { to: 'bob' }, body: 'hi' });
const inbox = await gw.call('get_inbox', { query: { max: 20 } });
const first: string = inbox.conversations[0].with;
const added = await gw.call('add_roster_item', { body: { jid: 'bob@example.org', subscriptionType: 1 } });
const roster = await gw.call('get_roster');
const history = await gw.call('get_chat_messages', { query: { to: 'bob', max: 30 } });
const slot = await gw.call('upload_slot', { path: { fileName: 'a.png', fileSize: 1024 } });
const properties = await gw.call('get_properties');
const card = await gw.call('get_card', { path: { jid: 'bob' } });
const avatar: string | null | undefined = card.avatar;
console.log(history.conversations.length, slot.putUrl, properties['username'], avatar, gw.user?.username);
gw.addEventListener('chatapi.notify', (event) => console.log(event.detail.data));
await gw.call('logout');
gw.addEventListener('chatapi.inbox', (event) => console.log(event.detail.unread, event.detail.eventId));
gw.addEventListener('chatapi.receipt', (event) => console.log(event.detail.id));
gw.addEventListener('state', (event) => console.log(event.detail.state));
const chat = document.querySelector('xwg-chat') as XwgChat | null;
console.log(sent, first, added, roster.roster.length, chat?.gateway.url, GatewayError);
`;

// Each: what is wrong, and the line that has it.
const BAD = [
  ['a misspelled route', `await gw.call('post_chat_mesage', { path: { to: 'bob' }, body: 'hi' });`],
  ['a misspelled path parameter', `await gw.call('post_chat_message', { path: { too: 'bob' }, body: 'hi' });`],
  ['a missing path parameter', `await gw.call('get_presence');`],
  ['a wrong body field', `await gw.call('add_roster_item', { body: { jidd: 'bob@example.org' } });`],
  ['a wrong query parameter', `await gw.call('get_inbox', { query: { maximum: 20 } });`],
  ['a number given as words', `await gw.call('get_chat_messages', { query: { max: 'thirty' } });`],
  ['a wrong answer field', `const page = await gw.call('get_inbox'); console.log(page.conversation);`],
  ['a wrong event field', `gw.addEventListener('chatapi.receipt', (event) => console.log(event.detail.messageId));`],
];

function compile(t, source) {
  const dir = mkdtempSync(join(tmpdir(), 'xwg-types-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'node_modules', '@xmpp-web-gateway'), { recursive: true });
  symlinkSync(join(root, 'web', 'public', 'sdk'), join(dir, 'node_modules', '@xmpp-web-gateway', 'sdk'), 'dir');
  writeFileSync(join(dir, 'app.ts'), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler',
      lib: ['es2022', 'dom'], skipLibCheck: false,
    },
    files: ['app.ts'],
  }));
  const run = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: dir, encoding: 'utf8' });
  return { ok: run.status === 0, out: run.stdout + run.stderr };
}

test('the generated API types are those of the current OpenAPI document', () => {
  const check = spawnSync(process.execPath, [join(root, 'web', 'sdk-types.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
});

test('an app using the SDK as documented compiles', (t) => {
  const { ok, out } = compile(t, GOOD);
  assert.ok(ok, out);
});

for (const [what, line] of BAD) {
  test(`an app with ${what} does not compile`, (t) => {
    const lines = GOOD.split('\n');
    const at = lines.findIndex((l) => l.startsWith('await gw.login')) + 1;
    lines.splice(at, 0, line);
    const { ok, out } = compile(t, lines.join('\n'));
    assert.ok(!ok, `compiled:\n${line}`);
    // The error is at the line with the mistake (tsc counts from 1), and only there.
    const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
    assert.ok(errors.length > 0 && errors.every((l) => l.startsWith(`app.ts(${at + 1},`)), out);
  });
}
