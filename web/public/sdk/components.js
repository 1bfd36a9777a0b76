// Web components bound to the user's session through the gateway: <xwg-login>, <xwg-status>,
// <xwg-roster>, <xwg-inbox>, <xwg-chat>, <xwg-rooms>, <xwg-notifications>. Each works on its own in any
// page; they share nothing but the gateway (one client per page, `Gateway.for(url)`), so a
// roster in one page and a chat in another — or another browser — stay in step.
//
// Theming: CSS custom properties (--xwg-accent, --xwg-on-accent, --xwg-bg, --xwg-fg,
// --xwg-muted, --xwg-bubble, --xwg-radius, --xwg-font) and ::part() on the main pieces; a
// page sets them for dark mode (the client page does, from the system setting). Every state is also written
// in words (never colour alone); new messages and status changes are announced through
// ARIA live regions.

import { Gateway } from './xwg.js';

const STYLE = `
  :host { display: block; font: var(--xwg-font, 15px/1.4 system-ui, sans-serif);
    color: var(--xwg-fg, #1b1b1b); background: var(--xwg-bg, #fff); }
  :host([hidden]), [hidden] { display: none !important; }
  button { font: inherit; padding: .3em .8em; border-radius: var(--xwg-radius, 6px);
    border: 1px solid var(--xwg-accent, #1d4ed8); background: var(--xwg-accent, #1d4ed8);
    color: var(--xwg-on-accent, #fff); cursor: pointer; }
  button.plain { background: transparent; color: var(--xwg-accent, #1d4ed8); }
  button:focus-visible, input:focus-visible, li:focus-visible { outline: 3px solid var(--xwg-accent, #1d4ed8); outline-offset: 2px; }
  input { font: inherit; padding: .3em .5em; border: 1px solid var(--xwg-muted, #595959); border-radius: var(--xwg-radius, 6px);
    min-width: 0; max-width: 100%; color: inherit; background: inherit; }
  label { overflow-wrap: anywhere; }
  ul { list-style: none; margin: 0; padding: 0; }
  .muted { color: var(--xwg-muted, #595959); }
  .row { display: flex; gap: .5em; align-items: center; flex-wrap: wrap; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  h2 { font-size: 1.05em; margin: .2em 0 .5em; }
`;

/** The base of every component: its shadow root, its gateway, and listeners it drops. */
class GatewayElement extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.listening = [];
  }

  get gateway() {
    return Gateway.for(this.getAttribute('gateway') || location.origin);
  }

  connectedCallback() {
    this.listen(this.gateway, 'login', () => this.update());
    this.listen(this.gateway, 'logout', (event) => {
      // Nothing of one user stays on screen for the next.
      this.reset(event.detail.reason);
      this.update();
    });
    this.render();
    this.update();
  }

  disconnectedCallback() {
    for (const [target, name, handler] of this.listening) target.removeEventListener(name, handler);
    this.listening = [];
  }

  listen(target, name, handler) {
    target.addEventListener(name, handler);
    this.listening.push([target, name, handler]);
  }

  /** Opens the page's event stream once someone is logged in. */
  live() {
    if (this.gateway.loggedIn) this.gateway.connect();
  }

  $(selector) {
    return this.shadowRoot.querySelector(selector);
  }

  html(markup) {
    this.shadowRoot.innerHTML = `<style>${STYLE}${this.constructor.style || ''}</style>${markup}`;
  }

  /** Runs an action, showing its error (in words, announced) instead of losing it. */
  async attempt(action, where = this.$('[role=alert]')) {
    if (where) where.textContent = '';
    try {
      return await action();
    } catch (error) {
      if (where) where.textContent = error.message;
      return undefined;
    }
  }

  update() {}

  reset() {}
}

/** A widget of the logged-in session: hidden without a login, refreshed on one. */
class SessionElement extends GatewayElement {
  update() {
    this.hidden = !this.gateway.loggedIn;
    if (this.gateway.loggedIn) {
      this.live();
      this.refresh();
    }
  }

  refresh() {}
}

const bare = (jid = '') => jid.split('/')[0];
/** Text made safe for HTML, in content and in quoted attributes alike. */
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const text = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A message body as nodes: a lone http(s) URL becomes a link (built as DOM, never as
 * markup: the text comes from anyone on the XMPP network). */
