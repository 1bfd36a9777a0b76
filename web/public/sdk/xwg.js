// The gateway's browser SDK: logins (password, passkey, TOTP, the second-factor ticket),
// tokens refreshed before they expire, one event stream per page that resumes where it left
// off, and a method for every route of the gateway. No dependency; works cross-origin (the
// gateway's URL is a parameter).
//
//   import { Gateway } from '/web/sdk/xwg.js';
//   const gw = Gateway.for('https://chat.example.org');
//   await gw.login('alice', 'secret');          // also opens the event stream
//   gw.addEventListener('chatapi.chat', (e) => console.log(e.detail.body));
//   await gw.call('post_chat_message', { path: { to: 'bob' }, body: 'hi' });

import { ROUTES } from './routes.js';

/** @typedef {{method: string, path: string, access: string, scope: string|null, summary: string}} RouteInfo */
/** @typedef {'offline'|'connecting'|'online'|'reconnecting'} ConnectionState */

/** A refusal from the gateway: `status`, the machine name `error`, and what to do next. */
export class GatewayError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.name = 'GatewayError';
    this.status = status;
    this.error = body?.error || 'HttpError';
    this.body = body || {};
  }
}

/** The events the stream carries (upstream SparkWeb's names, and the gateway's own). */
export const EVENTS = ['onConnect', 'chatapi.chat', 'chatapi.muc', 'chatapi.presence',
  'chatapi.subscription', 'chatapi.roster', 'chatapi.receipt', 'chatapi.notify', 'chatapi.error',
  'chatapi.session', 'chatapi.gap', 'chatapi.retraction', 'chatapi.reactions', 'chatapi.displayed',
  'chatapi.inbox',
  'chatapi.xmpp'];

const REFRESH_AHEAD_MS = 60_000;
// setTimeout takes at most 2^31-1 ms; a login's token lives far longer.
const LONGEST_TIMER_MS = 2 ** 31 - 1;
const MAX_BACKOFF_MS = 30_000;

/** The `exp` of a JWT, in ms (the payload is read, never trusted: the gateway checks it). */
function expiryOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).exp * 1000;
  } catch {
    return 0;
  }
}

const instances = new Map();

export class Gateway extends EventTarget {
  /** One client per gateway URL in a page, shared by every component of the page. */
  static for(url = globalThis.location?.origin) {
    const key = new URL(url).origin;
    if (!instances.has(key)) instances.set(key, new Gateway({ url: key }));
    return instances.get(key);
  }

  /**
   * @param {{url: string, storage?: Storage|null}} options `storage` keeps the login across
   * pages of the same origin (localStorage by default; null: memory only).
   */
  constructor({ url, storage = globalThis.localStorage ?? null }) {
    super();
    this.url = new URL(url).origin;
    this.storage = storage;
    /** @type {ConnectionState} */
    this.state = 'offline';
    this.user = null;
    this.lastEventId = null;
    this.source = null;
    this.refreshTimer = null;
    this.backoff = 1000;
    const saved = this.storage?.getItem(this.key());
    const { token = null, refreshToken = null, username = null } = saved ? JSON.parse(saved) : {};
    this.token = token;
    this.refreshToken = refreshToken;
    this.username = username;
    if (this.token) this.scheduleRefresh();
    // Other pages of the origin share the login: follow their refreshes and logouts.
    globalThis.addEventListener?.('storage', (event) => {
      if (event.storageArea !== this.storage || event.key !== this.key()) return;
      if (event.newValue) this.adopt(JSON.parse(event.newValue));
      else this.forget('logged out in another page', { shared: false });
    });
  }

  /** Tokens another page of the origin stored. */
  adopt({ token, refreshToken, username }) {
    if (token === this.token) return;
    const reconnect = Boolean(this.source);
    Object.assign(this, { token, refreshToken, username });
    this.dispatchEvent(new CustomEvent('token', { detail: { token } }));
    this.scheduleRefresh();
    if (reconnect) this.reconnect(0);
  }

  key() {
    return `xwg:${this.url}`;
  }

  get loggedIn() {
    return Boolean(this.token);
  }

  /** The gateway's XMPP domain (`config/global`, asked once). */
  domain() {
    this.domainAnswer ??= this.call('get_global_config').then((config) => config.domain);
    return this.domainAnswer;
  }

  /** A username or JID as a bare JID (a username is of the gateway's domain). */
  async jid(userOrJid) {
    const bareJid = userOrJid.split('/')[0];
    return bareJid.includes('@') ? bareJid : `${bareJid}@${await this.domain()}`;
  }

