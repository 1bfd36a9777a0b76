// Web components bound to the user's session through the gateway: <xwg-login>, <xwg-status>,
// <xwg-profile>, <xwg-roster>, <xwg-inbox>, <xwg-chat>, <xwg-rooms>, <xwg-notifications>. Each works on its own in any
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
  button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, li:focus-visible { outline: 3px solid var(--xwg-accent, #1d4ed8); outline-offset: 2px; }
  input, select { font: inherit; padding: .3em .5em; border: 1px solid var(--xwg-muted, #595959); border-radius: var(--xwg-radius, 6px);
    min-width: 0; max-width: 100%; color: inherit; background: inherit; }
  label { overflow-wrap: anywhere; }
  ul { list-style: none; margin: 0; padding: 0; }
  .muted { color: var(--xwg-muted, #595959); }
  .row { display: flex; gap: .5em; align-items: center; flex-wrap: wrap; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  h2 { font-size: 1.05em; margin: .2em 0 .5em; overflow-wrap: anywhere; }
  .avatar { flex: none; width: 2em; height: 2em; border-radius: 50%; overflow: hidden; display: inline-flex;
    align-items: center; justify-content: center; font-weight: bold;
    background: color-mix(in srgb, var(--xwg-accent, #1d4ed8) 25%, var(--xwg-bg, #fff)); }
  .avatar img { width: 100%; height: 100%; object-fit: cover; }
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

  /** Runs an action, showing its error (in words, announced) instead of losing it. A
   * user's action clears the last error first; a load in the background leaves it. */
  async attempt(action, where = this.$('[role=alert]'), { clear = true } = {}) {
    if (where && clear) where.textContent = '';
    try {
      return await action();
    } catch (error) {
      if (where) where.textContent = words(error);
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

/** What went wrong, for a person: the gateway's own words, or, when it could not be
 * reached at all (fetch's TypeError), what to do. */
function words(error) {
  if (error instanceof TypeError) return 'The gateway cannot be reached: check the connection, then try again.';
  return error.message;
}

// ---- Names and avatars ------------------------------------------------------------------

const cards = new WeakMap();
const AVATAR = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/;

/** Someone's card ({name, avatar}) from their vCard, asked once per page and gateway. */
function cardOf(gateway, jid) {
  if (!cards.has(gateway)) cards.set(gateway, new Map());
  const known = cards.get(gateway);
  if (!known.has(jid)) {
    // A card that could not be read is asked again next time.
    known.set(jid, gateway.call('get_card', { path: { jid } }).catch(() => {
      known.delete(jid);
      return { jid, name: null, avatar: null };
    }));
  }
  return known.get(jid);
}

/** Forgets a card (the user changed theirs). */
function forgetCard(gateway, jid) {
  cards.get(gateway)?.delete(jid);
}

/** A round picture for someone: their avatar, or their initial. Decorative: the name is
 * always written beside it. */
function avatarNode(name, avatar) {
  const node = document.createElement('span');
  node.className = 'avatar';
  node.setAttribute('aria-hidden', 'true');
  if (avatar && AVATAR.test(avatar)) {
    const image = document.createElement('img');
    image.src = avatar;
    image.alt = '';
    node.append(image);
  } else {
    node.textContent = (name || '?').trim().charAt(0).toUpperCase();
  }
  return node;
}

/** Everyone's reactions to a message (who → theirs) as counts, `👍 2 🎉 1`. */
function reactionCounts(all) {
  const counts = new Map();
  for (const each of all.values()) for (const reaction of each) counts.set(reaction, (counts.get(reaction) || 0) + 1);
  return [...counts].map(([reaction, n]) => `${reaction} ${n}`).join(' ');
}

/** Fills `.avatar` and `.name` of a list item from the card, once it comes. */
function dressWithCard(gateway, item, jid, shownName) {
  cardOf(gateway, jid).then((card) => {
    const name = shownName || card.name;
    item.querySelector('.avatar')?.replaceWith(avatarNode(name || jid, card.avatar));
    // A name anyone may write in their own card: shown with the address beside it, so
    // that no one passes for someone else.
    if (!shownName && card.name) item.querySelector('.name').firstChild.textContent = `${card.name} (${jid})`;
  });
}
/** Text made safe for HTML, in content and in quoted attributes alike. */
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const text = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** An input's `pattern` for a name or an address (name@domain): no spaces, none of the
 * characters an XMPP address cannot have before its @. */
const ADDRESS = String.raw`[^\s@\/&quot;&amp;'&lt;&gt;:]+(@[^\s@\/]+)?`;

const IMAGE = /\.(png|jpe?g|gif|webp|avif)$/i;

/** What a message body is: a lone http(s) URL — of an image (by its file's extension:
 * what an upload slot gives), of another file, or a page — or text. */
function kindOf(body) {
  let url = null;
  try {
    url = /^https?:\/\/\S+$/.test(body) ? new URL(body) : null;
  } catch { /* not a URL after all */ }
  if (!url || !['http:', 'https:'].includes(url.protocol)) return { kind: 'text' };
  const last = url.pathname.split('/').pop() || '';
  let file = last;
  try {
    file = decodeURIComponent(last);
  } catch { /* a broken %-escape (anyone can send one): the name as it is */ }
  if (IMAGE.test(url.pathname)) return { kind: 'image', url, file };
  if (/\.\w{1,8}$/.test(url.pathname) && !/\.html?$/i.test(url.pathname)) return { kind: 'file', url, file };
  return { kind: 'link', url };
}

/** A message body in a line of words (a conversations list's preview). */
function summary(body) {
  const { kind, file } = kindOf(body);
  return { image: `Image: ${file}`, file: `File: ${file}` }[kind] || body;
}

/** A message body as nodes: a link for a URL, with an image inline in it, or a card with
 * a file's name. Built as DOM, never as markup: the text comes from anyone on the XMPP
 * network; images load without a referrer. */
function bodyNodes(body) {
  const { kind, url, file } = kindOf(body);
  if (kind === 'text') return [document.createTextNode(body)];
  const link = document.createElement('a');
  link.href = url.href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.className = kind;
  if (kind === 'image') {
    const image = document.createElement('img');
    image.src = url.href;
    image.alt = `Image: ${file}`;
    image.loading = 'lazy';
    image.referrerPolicy = 'no-referrer';
    link.append(image);
  } else {
    link.textContent = kind === 'file' ? `File: ${file}` : body;
  }
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
      this.$('[role=alert]').textContent = words(error);
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

// ---- <xwg-profile> ----------------------------------------------------------------------

/** An image file as a square PNG avatar of 128 px (cropped to its middle), base64. */
async function squareAvatar(file) {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 128;
  canvas.getContext('2d').drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, 128, 128);
  return canvas.toDataURL('image/png').split(',')[1];
}

/** The user's own display name (their vCard's, what contacts see), avatar (their vCard's
 * photo) and availability with a status message (their presence). */
class XwgProfile extends SessionElement {
  static style = `summary { cursor: pointer; display: flex; align-items: center; gap: .5em; }
    form { margin-top: .4em; }`;

  render() {
    this.html(`
      <details part="profile">
        <summary><span class="avatar"></span><span id="me"></span></summary>
        <form id="profile" class="row" aria-label="Your name and status">
          <label>Display name <input name="name" autocomplete="name" maxlength="100"></label>
          <label>Avatar <input name="avatar" type="file" accept="image/png,image/jpeg,image/gif,image/webp"></label>
          <button type="button" class="plain" id="no-avatar">Remove the avatar</button>
          <label>Availability <select name="show">
            <option value="online">Online</option><option value="away">Away</option>
            <option value="dnd">Busy</option><option value="xa">Away for long</option></select></label>
          <label>Status <input name="status" maxlength="200" placeholder="What you are up to"></label>
          <button type="submit">Save</button>
        </form>
        <p role="alert"></p>
      </details>`);
    const form = this.$('#profile');
    this.$('#no-avatar').addEventListener('click', () => this.attempt(async () => {
      await this.gateway.call('delete_avatar');
      forgetCard(this.gateway, await this.gateway.jid(this.gateway.username));
      await this.picture();
    }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const { name, show, status, avatar } = Object.fromEntries(new FormData(form));
      this.attempt(async () => {
        if (name !== this.name) await this.gateway.call('put_user', { body: { name } });
        if (avatar?.size) {
          await this.gateway.call('put_avatar', { body: { type: 'image/png', data: await squareAvatar(avatar) } });
          form.elements.avatar.value = '';
        }
        forgetCard(this.gateway, await this.gateway.jid(this.gateway.username));
        this.picture();
        await this.gateway.call('set_presence', { query: { show, status } });
        this.name = name;
        this.show({ name, show, status });
        this.$('details').open = false;
        return true;
      });
    });
  }

  refresh() {
    this.$('#me').textContent = this.gateway.username;
    this.picture();
    this.attempt(() => this.gateway.call('get_user'), undefined, { clear: false }).then((user) => {
      if (!user) return;
      this.name = user.name;
      this.$('#profile').elements.name.value = user.name;
      this.show({ name: user.name });
    });
  }

  /** The user's own avatar, as contacts see it. */
  async picture() {
    const me = await this.gateway.jid(this.gateway.username);
    const card = await cardOf(this.gateway, me);
    this.$('summary .avatar').replaceWith(avatarNode(card.name || this.gateway.username, card.avatar));
    this.$('#no-avatar').hidden = !card.avatar;
  }

  show({ name, show, status }) {
    const words = { online: 'online', away: 'away', dnd: 'busy', xa: 'away for long' };
    const state = show ? ` (${words[show]}${status ? `: ${status}` : ''})` : '';
    this.$('#me').textContent = `${name || this.gateway.username}${state}`;
  }
}

// ---- <xwg-roster> -----------------------------------------------------------------------

const SHOW_WORDS = { available: 'online', chat: 'free to chat', away: 'away', xa: 'away for long', dnd: 'busy', unavailable: 'offline' };

class XwgRoster extends SessionElement {
  static style = `
    li.contact { display: flex; justify-content: space-between; align-items: center; gap: .5em; }
    button.open { flex: 1; min-width: 0; text-align: left; border: 0; color: inherit; display: flex; gap: .5em; align-items: center; }
    button.open:hover, button.open[aria-current=true] { background: color-mix(in srgb, var(--xwg-accent, #1d4ed8) 12%, transparent); }
    .who { display: flex; flex-direction: column; min-width: 0; }
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
        <label>Add a contact <input name="jid" placeholder="name or name@domain" required
          pattern="${ADDRESS}" title="A username, or an address (name@domain), without spaces"></label>
        <button type="submit">Add</button>
      </form>
      <p role="alert"></p>
      <p class="sr" aria-live="polite" id="news"></p>`);
    this.$('#add').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = this.$('#add').elements.jid;
      // 1: ask to see their presence; theirs comes back as a request to accept. (Not
      // pre-approval: Prosody then sends no presence until the next change.)
      this.attempt(async () => {
        const jid = await this.gateway.jid(input.value);
        await this.gateway.call('add_roster_item', { body: { jid, subscriptionType: 1 } });
        return jid;
      }).then((jid) => {
        // On a refusal the words stay, and so does what was typed, to correct it.
        if (!jid) return;
        input.value = '';
        this.announce(`Asked ${jid} to be a contact`);
        this.load();
      });
    });
    const gw = this.gateway;
    this.listen(gw, 'onConnect', () => this.load());
    this.listen(gw, 'chatapi.presence', (e) => this.presence(e.detail));
    this.listen(gw, 'chatapi.roster', () => this.load());
    this.listen(gw, 'chatapi.subscription', () => this.loadRequests());
    this.listen(gw, 'chatapi.chat', (e) => this.message(e.detail));
    this.listen(gw, 'chatapi.error', (e) => this.problem(e.detail));
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
    const roster = await this.attempt(() => this.gateway.call('get_roster'), undefined, { clear: false });
    if (!roster) return;
    const known = this.contacts;
    this.contacts = new Map(roster.roster.map((item) => {
      const seen = known.get(item.jid);
      return [item.jid, { ...item, show: seen?.show ?? item.show, status: seen?.status ?? item.status, problem: seen?.problem }];
    }));
    this.draw();
    this.loadRequests();
    this.dispatchEvent(new CustomEvent('xwg-roster-ready', { bubbles: true, composed: true }));
  }

  async loadRequests() {
    const waiting = await this.attempt(() => this.gateway.call('get_subscription_requests'), undefined, { clear: false });
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

  /** An error stanza from a contact (an address whose server does not exist, …): shown
   * by the contact, by its protocol condition. */
  problem(data) {
    const contact = this.contacts.get(bare(data.from));
    if (!contact || !data.condition) return;
    contact.problem = data.condition;
    this.announce(`${contact.nickname || contact.jid}: ${data.condition}`);
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
          <span class="avatar"></span><span class="who">
          <span class="name">${text(contact.nickname || jid)}</span>
          <span class="muted presence" data-show="${text(show)}">${text(SHOW_WORDS[show] || show)}${contact.status ? ` — ${text(contact.status)}` : ''}</span>
          ${contact.problem ? `<span class="problem">Cannot be reached (${text(contact.problem)}): check the address, or remove the contact.</span>` : ''}
        </span></button>
        <span class="unread" data-count="${unread}">${unread ? `${unread} unread` : ''}</span>`;
      li.querySelector('button').addEventListener('click', () => {
        this.selected = jid;
        this.unread.delete(jid);
        this.draw();
        this.dispatchEvent(new CustomEvent('xwg-open-chat', { detail: { jid }, bubbles: true, composed: true }));
      });
      dressWithCard(this.gateway, li, jid, contact.nickname);
      list.append(li);
    }
    if (!this.contacts.size) list.innerHTML = '<li class="muted">No contacts yet.</li>';
  }
}

// ---- <xwg-inbox> ------------------------------------------------------------------------

/** The last message of a conversation, in a line of words. */
function lastLine(last) {
  if (!last) return 'No messages yet';
  const said = last.retracted ? 'Message withdrawn' : `${summary(last.body)}${last.edited ? ' (edited)' : ''}`;
  return last.mine ? `You: ${said}` : said;
}

/** The user's conversations (contacts and rooms), newest first, with unread counts that
 * every device of the user shares: opening one marks it read. Tells the page the total
 * unread (`xwg-unread`) and which conversation to show (`xwg-open-chat`, `xwg-open-room`). */
class XwgInbox extends SessionElement {
  static style = `
    li.conversation { display: flex; align-items: center; gap: .4em; }
    button.open { flex: 1; min-width: 0; text-align: left; border: 0; color: inherit; background: transparent;
      display: flex; gap: .5em; align-items: center; }
    .who { display: flex; flex-direction: column; min-width: 0; }
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
          <span class="avatar"></span><span class="who">
          <span class="name">${text(name)}${room ? ' <span class="muted">(room)</span>' : ''}</span>
          <span class="muted last"></span></span>
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
      if (room) li.querySelector('.avatar').replaceWith(avatarNode(name, null));
      else dressWithCard(this.gateway, li, jid, conversation.name);
      list.append(li);
    }
    if (!shown.length) list.innerHTML = '<li class="muted">No conversations yet.</li>';
    const total = shown.filter((c) => !c.muted).reduce((sum, c) => sum + c.unread, 0);
    this.dispatchEvent(new CustomEvent('xwg-unread', { detail: { total }, bubbles: true, composed: true }));
  }
}

// ---- <xwg-chat with="jid"> --------------------------------------------------------------

/** A sent message's states, in the order they come; a later one never goes back. */
const PROGRESS = { 'sending…': 0, 'not sent': 0, queued: 1, sent: 1, delivered: 2, read: 3 };
const day = (when) => new Date(when).toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
/** Messages of one sender within this long of each other are one group. */
const GROUP_MS = 5 * 60_000;

class XwgChat extends SessionElement {
  static observedAttributes = ['with'];

  static style = `
    #log { height: var(--xwg-chat-height, 320px); overflow-y: auto; border: 1px solid var(--xwg-muted, #595959);
      border-radius: var(--xwg-radius, 6px); padding: .5em; display: flex; flex-direction: column; gap: .3em; }
    #log.dropping { outline: 3px dashed var(--xwg-accent, #1d4ed8); }
    .msg { max-width: 80%; padding: .3em .6em; border-radius: var(--xwg-radius, 6px);
      background: var(--xwg-bubble, #eef1f6); overflow-wrap: anywhere; }
    .msg.mine { align-self: flex-end; background: color-mix(in srgb, var(--xwg-accent, #1d4ed8) 14%, var(--xwg-bg, #fff)); }
    .msg.follow { margin-top: -.2em; }
    .msg.retracted .body { font-style: italic; color: var(--xwg-muted, #595959); }
    .msg img { display: block; max-width: 100%; max-height: 240px; border-radius: var(--xwg-radius, 6px); }
    .day { align-self: center; font-size: .8em; color: var(--xwg-muted, #595959); margin: .4em 0; }
    .meta { font-size: .8em; color: var(--xwg-muted, #595959); display: flex; gap: .5em; flex-wrap: wrap; align-items: center; }
    .meta button { font-size: 1em; padding: 0 .4em; }
    .quote { font-size: .85em; border-left: 3px solid var(--xwg-muted, #595959); padding-left: .4em; margin-bottom: .2em;
      color: var(--xwg-muted, #595959); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    #replying:not(:empty) { font-size: .9em; margin: .2em 0; }
    #typing { min-height: 1.4em; }
    .attach { cursor: pointer; padding: .3em .6em; border: 1px solid var(--xwg-accent, #1d4ed8); border-radius: var(--xwg-radius, 6px); }
    .attach:focus-within { outline: 3px solid var(--xwg-accent, #1d4ed8); outline-offset: 2px; }`;

  constructor() {
    super();
    this.shown = new Set();
    this.before = null;
    this.typingTimer = null;
    /** Reactions by message id: who reacted with what. */
    this.reactions = new Map();
  }

  attributeChangedCallback() {
    if (this.shadowRoot.innerHTML) this.open();
  }

  render() {
    this.html(`
      <h2 id="title" part="title"></h2>
      <div id="log" part="log" role="log" aria-live="polite" aria-label="Messages" tabindex="0"></div>
      <p id="typing" class="muted" role="status" aria-live="polite"></p>
      <div id="replying" class="row"></div>
      <form id="send" class="row" aria-label="Send a message">
        <label class="sr" for="text">Message</label>
        <input id="text" name="text" autocomplete="off" placeholder="Write a message, or paste or drop a file" style="flex:1">
        <button type="submit">Send</button>
        <label class="attach">Attach<span class="sr"> a file</span>
          <input type="file" id="file" class="sr"></label>
      </form>
      <p role="alert"></p>`);
    this.$('#send').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = this.$('#text');
      if (!input.value.trim()) return;
      // What was not sent stays on screen, with a Retry; a failed edit says why.
      if (this.editing) this.correct(this.editing, input.value);
      else this.send(input.value);
      this.editing = null;
      input.value = '';
    });
    this.$('#text').addEventListener('input', () => this.typing());
    this.$('#text').addEventListener('paste', (event) => {
      const [file] = event.clipboardData?.files || [];
      if (file) {
        event.preventDefault();
        this.upload(file);
      }
    });
    this.$('#file').addEventListener('change', (event) => this.upload(event.target.files[0]));
    const log = this.$('#log');
    log.addEventListener('scroll', () => {
      if (log.scrollTop === 0 && this.before) this.history(true);
    });
    log.addEventListener('dragover', (event) => {
      if (!this.peer || !event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      log.classList.add('dropping');
    });
    log.addEventListener('dragleave', () => log.classList.remove('dropping'));
    log.addEventListener('drop', (event) => {
      log.classList.remove('dropping');
      const [file] = event.dataTransfer?.files || [];
      if (!file || !this.peer) return;
      event.preventDefault();
      this.upload(file);
    });
    log.addEventListener('click', (event) => this.action(event));
    const gw = this.gateway;
    this.listen(gw, 'chatapi.chat', (e) => this.event(e.detail));
    this.listen(gw, 'chatapi.receipt', (e) => this.progress(e.detail, 'delivered'));
    this.listen(gw, 'chatapi.displayed', (e) => this.progress(e.detail, 'read'));
    this.listen(gw, 'chatapi.reactions', (e) => {
      const data = e.detail;
      if (!this.concerns(data)) return;
      this.reacted(data.id, data.carbon === 'sent' ? this.me : bare(data.from), data.reactions);
    });
    this.listen(gw, 'chatapi.retraction', (e) => {
      if (this.concerns(e.detail)) this.withdrawn(this.find(e.detail.id, bare(e.detail.from)));
    });
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
    this.$('[role=alert]').textContent = '';
    this.shown.clear();
    this.reactions.clear();
    this.before = null;
    this.peerJid = null;
    this.editing = null;
    this.replyTo(null);
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
    // An action that did not apply (not its sender's, or on an older message) is no message.
    const nodes = messages.filter((m) => !this.shown.has(m.id) && !m.action).map((m) => {
      this.shown.add(m.id);
      const mine = bare(m.from) === this.me;
      const read = mine && m.displayedBy?.some((who) => bare(who) === this.peerJid);
      const id = m.messageId || m.originId;
      const bubble = this.bubble({ body: m.body, when: m.sentDate, from: bare(m.from), id, state: read ? 'read' : '', reply: m.replyTo });
      for (const { reaction, by } of m.reactions || []) {
        for (const who of by) this.reacted(id, bare(who), [...(this.reactions.get(id)?.get(bare(who)) || []), reaction], bubble);
      }
      if (m.edited) this.edited(bubble);
      if (m.retracted) this.withdrawn(bubble);
      return bubble;
    });
    log.prepend(...nodes);
    this.before = messages.length ? page.first : null;
    this.arrange();
    if (earlier) log.scrollTop = log.scrollHeight - height;
    else log.scrollTop = log.scrollHeight;
  }

  /** One message: who said it (for screen readers), its text, its time and, for the user's
   * own, how far it got and what can be done with it. */
  bubble({ body, when, from, id, state, reply }) {
    const mine = from === this.me;
    const div = document.createElement('div');
    div.className = `msg${mine ? ' mine' : ''}`;
    div.setAttribute('part', mine ? 'message mine' : 'message');
    div.dataset.from = from;
    div.dataset.when = new Date(when).getTime();
    if (id) div.dataset.id = id;
    const time = new Date(when).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const own = '<button type="button" class="plain" data-do="edit">Edit</button><button type="button" class="plain" data-do="delete">Delete</button>';
    const any = '<button type="button" class="plain" data-do="react" aria-pressed="false">Like</button><button type="button" class="plain" data-do="reply">Reply</button>';
    div.innerHTML = `<div class="quote" hidden></div><span class="sr">${mine ? 'You' : text(this.peer)}: </span><span class="body"></span>
      <div class="meta"><span>${text(time)}</span> <span class="edited"></span> <span class="state">${text(state || '')}</span>
        <span class="reactions"></span>${id ? any : ''}${mine && id ? own : ''}</div>`;
    div.querySelector('.body').append(...bodyNodes(body));
    if (reply?.id) {
      // The message it answers, as this page has it (never markup from the sender).
      const quote = div.querySelector('.quote');
      quote.hidden = false;
      quote.textContent = `Reply to: ${this.find(reply.id)?.querySelector('.body').textContent || 'an earlier message'}`;
    }
    return div;
  }

  /** Day separators, and a sender's messages close together shown as one group. */
  arrange() {
    const log = this.$('#log');
    for (const separator of log.querySelectorAll('.day')) separator.remove();
    let previous = null;
    for (const message of log.querySelectorAll('.msg')) {
      const when = Number(message.dataset.when);
      if (!previous || day(when) !== day(Number(previous.dataset.when))) {
        const separator = document.createElement('div');
        separator.className = 'day';
        separator.setAttribute('role', 'separator');
        separator.textContent = day(when);
        message.before(separator);
      }
      const follows = previous && previous.dataset.from === message.dataset.from
        && when - Number(previous.dataset.when) < GROUP_MS && day(when) === day(Number(previous.dataset.when));
      message.classList.toggle('follow', Boolean(follows));
      previous = message;
    }
  }

  find(id, from) {
    if (!id) return null;
    const bubble = this.$(`.msg[data-id="${CSS.escape(id)}"]`);
    return bubble && (!from || bubble.dataset.from === from) ? bubble : null;
  }

  append(bubble) {
    const log = this.$('#log');
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    log.append(bubble);
    this.arrange();
    if (atEnd || bubble.classList.contains('mine')) log.scrollTop = log.scrollHeight;
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
    const from = data.carbon === 'sent' ? this.me : bare(data.from);
    if (data.replaces) {
      // A correction (XEP-0308) applies only to its sender's own message.
      const corrected = this.find(data.replaces, from);
      if (corrected) {
        corrected.querySelector('.body').replaceChildren(...bodyNodes(data.body));
        this.edited(corrected);
      }
      return;
    }
    const key = data.originId || data.stanzaId || data.eventId;
    if (this.shown.has(key) || (data.stanzaId && this.shown.has(data.stanzaId))) return;
    this.shown.add(key);
    if (data.stanzaId) this.shown.add(data.stanzaId);
    if (from !== this.me) this.$('#typing').textContent = '';
    if (this.find(data.id || data.originId)) return;
    const state = from === this.me ? 'sent' : '';
    this.append(this.bubble({ body: data.body, when: data.delay || Date.now(), from, id: data.id || data.originId, state, reply: data.replyTo }));
  }

  /** A receipt or a read marker from the peer: that message (and, when read, every one
   * before it) got that far. */
  progress(data, state) {
    if (bare(data.from) !== this.peerJid || data.carbon) return;
    const bubble = this.find(data.id, this.me);
    if (!bubble) return;
    const mine = [...this.$('#log').querySelectorAll('.msg.mine')];
    const reached = state === 'read' ? mine.slice(0, mine.indexOf(bubble) + 1) : [bubble];
    for (const each of reached) this.setState(each, state);
  }

  setState(bubble, state) {
    const shown = bubble.querySelector('.state');
    const now = shown.textContent.trim();
    if (now && PROGRESS[state] < (PROGRESS[now] ?? 0)) return;
    shown.textContent = state;
    bubble.querySelector('[data-do=retry]')?.remove();
    // What is not sent yet cannot be edited, withdrawn, liked or answered.
    const pending = state === 'sending…' || state === 'not sent';
    for (const button of bubble.querySelectorAll('[data-do]')) button.hidden = pending;
    if (state === 'not sent') {
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'plain';
      retry.dataset.do = 'retry';
      retry.textContent = 'Retry';
      shown.after(retry);
    }
  }

  edited(bubble) {
    bubble.querySelector('.edited').textContent = '(edited)';
  }

  /** All of `who`'s reactions to a message (none: withdrawn), shown as counts. */
  reacted(id, who, reactions, bubble = this.find(id)) {
    if (!id) return;
    const all = this.reactions.get(id) || new Map();
    all.set(who, reactions);
    this.reactions.set(id, all);
    if (!bubble) return;
    bubble.querySelector('.reactions').textContent = reactionCounts(all);
    bubble.querySelector('[data-do=react]')?.setAttribute('aria-pressed', String((all.get(this.me) || []).includes('👍')));
  }

  /** The message the next one answers (XEP-0461), or none. */
  replyTo(message) {
    this.replying = message;
    const line = this.$('#replying');
    line.replaceChildren();
    if (!message) return;
    const words = document.createElement('span');
    words.className = 'muted';
    words.textContent = `Replying to: ${message.text}`;
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'plain';
    cancel.textContent = 'Cancel';
    cancel.addEventListener('click', () => this.replyTo(null));
    line.append(words, cancel);
    this.$('#text').focus();
  }

  withdrawn(bubble) {
    if (!bubble) return;
    bubble.classList.add('retracted');
    bubble.querySelector('.body').textContent = 'Message withdrawn';
    for (const button of bubble.querySelectorAll('[data-do=edit], [data-do=delete]')) button.remove();
  }

  /** A button of a message: retry one not sent, edit or delete one's own. */
  action(event) {
    const what = event.target.dataset?.do;
    const bubble = event.target.closest('.msg');
    if (!what || !bubble) return;
    const id = bubble.dataset.id;
    if (what === 'retry') this.deliver(bubble, id);
    if (what === 'edit') {
      this.editing = id;
      const input = this.$('#text');
      input.value = bubble.querySelector('.body').textContent;
      input.focus();
    }
    if (what === 'react') {
      const mine = this.reactions.get(id)?.get(this.me) || [];
      const reactions = mine.includes('👍') ? mine.filter((r) => r !== '👍') : [...mine, '👍'];
      this.attempt(() => this.gateway.call('react_to_chat_message', { path: { to: this.peerJid, id }, body: { reactions } }))
        .then((done) => { if (done !== undefined) this.reacted(id, this.me, reactions); });
    }
    if (what === 'reply') this.replyTo({ id, text: bubble.querySelector('.body').textContent });
    if (what === 'delete') {
      this.attempt(() => this.gateway.call('retract_chat_message', { path: { to: this.peerJid, id } }))
        .then((done) => { if (done !== undefined) this.withdrawn(bubble); });
    }
  }

  async send(text) {
    const id = crypto.randomUUID();
    const reply = this.replying;
    const bubble = this.bubble({ body: text, when: Date.now(), from: this.me, id, state: 'sending…', reply });
    bubble.payload = reply ? { body: text, replyTo: reply.id } : text;
    this.replyTo(null);
    this.shown.add(id);
    this.append(bubble);
    clearTimeout(this.typingTimer);
    this.typingTimer = null;
    return this.deliver(bubble, id);
  }

  /** Sends (or sends again: the same id, so the gateway never sends it twice). */
  async deliver(bubble, id) {
    this.setState(bubble, 'sending…');
    const sent = await this.attempt(() => this.gateway.call('post_chat_message', {
      path: { to: this.peer }, body: bubble.payload, headers: { 'Idempotency-Key': id },
    }));
    // A receipt may come (over the stream) before the call's answer: never go back.
    this.setState(bubble, !sent ? 'not sent' : sent.delivery === 'queued' ? 'queued' : 'sent');
    return sent;
  }

  async correct(id, body) {
    const bubble = this.find(id, this.me);
    const done = await this.attempt(() => this.gateway.call('correct_chat_message', { path: { to: this.peerJid, id }, body }));
    if (done !== undefined && bubble) {
      bubble.querySelector('.body').replaceChildren(...bodyNodes(body));
      this.edited(bubble);
    }
    return done;
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

  /** A file through the server's upload slot (XEP-0363); its link is sent as the message
   * (an image shows inline on both sides). */
  async upload(file) {
    if (!file) return;
    await this.attempt(async () => {
      const slot = await this.gateway.call('upload_slot', { path: { fileName: file.name, fileSize: file.size } });
      const put = await fetch(slot.putUrl, { method: 'PUT', headers: slot.headers, body: file });
      if (!put.ok) throw new Error(`The upload failed (${put.status}); try again, or a smaller file.`);
      await this.send(slot.getUrl);
    });
    this.$('#file').value = '';
  }
}

// ---- <xwg-rooms> ------------------------------------------------------------------------

/** Rooms: the service's list, join by name or address (`name@service`), the open room's
 * history and messages, its occupants, invitations both ways. Tells the page which room
 * it shows (`xwg-open-room`, `detail.room`: the room's address; null once left). The
 * gateway enters the user's rooms again after any reconnect or restart by itself. */
class XwgRooms extends SessionElement {
  static style = `#room-log { max-height: var(--xwg-chat-height, 320px); overflow-y: auto; border: 1px solid var(--xwg-muted, #595959);
    border-radius: var(--xwg-radius, 6px); padding: .4em; margin: .4em 0; overflow-wrap: anywhere; }
    #room-log p { margin: .2em 0; }
    #room-log img { display: block; max-width: 100%; max-height: 240px; }
    section { margin-bottom: .8em; }`;

  constructor() {
    super();
    this.shown = new Set();
    /** Reactions by the room's message id: which occupant reacted with what. */
    this.reactions = new Map();
  }

  render() {
    this.html(`
      <h2>Rooms</h2>
      <section id="inside" hidden aria-labelledby="room-title">
        <h2 id="room-title"></h2>
        <p class="muted" id="occupants"></p>
        <div id="room-log" part="log" role="log" aria-live="polite" aria-label="Room messages" tabindex="0"></div>
        <form id="post" class="row" aria-label="Post to the room">
          <label class="sr" for="room-text">Message to the room</label>
          <input id="room-text" autocomplete="off" style="flex:1" required><button type="submit">Post</button>
        </form>
        <form id="invite" class="row" aria-label="Invite someone">
          <label>Invite <input name="jid" required placeholder="name or name@domain"
            pattern="${ADDRESS}" title="A username, or an address (name@domain), without spaces"></label>
          <button type="submit" class="plain">Invite</button>
          <button type="button" class="plain" id="bookmark">Add to your rooms</button>
          <button type="button" class="plain" id="leave">Leave the room</button>
        </form>
        <p class="muted" role="status" id="room-news"></p>
        <p role="alert" id="room-error"></p>
      </section>
      <section id="invitations-box" hidden aria-labelledby="invitations-title">
        <h2 id="invitations-title">Invitations</h2>
        <ul id="invitations"></ul>
      </section>
      <section id="saved-box" hidden aria-labelledby="saved-title">
        <h2 id="saved-title">Your rooms</h2>
        <ul id="saved" part="bookmarks"></ul>
      </section>
      <ul id="rooms" part="rooms" aria-label="Public rooms"></ul>
      <form id="join" class="row" aria-label="Join or create a room">
        <label>Room <input name="room" required placeholder="name or name@service"
          pattern="${ADDRESS}" title="A room's name, or its address (name@service)"></label>
        <button type="submit">Join</button>
      </form>
      <p role="alert" id="rooms-error"></p>`);
    const roomError = this.$('#room-error');
    this.$('#join').addEventListener('submit', (event) => {
      event.preventDefault();
      this.join(this.$('#join').elements.room.value).then((joined) => { if (joined) this.$('#join').reset(); });
    });
    this.$('#post').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = this.$('#room-text');
      this.attempt(() => this.gateway.call('groupchat_post', { ...this.at(), body: input.value }), roomError)
        .then((posted) => { if (posted !== undefined) input.value = ''; });
    });
    this.$('#invite').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = this.$('#invite').elements.jid;
      const { path, query } = this.at();
      this.attempt(async () => {
        const jid = await this.gateway.jid(input.value);
        await this.gateway.call('groupchat_invite', { path: { ...path, invitedJid: jid }, query, body: '' });
        return jid;
      }, roomError).then((jid) => {
        if (jid) {
          input.value = '';
          this.$('#room-news').textContent = `Invited ${jid}.`;
        }
      });
    });
    this.$('#bookmark').addEventListener('click', () => this.attempt(async () => {
      // A bookmark (XEP-0402): every client of the user lists the room, and joins it.
      await this.gateway.call('create_bookmark', { body: { type: 'group_chat', name: this.room.name, value: this.room.jid } });
      await this.list();
    }, roomError));
    this.$('#leave').addEventListener('click', () => this.attempt(async () => {
      await this.gateway.call('groupchat_leave', this.at());
      this.show(null);
    }, roomError));
    this.listen(this.gateway, 'chatapi.muc', (e) => this.event(e.detail));
    this.listen(this.gateway, 'chatapi.reactions', (e) => {
      const { from, id, reactions } = e.detail;
      if (this.room && bare(from) === this.room.jid) this.reacted(id, from, reactions);
    });
    this.$('#room-log').addEventListener('click', (event) => {
      const line = event.target.closest('p');
      if (event.target.dataset?.do === 'like' && line) this.like(line);
    });
    this.listen(this.gateway, 'chatapi.retraction', (e) => {
      const { from, id } = e.detail;
      if (!this.room || bare(from) !== this.room.jid) return;
      const line = this.find('stanza', id, e.detail);
      if (line) this.withdrawn(line);
    });
    this.listen(this.gateway, 'chatapi.presence', (e) => {
      if (e.detail.muc && this.room && bare(e.detail.from) === this.room.jid) this.occupants();
    });
  }

  refresh() {
    this.list();
  }

  reset() {
    this.show(null);
    this.$('#rooms').innerHTML = '';
    this.$('#invitations').innerHTML = '';
    this.$('#invitations-box').hidden = true;
    this.$('#saved').innerHTML = '';
    this.$('#saved-box').hidden = true;
    this.bookmarked = null;
  }

  async list() {
    const [rooms, saved] = await Promise.all([
      this.attempt(() => this.gateway.call('groupchat_rooms'), this.$('#rooms-error'), { clear: false }),
      this.attempt(() => this.gateway.call('get_bookmarks'), this.$('#rooms-error'), { clear: false }),
    ]);
    if (saved) this.saved(saved.bookmarks.filter((b) => b.value));
    if (!rooms) return;
    const list = this.$('#rooms');
    list.innerHTML = '';
    for (const room of rooms.chatRooms) {
      const li = document.createElement('li');
      li.innerHTML = `<button type="button" class="plain"></button>
        <span class="muted">${room.description ? text(room.description) : ''}</span>`;
      li.querySelector('button').textContent = room.naturalName || room.roomName;
      li.querySelector('button').addEventListener('click', () => this.join(room.roomName));
      list.append(li);
    }
    if (!rooms.chatRooms.length) list.innerHTML = '<li class="muted">No public rooms yet: join one by its name to create it.</li>';
  }

  /** The user's bookmarked rooms, to join with one press. */
  saved(bookmarks) {
    this.bookmarked = new Set(bookmarks.map((b) => b.value.toLowerCase()));
    const list = this.$('#saved');
    list.replaceChildren(...bookmarks.map((bookmark) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'plain';
      button.textContent = bookmark.name || bookmark.value;
      button.addEventListener('click', () => this.join(bookmark.value));
      li.append(button);
      return li;
    }));
    this.$('#saved-box').hidden = !bookmarks.length;
    if (this.room) this.$('#bookmark').hidden = this.bookmarked.has(this.room.jid);
  }

  /** A room by its name (on the gateway's chat service) or its address. */
  async address(room) {
    const [name, service] = room.trim().split('@');
    const host = service || `conference.${await this.gateway.domain()}`;
    return { name, service, jid: `${name}@${host}`.toLowerCase() };
  }

  /** The path and query that name the open room in a call. */
  at(room = this.room) {
    return { path: { roomName: room.name }, query: room.service ? { service: room.service } : {} };
  }

  /** Joins (creating it if there is none) and shows the room; answers whether it could. */
  async join(room) {
    const found = await this.address(room);
    const joined = await this.attempt(() => this.gateway.call('groupchat_join', this.at(found)), this.$('#rooms-error'));
    if (joined === undefined) return false;
    this.show(found);
    this.occupants();
    this.history();
    this.list();
    return true;
  }

  show(room) {
    this.room = room;
    this.shown.clear();
    this.reactions.clear();
    this.$('#inside').hidden = !room;
    this.$('#room-log').innerHTML = '';
    this.$('#room-error').textContent = '';
    this.$('#occupants').textContent = '';
    this.$('#room-news').textContent = '';
    if (room) {
      this.$('#room-title').textContent = `Room ${room.jid}`;
      this.$('#bookmark').hidden = Boolean(this.bookmarked?.has(room.jid));
    }
    this.dispatchEvent(new CustomEvent('xwg-open-room', { detail: { room: room?.jid ?? null }, bubbles: true, composed: true }));
  }

  /** The room's recent history, before what arrives live. */
  async history() {
    const room = this.room;
    const { path, query } = this.at();
    const page = await this.attempt(() => this.gateway.call('groupchat_history', { path, query: { ...query, max: 30 } }), this.$('#room-error'));
    if (!page || room !== this.room) return;
    const lines = page.messages.filter((m) => m.body && !m.action && !this.shown.has(m.id)).map((m) => {
      this.shown.add(m.id);
      const line = this.line(m.from, m.body, { id: m.messageId, stanzaId: m.id, occupantId: m.occupantId });
      for (const { reaction, by } of m.reactions || []) {
        for (const who of by) this.reacted(m.id, who, [...(this.reactions.get(m.id)?.get(who) || []), reaction], line);
      }
      if (m.edited) this.edited(line);
      if (m.retracted) this.withdrawn(line);
      return line;
    });
    this.$('#room-log').prepend(...lines);
    this.$('#room-log').scrollTop = this.$('#room-log').scrollHeight;
  }

  async occupants() {
    const room = this.room;
    const found = await this.attempt(() => this.gateway.call('groupchat_occupants', this.at()), this.$('#room-error'));
    if (!found || room !== this.room) return;
    const names = found.occupants.map((o) => o.jid.split('/')[1]);
    this.$('#occupants').textContent = `${names.length} in the room: ${names.join(', ')}`;
  }

  /** One message of the room: who (their nickname), what; with its ids, which later
   * corrections and withdrawals name. */
  line(from, body, { id, stanzaId, occupantId } = {}) {
    const line = document.createElement('p');
    line.dataset.from = from;
    if (id) line.dataset.id = id;
    if (stanzaId) line.dataset.stanza = stanzaId;
    if (occupantId) line.dataset.occupant = occupantId;
    const who = document.createElement('strong');
    who.textContent = `${from.split('/')[1] || from}: `;
    const said = document.createElement('span');
    said.className = 'body';
    said.append(...bodyNodes(body));
    const edited = document.createElement('span');
    edited.className = 'muted edited';
    line.append(who, said, edited);
    if (stanzaId) {
      // Reactions in a room name the room's id of the message (XEP-0444).
      const reactions = document.createElement('span');
      reactions.className = 'muted reactions';
      const like = document.createElement('button');
      like.type = 'button';
      like.className = 'plain like';
      like.dataset.do = 'like';
      like.setAttribute('aria-pressed', 'false');
      like.textContent = 'Like';
      line.append(' ', reactions, ' ', like);
    }
    return line;
  }

  /** All of `who`'s (an occupant's) reactions to the room's message `id`, shown as counts. */
  reacted(id, who, reactions, line = this.find('stanza', id, { from: this.room.jid })) {
    const all = this.reactions.get(id) || new Map();
    all.set(who, reactions);
    this.reactions.set(id, all);
    if (!line) return;
    line.querySelector('.reactions').textContent = reactionCounts(all);
    line.querySelector('.like')?.setAttribute('aria-pressed', String((all.get(this.me()) || []).includes('👍')));
  }

  /** The user as an occupant of the open room (the nickname is the username). */
  me() {
    return `${this.room.jid}/${this.gateway.username}`;
  }

  /** Likes (or unlikes) a message of the room. */
  like(line) {
    const id = line.dataset.stanza;
    const mine = this.reactions.get(id)?.get(this.me()) || [];
    const reactions = mine.includes('👍') ? mine.filter((r) => r !== '👍') : [...mine, '👍'];
    const { path, query } = this.at();
    this.attempt(() => this.gateway.call('react_to_room_message', { path: { ...path, id }, query, body: { reactions } }), this.$('#room-error'))
      .then((done) => { if (done !== undefined) this.reacted(id, this.me(), reactions, line); });
  }

  edited(line) {
    line.querySelector('.edited').textContent = ' (edited)';
  }

  withdrawn(line) {
    line.querySelector('.body').textContent = 'Message withdrawn';
    line.querySelector('.edited').textContent = '';
  }

  /** A room's line by an id, for a correction or withdrawal by `from` (with the room's id
   * of its author, XEP-0421): only its author's — the same author id where the room gives
   * one, else the same nickname —; the room itself withdraws any (moderation). */
  find(attribute, id, { from, occupantId }) {
    const line = [...this.$('#room-log').querySelectorAll('p')].find((p) => p.dataset[attribute] === id);
    if (!line) return null;
    if (from === this.room.jid) return line;
    const author = line.dataset.occupant;
    return (author ? author === occupantId : line.dataset.from === from) ? line : null;
  }

  event(data) {
    if (data.type === 'invitationReceived') return this.invited(data);
    if (data.type !== 'groupchat' || !this.room || !data.body || bare(data.from) !== this.room.jid) return undefined;
    if (data.replaces) {
      const corrected = this.find('id', data.replaces, data);
      if (corrected) {
        corrected.querySelector('.body').replaceChildren(...bodyNodes(data.body));
        this.edited(corrected);
      }
      return undefined;
    }
    const key = data.stanzaId || data.eventId;
    if (this.shown.has(key)) return undefined;
    this.shown.add(key);
    const log = this.$('#room-log');
    log.append(this.line(data.from, data.body, { id: data.id, stanzaId: data.stanzaId, occupantId: data.occupantId }));
    log.scrollTop = log.scrollHeight;
    return undefined;
  }

  invited({ room, inviter, reason }) {
    // One line per room (an inviter may send it both through the room and directly).
    const listed = [...this.$('#invitations').children].some((item) => item.dataset.room === room);
    if (!room || listed) return;
    const li = document.createElement('li');
    li.className = 'row';
    li.dataset.room = room;
    li.innerHTML = '<span></span><button type="button">Join</button><button type="button" class="plain">Dismiss</button>';
    // Through the room (XEP-0045), the inviter is the room with their nickname.
    const who = bare(inviter) === bare(room) ? inviter.split('/')[1] || 'Someone' : bare(inviter);
    li.querySelector('span').textContent = `${who} invites you to ${room}${reason ? `: “${reason}”` : ''}`;
    const done = () => {
      li.remove();
      this.$('#invitations-box').hidden = !this.$('#invitations').children.length;
    };
    li.querySelector('button').addEventListener('click', () => this.join(room).then((joined) => { if (joined) done(); }));
    li.querySelector('.plain').addEventListener('click', done);
    this.$('#invitations').append(li);
    this.$('#invitations-box').hidden = false;
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
customElements.define('xwg-profile', XwgProfile);
customElements.define('xwg-roster', XwgRoster);
customElements.define('xwg-inbox', XwgInbox);
customElements.define('xwg-chat', XwgChat);
customElements.define('xwg-rooms', XwgRooms);
customElements.define('xwg-notifications', XwgNotifications);

export { XwgLogin, XwgStatus, XwgProfile, XwgRoster, XwgInbox, XwgChat, XwgRooms, XwgNotifications };