function bodyNodes(body) {
  let url = null;
  try {
    url = /^https?:\/\/\S+$/.test(body) ? new URL(body) : null;
  } catch { /* not a URL after all */ }
  if (!url || !['http:', 'https:'].includes(url.protocol)) return [document.createTextNode(body)];
  const link = document.createElement('a');
  link.href = url.href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = body;
  return [link];
}

// ---- <xwg-login> ------------------------------------------------------------------------

class XwgLogin extends GatewayElement {
  render() {
    this.html(`
      <form part="form" id="password" aria-label="Log in">
        <div class="row">
          <label>Username <input name="username" autocomplete="username webauthn" required></label>
          <label>Password <input name="password" type="password" autocomplete="current-password"></label>
          <button type="submit">Log in</button>
          <button type="button" class="plain" id="passkey" hidden>Log in with a passkey</button>
          <button type="button" class="plain" id="signup" hidden>Create an account</button>
        </div>
      </form>
      <form part="form" id="totp" hidden aria-label="Second factor">
        <div class="row">
          <label>Code from your authenticator app
            <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}"></label>
          <button type="submit">Confirm</button>
        </div>
      </form>
      <div id="out" hidden class="row">
        <span id="who" role="status"></span>
        <button type="button" class="plain" id="add-passkey">Add a passkey</button>
        <button type="button" class="plain" id="logout">Log out</button>
      </div>
      <p role="alert" part="error"></p>`);
    const form = this.$('#password');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const { username, password } = Object.fromEntries(new FormData(form));
      this.password = password;
      this.attempt(() => this.gateway.login(username, password)).then(() => this.secondFactor(username));
    });
    this.$('#passkey').addEventListener('click', () => {
      const username = form.elements.username.value;
      if (!username) return this.attempt(() => { throw new Error('Enter your username first.'); });
      return this.attempt(() => this.gateway.loginWithPasskey(username, { ticket: this.ticket }));
    });
    this.$('#signup').addEventListener('click', () => {
      const { username, password } = Object.fromEntries(new FormData(form));
      this.attempt(() => {
        if (!username || !password) throw new Error('Choose a username and a password first.');
        return this.gateway.register(username, password);
      });
    });
    // Passkeys only where this browser can use them (a secure context with WebAuthn).
    this.$('#passkey').hidden = !(globalThis.PublicKeyCredential && globalThis.isSecureContext);
    this.gateway.call('get_global_config').then((config) => {
      this.$('#signup').hidden = !config.registration;
    }).catch(() => {});
    this.$('#totp').addEventListener('submit', (event) => {
      event.preventDefault();
      const code = this.$('#totp').elements.code.value;
      this.attempt(() => this.gateway.loginWithTotp(form.elements.username.value, code, { ticket: this.ticket }));
    });
    this.$('#logout').addEventListener('click', () => this.attempt(() => this.gateway.logout()));
    this.$('#add-passkey').addEventListener('click', () => {
      const password = this.password || prompt('Your password, to add a passkey');
      this.attempt(() => this.gateway.registerPasskey(this.gateway.username, password))
        .then((done) => { if (done) this.$('#who').textContent = `Logged in as ${this.gateway.username}; passkey added`; });
    });
    if (!this.gateway.loggedIn) {
      this.gateway.storedPassword().then((stored) => {
        if (stored && !this.gateway.loggedIn) {
          form.elements.username.value = stored.username;
          form.elements.password.value = stored.password;
        }
      });
    }
  }

  reset(reason) {
    this.$('#password').reset();
    this.password = null;
    this.ticket = null;
    this.$('[role=alert]').textContent = reason && reason !== 'logged out' ? `Logged out: ${reason}.` : '';
  }

  /** After a refused password: the second-factor step the gateway asked for, if any. */
  secondFactor() {
    if (!this.gateway.loggedIn && this.ticket) {
      this.$('#totp').hidden = false;
      this.$('#totp').elements.code.focus();
    }
  }

  async attempt(action) {
    try {
      this.$('[role=alert]').textContent = '';
      return await action();
    } catch (error) {
      if (error.error === 'SecondFactorRequired') this.ticket = error.body.ticket;
      this.$('[role=alert]').textContent = error.message;
      return undefined;
    }
  }

  update() {
    const inside = this.gateway.loggedIn;
    this.$('#password').hidden = inside;
    this.$('#totp').hidden = inside || !this.ticket;
    this.$('#out').hidden = !inside;
    this.$('#who').textContent = inside ? `Logged in as ${this.gateway.username}` : '';
    if (inside) {
      this.ticket = null;
      this.live();
    }
  }
}

