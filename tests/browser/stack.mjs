// What the browser tests share: the stack ./local/test started, fresh accounts, and a
// gateway (xwg-local) of their own on a free port.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';

export function need(name) {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run the suite with ./local/test`);
  return value;
}

export async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port, seconds) {
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
export function registerUser(prefix) {
  const username = `${prefix}${randomBytes(6).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const config = join(need('XWG_TEST_SERVER_DIR'), 'prosody.cfg.lua');
  const jid = `${username}@${need('XWG_XMPP_DOMAIN')}`;
  const added = spawnSync('prosodyctl', ['--config', config, 'adduser', jid], { input: `${password}\n${password}\n` });
  assert.equal(added.status, 0, `prosodyctl adduser ${jid}`);
  return { username, password };
}

/** xwg-local on a free port with its own store; stopped when the test ends. */
export async function startGateway(t, extraEnv = {}) {
  return (await startRestartableGateway(t, extraEnv)).origin;
}

/** The same, with `restart()`: stopped (SIGTERM, as a deploy does) and started again on
 * the same port, store and keys. */
export async function startRestartableGateway(t, extraEnv = {}) {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const state = mkdtempSync(join(tmpdir(), 'xwg-browser-'));
  const env = {
    ...process.env,
    XWG_LISTEN: `127.0.0.1:${port}`,
    XWG_STORE: 'embedded',
    // The push test's fake browser subscription (never sent to).
    XWG_PUSH_ALLOW_ENDPOINTS: 'push.invalid:443',
    XWG_STORE_PATH: join(state, 'gateway.db'),
    XWG_JWT_KEYS: `browser=${randomBytes(32).toString('hex')}`,
    XWG_SEAL_KEY: randomBytes(32).toString('hex'),
    XWG_WEBAUTHN_RP_ID: 'localhost',
    XWG_WEBAUTHN_ORIGINS: origin,
    ...extraEnv,
  };
  const start = () => spawn(join(need('XWG_BIN_DIR'), 'xwg-local'), ['serve'], {
    env, stdio: ['ignore', 'ignore', 'inherit'],
  });
  let gateway = start();
  t.after(() => { gateway.kill('SIGTERM'); rmSync(state, { recursive: true, force: true }); });
  await waitForPort(port, 30);
  const restart = async () => {
    const stopped = new Promise((resolve) => gateway.once('exit', resolve));
    gateway.kill('SIGTERM');
    await stopped;
    gateway = start();
    await waitForPort(port, 30);
  };
  return { origin, restart };
}

/** Debian's headless Chromium; closed when the test ends. */
export async function launchChromium(t) {
  const browser = await chromium.launch({
    executablePath: process.env.XWG_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  return browser;
}

/** A passkey authenticator in the page's browser (the CDP virtual one: user verified,
 * presence given); answers its CDP session and id. */
export async function addAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}
