// Passkeys for real: Debian's headless Chromium with the CDP virtual authenticator
// registers a passkey through the gateway's WebAuthn endpoints (after the password),
// logs in with it alone, and the token works on /rest/user. Run by ./local/test, which
// sets the variables read here and builds the gateway binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';

function need(name) {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run the suite with ./local/test`);
  return value;
}

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

/** A fresh account on the test Prosody; the password goes to prosodyctl on stdin. */
function registerUser(prefix) {
  const username = `${prefix}${randomBytes(6).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const config = join(need('XWG_TEST_PROSODY_DIR'), 'prosody.cfg.lua');
  const jid = `${username}@${need('XWG_XMPP_DOMAIN')}`;
  const added = spawnSync('prosodyctl', ['--config', config, 'adduser', jid], { input: `${password}\n${password}\n` });
  assert.equal(added.status, 0, `prosodyctl adduser ${jid}`);
  return { username, password };
}

test('a passkey registered in Chromium logs the user in, and the token works', async (t) => {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const state = mkdtempSync(join(tmpdir(), 'xwg-browser-'));
  const gateway = spawn(join(need('XWG_BIN_DIR'), 'xwg-local'), ['serve'], {
    env: {
      ...process.env,
      XWG_LISTEN: `127.0.0.1:${port}`,
      XWG_STORE: 'embedded',
      XWG_STORE_PATH: join(state, 'gateway.db'),
      XWG_JWT_KEYS: `browser=${randomBytes(32).toString('hex')}`,
      XWG_SEAL_KEY: randomBytes(32).toString('hex'),
      XWG_WEBAUTHN_RP_ID: 'localhost',
      XWG_WEBAUTHN_ORIGINS: origin,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  t.after(() => { gateway.kill('SIGTERM'); rmSync(state, { recursive: true, force: true }); });
  await waitForPort(port, 30);

  const browser = await chromium.launch({
    executablePath: process.env.XWG_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage();
  // Any page of the gateway's origin will do: http://localhost is a secure context.
  await page.goto(`${origin}/sparkweb/api/rest/user`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });

  const { username, password } = registerUser('passkey');
  const outcome = await page.evaluate(async ({ username, password }) => {
    const api = '/sparkweb/api/rest/webauthn';
    const post = async (path, body, headers = {}) => {
      const response = await fetch(path, { method: 'POST', body, headers });
      return { status: response.status, body: await response.json().catch(() => null) };
    };
    // Register: the password starts it, the authenticator makes the key.
    const start = await post(`${api}/register/start/${username}`, password);
    if (start.status !== 200) return { step: 'register/start', ...start };
    const creation = PublicKeyCredential.parseCreationOptionsFromJSON(start.body.credentials.publicKey);
    const created = await navigator.credentials.create({ publicKey: creation });
    const finish = await post(`${api}/register/finish/${username}`, JSON.stringify(created.toJSON()));
    if (finish.status !== 200) return { step: 'register/finish', ...finish };

    // The same authenticator again: excluded, so the browser refuses to make a second key.
    const again = await post(`${api}/register/start/${username}`, password);
    let secondRegistration = 'made';
    try {
      await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(again.body.credentials.publicKey) });
    } catch (error) {
      secondRegistration = error.name;
    }

    // Log in with the passkey alone.
    const challenge = await post(`${api}/authenticate/start/${username}`, '');
    if (challenge.status !== 200) return { step: 'authenticate/start', ...challenge };
    const request = PublicKeyCredential.parseRequestOptionsFromJSON(challenge.body.assertion.publicKey);
    const assertion = await navigator.credentials.get({ publicKey: request });
    const login = await post(`${api}/authenticate/finish/${username}`, JSON.stringify(assertion.toJSON()));
    if (login.status !== 200) return { step: 'authenticate/finish', ...login };

    // A replayed assertion finds no ceremony waiting.
    const replay = await post(`${api}/authenticate/finish/${username}`, JSON.stringify(assertion.toJSON()));
    // With a still-valid token, authenticate/start answers with a fresh token.
    const fresh = await post(`${api}/authenticate/start/${username}`, '', { Authorization: login.body.token });
    const user = await fetch('/sparkweb/api/rest/user', { headers: { Authorization: `Bearer ${login.body.token}` } });
    return {
      step: 'done', secondRegistration, replay: replay.status,
      freshToken: typeof fresh.body?.token === 'string' && fresh.body.token !== login.body.token,
      user: await user.json(),
    };
  }, { username, password });

  assert.equal(outcome.step, 'done', JSON.stringify(outcome));
  assert.equal(outcome.user.username, username);
  assert.equal(outcome.secondRegistration, 'InvalidStateError', 'excludeCredentials keeps one key per device');
  assert.equal(outcome.replay, 400, 'a finished ceremony cannot be finished again');
  assert.ok(outcome.freshToken, 'authenticate/start with a valid token gives a fresh token');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.ok(credentials[0].signCount >= 1, 'the authenticator signed, and its counter moved');
});