// ---- <xwg-status> -----------------------------------------------------------------------

class XwgStatus extends GatewayElement {
  render() {
    this.html('<span part="state" role="status" aria-live="polite"></span>');
    this.listen(this.gateway, 'state', () => this.update());
  }

  update() {
    const words = { offline: 'Offline', connecting: 'Connecting…', online: 'Connected', reconnecting: 'Reconnecting…' };
    this.$('[part=state]').textContent = words[this.gateway.state];
  }
}

// ---- <xwg-roster> -----------------------------------------------------------------------

const SHOW_WORDS = { available: 'online', chat: 'free to chat', away: 'away', xa: 'away for long', dnd: 'busy', unavailable: 'offline' };

class XwgRoster extends SessionElement {
  static style = `
    li.contact { display: flex; justify-content: space-between; align-items: center; gap: .5em; }
    button.open { flex: 1; text-align: left; border: 0; color: inherit; display: flex; flex-direction: column; }
    button.open:hover, button.open[aria-current=true] { background: color-mix(in srgb, var(--xwg-accent, #1d4ed8) 12%, transparent); }
    .unread { font-weight: bold; }
    section { margin-bottom: .8em; }`;

  constructor() {
    super();
    this.contacts = new Map();
    this.unread = new Map();
  }

  render() {
    this.html(`
      <section aria-labelledby="requests-title" id="requests-box" hidden>
        <h2 id="requests-title">Contact requests</h2>
        <ul part="requests" id="requests"></ul>
      </section>
      <section aria-labelledby="contacts-title">
        <h2 id="contacts-title">Contacts</h2>
        <ul part="contacts" id="contacts" aria-label="Contacts"></ul>
      </section>
      <form id="add" class="row" aria-label="Add a contact">
        <label>Add a contact <input name="jid" placeholder="name or name@domain" required></label>
        <button type="submit">Add</button>
      </form>
      <p role="alert"></p>
      <p class="sr" aria-live="polite" id="news"></p>`);
    this.$('#add').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = this.$('#add').elements.jid;
      // 1: ask to see their presence; theirs comes back as a request to accept. (Not
      // pre-approval: Prosody then sends no presence until the next change.)
      this.attempt(() => this.gateway.call('add_roster_item', { body: { jid: input.value, subscriptionType: 1 } }))
        .then(() => { input.value = ''; return this.load(); });
    });
    const gw = this.gateway;
    this.listen(gw, 'onConnect', () => this.load());
    this.listen(gw, 'chatapi.presence', (e) => this.presence(e.detail));
    this.listen(gw, 'chatapi.roster', () => this.load());
    this.listen(gw, 'chatapi.subscription', () => this.loadRequests());
    this.listen(gw, 'chatapi.chat', (e) => this.message(e.detail));
  }

  refresh() {
    this.load();
  }

  reset() {
    this.contacts.clear();
    this.unread.clear();
    this.selected = null;
    this.$('#requests').innerHTML = '';
    this.$('#requests-box').hidden = true;
    this.announce('');
    this.draw();
  }

  async load() {
    const roster = await this.attempt(() => this.gateway.call('get_roster'));
    if (!roster) return;
    const known = this.contacts;
    this.contacts = new Map(roster.roster.map((item) => {
      const seen = known.get(item.jid);
      return [item.jid, { ...item, show: seen?.show ?? item.show, status: seen?.status ?? item.status }];
    }));
    this.draw();
    this.loadRequests();
    this.dispatchEvent(new CustomEvent('xwg-roster-ready', { bubbles: true, composed: true }));
  }

  async loadRequests() {
    const waiting = await this.attempt(() => this.gateway.call('get_subscription_requests'));
    if (!waiting) return;
    const list = this.$('#requests');
    list.innerHTML = '';
    for (const { jid } of waiting.requests) {
      const li = document.createElement('li');
      li.className = 'row';
      li.innerHTML = `<span>${text(jid)} wants to see when you are online</span>
        <button type="button" data-action="approve">Accept</button>
        <button type="button" class="plain" data-action="deny">Decline</button>`;
      li.addEventListener('click', (event) => {
        const action = event.target.dataset?.action;
        if (!action) return;
        this.attempt(async () => {
          await this.gateway.call('subscription', { path: { jid, action } });
          // Accepting also asks to see theirs (a contact both ways).
          if (action === 'approve') await this.gateway.call('subscription', { path: { jid, action: 'request' } });
          await this.load();
        });
      });
      list.append(li);
    }
    this.$('#requests-box').hidden = waiting.requests.length === 0;
    if (waiting.requests.length) this.announce(`${waiting.requests.length} contact request(s) waiting`);
  }

  presence(data) {
    const jid = bare(data.from);
    const contact = this.contacts.get(jid);
    if (!contact) return;
    const show = data.presence === 'unavailable' ? 'unavailable' : data.show || 'available';
    if (contact.show !== show) this.announce(`${contact.nickname || jid} is ${SHOW_WORDS[show] || show}`);
    Object.assign(contact, { show, status: data.status });
    this.draw();
  }

  message(data) {
    if (!data.body) return;
    if (data.carbon === 'sent') {
      // The user answered (in any page, on any device): that conversation is read.
      this.unread.delete(bare(data.to));
    } else {
      const from = bare(data.from);
      if (from === this.selected) return;
      this.unread.set(from, (this.unread.get(from) || 0) + 1);
      this.announce(`New message from ${from}`);
    }
    this.draw();
  }

  announce(words) {
    this.$('#news').textContent = words;
  }

  draw() {
    const list = this.$('#contacts');
    list.innerHTML = '';
    for (const [jid, contact] of [...this.contacts].sort()) {
      const li = document.createElement('li');
      const show = contact.show || 'unavailable';
      const unread = this.unread.get(jid) || 0;
      li.className = 'contact';
      li.dataset.jid = jid;
      li.innerHTML = `<button type="button" class="plain open" part="contact" aria-current="${jid === this.selected}">
          <span class="name">${text(contact.nickname || jid)}</span>
          <span class="muted presence" data-show="${text(show)}">${text(SHOW_WORDS[show] || show)}${contact.status ? ` — ${text(contact.status)}` : ''}</span>
        </button>
        <span class="unread" data-count="${unread}">${unread ? `${unread} unread` : ''}</span>`;
      li.querySelector('button').addEventListener('click', () => {
        this.selected = jid;
        this.unread.delete(jid);
        this.draw();
        this.dispatchEvent(new CustomEvent('xwg-open-chat', { detail: { jid }, bubbles: true, composed: true }));
      });
      list.append(li);
    }
    if (!this.contacts.size) list.innerHTML = '<li class="muted">No contacts yet.</li>';
  }
}