  // ---- HTTP ---------------------------------------------------------------------------

  /** Calls a route by its name (`ROUTES`: every route of the gateway's table), with its
   * path parameters, query and body; answers the parsed JSON (or text), throws a
   * GatewayError for a refusal. */
  async call(name, { path = {}, query = {}, body, headers = {} } = {}, retried = false) {
    const route = ROUTES[name];
    if (!route) throw new Error(`no route named ${name}`);
    const filled = route.path.replace(/\{(\w+)\}/g, (_, param) => {
      if (path[param] === undefined) throw new Error(`${name} needs ${param}`);
      return encodeURIComponent(path[param]);
    });
    const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null));
    const all = { ...headers };
    if (route.access !== 'public' && this.token) all.Authorization = this.token;
    let payload = body;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Blob)) {
      payload = JSON.stringify(body);
      all['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${this.url}${filled}${search.size ? `?${search}` : ''}`, {
      method: route.method, headers: all, body: payload,
    });
    const text = await response.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
    if (!response.ok) {
      const refused = response.status === 401 && route.access !== 'public' && this.token;
      if (refused && !retried && this.refreshToken) {
        // An expired token (a laptop waking up): refresh once, then try again.
        await this.refresh().catch(() => {});
        if (this.token) return this.call(name, { path, query, body, headers }, true);
      } else if (refused) {
        this.forget('expired');
      }
      throw new GatewayError(response.status, parsed);
    }
    return parsed;
  }

  // ---- Logins ---------------------------------------------------------------------------

  /** Logs in with a password; a second factor, when the policy asks for one, throws a
   * GatewayError `SecondFactorRequired` whose `body.ticket` goes to loginWithTotp/Passkey. */
  async login(username, password, { remember = true, connect = true } = {}) {
    const tokens = await this.call('login', { path: { username }, body: password });
    await this.started(username, tokens, { connect });
    if (remember && globalThis.PasswordCredential) {
      // Offer the browser's password manager the login (Credential Management API).
      navigator.credentials.store(new PasswordCredential({ id: username, password })).catch(() => {});
    }
    return tokens;
  }

  /** Creates an account (where the gateway allows registration) and logs in with it. */
  async register(username, password, { connect = true } = {}) {
    const tokens = await this.call('register', { path: { username }, body: password });
    return this.started(username, tokens, { connect });
  }

  /** A password the browser keeps for this site, if the user lets the page have it. */
  async storedPassword() {
    if (!globalThis.PasswordCredential) return null;
    const credential = await navigator.credentials.get({ password: true, mediation: 'optional' }).catch(() => null);
    return credential ? { username: credential.id, password: credential.password } : null;
  }

  async loginWithTotp(username, code, { ticket, connect = true } = {}) {
    const headers = ticket ? { 'X-Auth-Ticket': ticket } : {};
    const tokens = await this.call('totp_authenticate', { path: { username, code }, headers });
    return this.started(username, tokens, { connect });
  }

  async loginWithPasskey(username, { ticket, connect = true } = {}) {
    const headers = ticket ? { 'X-Auth-Ticket': ticket } : {};
    const start = await this.call('webauthn_authenticate_start', { path: { username }, headers });
    if (start.token) return this.started(username, start, { connect });
    const options = PublicKeyCredential.parseRequestOptionsFromJSON(start.assertion.publicKey);
    const assertion = await navigator.credentials.get({ publicKey: options });
    const tokens = await this.call('webauthn_authenticate_finish', {
      path: { username }, body: assertion.toJSON(), headers,
    });
    return this.started(username, tokens, { connect });
  }

  /** Adds a passkey of this device to the account (the password proves it is theirs). */
  async registerPasskey(username, password) {
    const start = await this.call('webauthn_register_start', { path: { username }, body: password });
    const options = PublicKeyCredential.parseCreationOptionsFromJSON(start.credentials.publicKey);
    const credential = await navigator.credentials.create({ publicKey: options });
    const tokens = await this.call('webauthn_register_finish', { path: { username }, body: credential.toJSON() });
    return this.started(username, tokens);
  }

  async logout() {
    try {
      if (this.token) await this.call('logout');
    } finally {
      this.forget('logged out');
    }
  }

  /** A login succeeded: keep its tokens, tell the page, and open the event stream (a
   * page that only calls routes asks for `connect: false`). */
  async started(username, { token, refreshToken }, { connect = true } = {}) {
    this.username = username;
    this.setTokens(token, refreshToken);
    this.dispatchEvent(new CustomEvent('login', { detail: { username } }));
    if (connect) this.connect();
    return { token, refreshToken };
  }

  setTokens(token, refreshToken) {
    this.token = token;
    this.refreshToken = refreshToken;
    this.storage?.setItem(this.key(), JSON.stringify({ token, refreshToken, username: this.username }));
    this.dispatchEvent(new CustomEvent('token', { detail: { token } }));
    this.scheduleRefresh();
  }

  forget(reason, { shared = true } = {}) {
    clearTimeout(this.refreshTimer);
    this.disconnect();
    const was = this.token;
    this.token = this.refreshToken = this.username = null;
    this.lastEventId = null;
    if (shared) this.storage?.removeItem(this.key());
    if (was) this.dispatchEvent(new CustomEvent('logout', { detail: { reason } }));
  }

  scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    if (!this.refreshToken) return;
    const due = expiryOf(this.token) - Date.now() - REFRESH_AHEAD_MS;
    this.refreshTimer = setTimeout(() => {
      if (expiryOf(this.token) - Date.now() > REFRESH_AHEAD_MS) this.scheduleRefresh();
      // A refresh that failed for the network is tried again a little later.
      else this.refresh().catch(() => { this.refreshTimer = setTimeout(() => this.scheduleRefresh(), 15_000); });
    }, Math.min(Math.max(due, 0), LONGEST_TIMER_MS));
  }

  /** Refreshes the tokens — once for all pages of the origin: a refresh token is single use,
   * so pages take turns (Web Locks) and a page finding newer tokens stored takes those. */
  async refresh() {
    const turn = (work) => (globalThis.navigator?.locks
      ? navigator.locks.request(`xwg-refresh:${this.url}`, work)
      : work());
    return turn(async () => {
      const saved = this.storage?.getItem(this.key());
      const stored = saved ? JSON.parse(saved) : null;
      if (stored?.refreshToken && stored.refreshToken !== this.refreshToken) {
        this.adopt(stored);
        return;
      }
      const spent = this.refreshToken;
      try {
        const tokens = await this.call('refresh_token', { body: { refreshToken: spent } });
        this.setTokens(tokens.token, tokens.refreshToken);
        if (this.source) this.reconnect(0);
      } catch (error) {
        const current = this.storage?.getItem(this.key());
        const stillOurs = !current || JSON.parse(current).refreshToken === spent;
        if (error.status === 401 && stillOurs) this.forget('login ended');
        throw error;
      }
    });
  }

  // ---- Events ---------------------------------------------------------------------------

  /** Opens the page's one event stream (again after a drop, from the last event seen). */
  connect() {
    if (this.source || !this.token) return;
    this.setState(this.lastEventId === null ? 'connecting' : 'reconnecting');
    const query = new URLSearchParams({ token: this.token });
    if (this.lastEventId !== null) query.set('lastEventId', this.lastEventId);
    const source = new EventSource(`${this.url}/sparkweb/sse?${query}`);
    this.source = source;
    for (const name of EVENTS) {
      source.addEventListener(name, (event) => {
        if (event.lastEventId) this.lastEventId = event.lastEventId;
        let data = {};
        try { data = JSON.parse(event.data); } catch { /* a non-JSON event carries nothing */ }
        if (name === 'onConnect') {
          this.user = data;
          this.backoff = 1000;
          this.setState('online');
        }
        if (name === 'chatapi.session' && data.state === 'ended' && data.reason !== 'idle') {
          // The login ended (logged out elsewhere, revoked): the stream will not come back.
          this.forget(data.reason || 'ended');
        }
        this.dispatchEvent(new CustomEvent(name, { detail: { ...data, eventId: event.lastEventId } }));
      });
    }
    source.onerror = () => {
      // EventSource retries by itself after a dropped stream, but not after a refusal (a
      // token that expired meanwhile): then this client comes back, with backoff.
      if (source.readyState === EventSource.CLOSED) {
        // Refused (an expired or revoked token): refresh first; a login that ended is
        // forgotten there, and then there is nothing to reconnect.
        this.disconnect(false);
        this.refresh().catch(() => {}).finally(() => this.reconnect(this.backoff));
      } else {
        this.setState('reconnecting');
      }
    };
  }

  reconnect(delay) {
    this.disconnect(false);
    if (!this.token) return;
    this.setState('reconnecting');
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    const jitter = delay * 0.2 * Math.random();
    setTimeout(() => this.connect(), delay + jitter);
  }

  disconnect(offline = true) {
    this.source?.close();
    this.source = null;
    if (offline) this.setState('offline');
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state } }));
  }
}
