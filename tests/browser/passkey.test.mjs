// Passkeys for real: Debian's headless Chromium with the CDP virtual authenticator
// registers a passkey through the gateway's WebAuthn endpoints (after the password),
// logs in with it alone, and the token works on /rest/user. Run by ./local/test, which
// sets the variables read here and builds the gateway binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addAuthenticator, launchChromium, registerUser, startGateway } from './stack.mjs';

test('a passkey registered in Chromium logs the user in, and the token works', async (t) => {
  const origin = await startGateway(t);
  const browser = await launchChromium(t);
  const page = await browser.newPage();
  // Any page of the gateway's origin will do: http://localhost is a secure context.
  await page.goto(`${origin}/sparkweb/api/rest/user`);
  const { cdp, authenticatorId } = await addAuthenticator(page);

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

test('a page at an address the gateway does not accept passkeys from is told so, by that address', async (t) => {
  // The gateway accepts passkeys from another port of localhost only (as when ./local/up
  // runs on a port its configuration does not name).
  const origin = await startGateway(t, { XWG_WEBAUTHN_ORIGINS: 'http://localhost:1' });
  const browser = await launchChromium(t);
  const page = await browser.newPage();
  await page.goto(`${origin}/sparkweb/api/rest/user`);
  await addAuthenticator(page);
  const { username, password } = registerUser('origin');
  const refused = await page.evaluate(async ({ username, password }) => {
    const api = '/sparkweb/api/rest/webauthn';
    const start = await (await fetch(`${api}/register/start/${username}`, { method: 'POST', body: password })).json();
    const created = await navigator.credentials.create({
      publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(start.credentials.publicKey),
    });
    const finish = await fetch(`${api}/register/finish/${username}`, { method: 'POST', body: JSON.stringify(created.toJSON()) });
    return { status: finish.status, body: await finish.json() };
  }, { username, password });
  assert.equal(refused.status, 401);
  assert.equal(refused.body.error, 'PasskeyNotVerified');
  assert.match(refused.body.message, /http:\/\/localhost:1\b/, 'names the address it accepts');
  assert.match(refused.body.message, /XWG_WEBAUTHN_ORIGINS/, 'and the setting to change');
});