// ---- <xwg-inbox> ------------------------------------------------------------------------

/** The last message of a conversation, in a line of words. */
function lastLine(last) {
  if (!last) return 'No messages yet';
  const said = last.retracted ? 'Message withdrawn' : `${last.body}${last.edited ? ' (edited)' : ''}`;
  return last.mine ? `You: ${said}` : said;
}

/** The user's conversations (contacts and rooms), newest first, with unread counts that
 * every device of the user shares: opening one marks it read. Tells the page the total
 * unread (`xwg-unread`) and which conversation to show (`xwg-open-chat`, `xwg-open-room`). */
class XwgInbox extends SessionElement {
  static style = `
    li.conversation { display: flex; align-items: center; gap: .4em; }
    button.open { flex: 1; min-width: 0; text-align: left; border: 0; color: inherit; background: transparent;
      display: flex; flex-direction: column; }
    button.open:hover, button.open[aria-current=true] { background: color-mix(in srgb, var(--xwg-accent, #1d4ed8) 12%, transparent); }
    .name, .last { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 100%; }
    .unread { font-weight: bold; }`;

  constructor() {
    super();
    this.entries = new Map();
    this.selected = null;
  }

  render() {
    this.html(`
      <h2 id="inbox-title">Conversations</h2>
      <ul id="conversations" part="conversations" aria-labelledby="inbox-title"></ul>
      <p role="alert"></p>
      <p class="sr" aria-live="polite" id="news"></p>`);
    this.listen(this.gateway, 'onConnect', () => this.load());
    this.listen(this.gateway, 'chatapi.inbox', (e) => this.changed(e.detail));
    this.listen(document, 'visibilitychange', () => this.read(this.selected));
  }

  refresh() {
    this.load();
  }

  reset() {
    this.entries.clear();
    this.selected = null;
    this.draw();
  }

  async load() {
    const page = await this.attempt(() => this.gateway.call('get_inbox', { query: { max: 100 } }));
    if (!page) return;
    this.entries = new Map(page.conversations.map((c) => [c.with, c]));
    this.draw();
    this.read(this.selected);
  }

  /** A conversation changed (on any device): as it now stands; read at once if it is open. */
  changed(conversation) {
    const known = this.entries.get(conversation.with);
    this.entries.set(conversation.with, { ...conversation, name: known?.name });
    if (conversation.with === this.selected) {
      this.read(conversation.with);
    } else if (!conversation.muted && conversation.unread > (known?.unread || 0)) {
      this.$('#news').textContent = `New message from ${known?.name || conversation.with}`;
    }
    this.draw();
  }

  /** The page shows this conversation now: it is read while shown. */
  select(jid) {
    this.selected = jid;
    this.draw();
    this.read(jid);
  }

  async read(jid) {
    const shown = document.visibilityState !== 'hidden';
    if (!jid || !shown || !this.entries.get(jid)?.unread || this.reading === jid) return;
    this.reading = jid;
    const read = await this.attempt(() => this.gateway.call('mark_conversation_read', { path: { with: jid } }));
    this.reading = null;
    if (read) this.changed(read);
  }

  async mute(conversation) {
    const body = { muted: !conversation.muted };
    const changed = await this.attempt(() => this.gateway.call('update_conversation', { path: { with: conversation.with }, body }));
    if (changed) this.changed(changed);
  }

  draw() {
    const list = this.$('#conversations');
    list.innerHTML = '';
    const shown = [...this.entries.values()].filter((c) => !c.hidden).sort((a, b) => b.at - a.at);
    for (const conversation of shown) {
      const { with: jid, room, unread, muted } = conversation;
      const name = conversation.name || (room ? jid.split('@')[0] : jid);
      const li = document.createElement('li');
      li.className = 'conversation';
      li.dataset.jid = jid;
      li.innerHTML = `<button type="button" class="plain open" part="conversation" aria-current="${jid === this.selected}">
          <span class="name">${text(name)}${room ? ' <span class="muted">(room)</span>' : ''}</span>
          <span class="muted last"></span>
        </button>
        <span class="unread" data-count="${unread}">${unread ? `${unread} unread` : ''}</span>
        <button type="button" class="plain mute" aria-pressed="${muted}">${muted ? 'Unmute' : 'Mute'}</button>`;
      li.querySelector('.last').textContent = lastLine(conversation.last);
      li.querySelector('.open').addEventListener('click', () => {
        const detail = room ? { room: jid } : { jid };
        this.dispatchEvent(new CustomEvent(room ? 'xwg-open-room' : 'xwg-open-chat', { detail, bubbles: true, composed: true }));
        this.select(jid);
      });
      li.querySelector('.mute').addEventListener('click', () => this.mute(conversation));
      list.append(li);
    }
    if (!shown.length) list.innerHTML = '<li class="muted">No conversations yet.</li>';
    const total = shown.filter((c) => !c.muted).reduce((sum, c) => sum + c.unread, 0);
    this.dispatchEvent(new CustomEvent('xwg-unread', { detail: { total }, bubbles: true, composed: true }));
  }
}

// ---- <xwg-chat with="jid"> --------------------------------------------------------------

class XwgChat extends SessionElement {
  static observedAttributes = ['with'];

  static style = `
    #log { height: var(--xwg-chat-height, 320px); overflow-y: auto; border: 1px solid var(--xwg-muted, #595959);
      border-radius: var(--xwg-radius, 6px); padding: .5em; display: flex; flex-direction: column; gap: .3em; }
    .msg { max-width: 80%; padding: .3em .6em; border-radius: var(--xwg-radius, 6px);
      background: var(--xwg-bubble, #eef1f6); overflow-wrap: anywhere; }
    .msg.mine { align-self: flex-end; background: color-mix(in srgb, var(--xwg-accent, #1d4ed8) 14%, var(--xwg-bg, #fff)); }
    .meta { font-size: .8em; color: var(--xwg-muted, #595959); }
    #typing { min-height: 1.4em; }`;

  constructor() {
    super();
    this.shown = new Set();
    this.before = null;
    this.typingTimer = null;
  }

  attributeChangedCallback() {
    if (this.shadowRoot.innerHTML) this.open();
  }

  render() {
    this.html(`
      <h2 id="title" part="title"></h2>
      <div id="log" part="log" role="log" aria-live="polite" aria-label="Messages" tabindex="0"></div>
      <p id="typing" class="muted" role="status" aria-live="polite"></p>
      <form id="send" class="row" aria-label="Send a message">
        <label class="sr" for="text">Message</label>
        <input id="text" name="text" autocomplete="off" placeholder="Write a message" style="flex:1">
        <button type="submit">Send</button>
        <label class="plain"><span class="sr">Attach a file</span>
          <input type="file" id="file" aria-label="Attach a file"></label>
      </form>
      <p role="alert"></p>`);
    this.$('#send').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = this.$('#text');
      if (input.value.trim()) this.send(input.value).then(() => { input.value = ''; });
    });
    this.$('#text').addEventListener('input', () => this.typing());
    this.$('#file').addEventListener('change', (event) => this.upload(event.target.files[0]));
    this.$('#log').addEventListener('scroll', () => {
      if (this.$('#log').scrollTop === 0 && this.before) this.history(true);
    });
    const gw = this.gateway;
    this.listen(gw, 'chatapi.chat', (e) => this.event(e.detail));
    this.listen(gw, 'chatapi.receipt', (e) => this.receipt(e.detail));
  }

  refresh() {
    this.open();
  }

  get peer() {
    return this.getAttribute('with') || '';
  }

  reset() {
    this.removeAttribute('with');
    this.open();
  }

  async open() {
    this.$('#title').textContent = this.peer ? `Chat with ${this.peer}` : 'Choose a contact';
    this.$('#send').hidden = !this.peer;
    this.$('#log').innerHTML = '';
    this.$('#typing').textContent = '';
    this.shown.clear();
    this.before = null;
    this.peerJid = null;
    if (!this.peer || !this.gateway.loggedIn) return;
    const peer = this.peer;
    const [peerJid, me] = await Promise.all([this.gateway.jid(peer), this.gateway.jid(this.gateway.username)]);
    if (peer !== this.peer) return;
    Object.assign(this, { peerJid, me });
    this.history(false);
  }

  concerns(data) {
    const other = data.carbon === 'sent' ? data.to : data.from;
    return Boolean(this.peerJid) && bare(other) === this.peerJid;
  }

  /** The archive, oldest first: the last page, then earlier ones as the log scrolls up. */
  async history(earlier) {
    if (!this.peerJid || this.loading) return;
    this.loading = true;
    const query = { to: this.peerJid, max: 30, before: earlier ? this.before : '' };
    const page = await this.attempt(() => this.gateway.call('get_chat_messages', { query }));
    this.loading = false;
    if (!page) return;
    const log = this.$('#log');
    const height = log.scrollHeight;
    const messages = page.conversations.flatMap((c) => c.messages);
    const nodes = messages.filter((m) => !this.shown.has(m.id)).map((m) => {
      this.shown.add(m.id);
      return this.bubble({ body: m.body, when: m.sentDate, mine: bare(m.from) === this.me });
    });
    log.prepend(...nodes);
    this.before = messages.length ? page.first : null;
    if (earlier) log.scrollTop = log.scrollHeight - height;
    else log.scrollTop = log.scrollHeight;
  }

  bubble({ body, when, mine, id, state }) {
    const div = document.createElement('div');
    div.className = `msg${mine ? ' mine' : ''}`;
    div.setAttribute('part', mine ? 'message mine' : 'message');
    if (id) div.dataset.id = id;
    const time = when ? new Date(when).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
    div.innerHTML = `<span class="sr">${mine ? 'You' : text(this.peer)}: </span><span class="body"></span>
      <div class="meta"><span>${text(time)}</span> <span class="state">${text(state || '')}</span></div>`;
    div.querySelector('.body').append(...bodyNodes(body));
    return div;
  }

  event(data) {
    if (!this.peer || !this.concerns(data)) return;
    if (data.state && !data.body) {
      if (data.carbon) return;
      const words = { composing: `${this.peer} is typing…`, paused: `${this.peer} stopped typing` };
      this.$('#typing').textContent = words[data.state] || '';
      return;
    }
    if (!data.body) return;
    const key = data.originId || data.stanzaId || data.eventId;
    if (this.shown.has(key) || (data.stanzaId && this.shown.has(data.stanzaId))) return;
    this.shown.add(key);
    if (data.stanzaId) this.shown.add(data.stanzaId);
    const mine = data.carbon === 'sent';
    if (!mine) this.$('#typing').textContent = '';
    const existing = data.originId && this.$(`[data-id="${CSS.escape(data.originId)}"]`);
    if (existing) return;
    const log = this.$('#log');
    log.append(this.bubble({ body: data.body, when: data.delay || Date.now(), mine, id: data.originId, state: mine ? 'sent' : '' }));
    log.scrollTop = log.scrollHeight;
  }

  receipt(data) {
    const bubble = data.id && this.$(`[data-id="${CSS.escape(data.id)}"] .state`);
    if (bubble) bubble.textContent = 'delivered';
  }

  async send(body) {
    const id = crypto.randomUUID();
    const log = this.$('#log');
    const bubble = this.bubble({ body, when: Date.now(), mine: true, id, state: 'sending…' });
    this.shown.add(id);
    log.append(bubble);
    log.scrollTop = log.scrollHeight;
    const sent = await this.attempt(() => this.gateway.call('post_chat_message', {
      path: { to: this.peer }, body, headers: { 'Idempotency-Key': id },
    }));
    const state = bubble.querySelector('.state');
    // The receipt may come (over the stream) before the call's answer: never go back.
    if (state.textContent !== 'delivered') {
      state.textContent = !sent ? 'not sent' : sent.delivery === 'queued' ? 'queued' : 'sent';
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = null;
    return sent;
  }

  typing() {
    if (!this.typingTimer) {
      this.gateway.call('post_chat_state', { path: { state: 'composing', to: this.peer } }).catch(() => {});
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.typingTimer = null;
      this.gateway.call('post_chat_state', { path: { state: 'paused', to: this.peer } }).catch(() => {});
    }, 3000);
  }

  /** A file through the server's upload slot (XEP-0363); its link is sent as the message. */
  async upload(file) {
    if (!file) return;
    await this.attempt(async () => {
      const slot = await this.gateway.call('upload_slot', { path: { fileName: file.name, fileSize: file.size } });
      const put = await fetch(slot.putUrl, { method: 'PUT', headers: slot.headers, body: file });
      if (!put.ok) throw new Error(`The upload failed (${put.status}).`);
      await this.send(slot.getUrl);
    });
    this.$('#file').value = '';
  }
}

// ---- <xwg-rooms> ------------------------------------------------------------------------

class XwgRooms extends SessionElement {
  static style = `#room-log { max-height: 220px; overflow-y: auto; border: 1px solid var(--xwg-muted, #595959);
    border-radius: var(--xwg-radius, 6px); padding: .4em; margin: .4em 0; }`;

  render() {
    this.html(`
      <h2>Rooms</h2>
      <ul id="rooms" part="rooms" aria-label="Rooms"></ul>
      <form id="join" class="row" aria-label="Join a room">
        <label>Room <input name="room" required></label>
        <button type="submit">Join</button>
      </form>
      <section id="inside" hidden aria-labelledby="room-title">
        <h2 id="room-title"></h2>
        <p class="muted" id="occupants"></p>
        <div id="room-log" role="log" aria-live="polite" aria-label="Room messages" tabindex="0"></div>
        <form id="post" class="row" aria-label="Post to the room">
          <label class="sr" for="room-text">Message to the room</label>
          <input id="room-text" autocomplete="off" style="flex:1"><button type="submit">Post</button>
          <button type="button" class="plain" id="leave">Leave</button>
        </form>
      </section>
      <p role="alert"></p>`);
    this.$('#join').addEventListener('submit', (event) => {
      event.preventDefault();
      this.join(this.$('#join').elements.room.value);
    });
    this.$('#post').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = this.$('#room-text');
      this.attempt(() => this.gateway.call('groupchat_post', { path: { roomName: this.room }, body: input.value }))
        .then(() => { input.value = ''; });
    });
    this.$('#leave').addEventListener('click', () => this.attempt(async () => {
      await this.gateway.call('groupchat_leave', { path: { roomName: this.room } });
      this.room = null;
      this.$('#inside').hidden = true;
    }));
    this.listen(this.gateway, 'chatapi.muc', (e) => this.event(e.detail));
    this.listen(this.gateway, 'chatapi.presence', (e) => { if (e.detail.muc && this.room) this.occupants(); });
  }

  refresh() {
    this.list();
  }

  reset() {
    this.room = null;
    this.$('#inside').hidden = true;
    this.$('#rooms').innerHTML = '';
  }

  async list() {
    const rooms = await this.attempt(() => this.gateway.call('groupchat_rooms'));
    if (!rooms) return;
    const list = this.$('#rooms');
    list.innerHTML = '';
    for (const room of rooms.chatRooms) {
      const li = document.createElement('li');
      li.innerHTML = `<button type="button" class="plain">${text(room.naturalName || room.roomName)}</button>
        <span class="muted">${room.occupants ?? 0} in it</span>`;
      li.querySelector('button').addEventListener('click', () => this.join(room.roomName));
      list.append(li);
    }
  }

  async join(room) {
    const joined = await this.attempt(() => this.gateway.call('groupchat_join', { path: { roomName: room } }));
    if (joined === undefined) return;
    this.room = room;
    this.$('#inside').hidden = false;
    this.$('#room-title').textContent = `Room ${room}`;
    this.$('#room-log').innerHTML = '';
    this.occupants();
    this.list();
  }

  async occupants() {
    const found = await this.attempt(() => this.gateway.call('groupchat_occupants', { path: { roomName: this.room } }));
    if (found) this.$('#occupants').textContent = `In the room: ${found.occupants.map((o) => o.jid.split('/')[1]).join(', ')}`;
  }

  event(data) {
    if (data.type !== 'groupchat' || !this.room || !data.body || bare(data.from).split('@')[0] !== this.room) return;
    const line = document.createElement('p');
    line.innerHTML = `<strong>${text(data.from.split('/')[1] || '')}</strong>: ${text(data.body)}`;
    this.$('#room-log').append(line);
  }
}

// ---- <xwg-notifications> ----------------------------------------------------------------

class XwgNotifications extends SessionElement {
  render() {
    this.html(`
      <div class="row"><button type="button" id="enable">Notify me when I am away</button>
      <span role="status" id="state" class="muted"></span></div><p role="alert"></p>`);
    this.$('#enable').addEventListener('click', () => this.attempt(async () => {
      const { enablePush } = await import('../push.js');
      await enablePush({ token: this.gateway.token, resource: this.resource() });
      this.$('#state').textContent = 'Notifications are on for this browser.';
    }));
    this.listen(this.gateway, 'token', async (e) => {
      if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return;
      const { updateToken } = await import('../push.js');
      updateToken(e.detail.token).catch(() => {});
    });
  }

  resource() {
    let id = localStorage.getItem('xwg:device');
    if (!id) localStorage.setItem('xwg:device', (id = `web-${crypto.randomUUID().slice(0, 8)}`));
    return id;
  }

}

customElements.define('xwg-login', XwgLogin);
customElements.define('xwg-status', XwgStatus);
customElements.define('xwg-roster', XwgRoster);
customElements.define('xwg-inbox', XwgInbox);
customElements.define('xwg-chat', XwgChat);
customElements.define('xwg-rooms', XwgRooms);
customElements.define('xwg-notifications', XwgNotifications);

export { XwgLogin, XwgStatus, XwgRoster, XwgInbox, XwgChat, XwgRooms, XwgNotifications };
