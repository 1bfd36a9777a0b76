// Types of the gateway's web components (components.js). Every component takes a
// `gateway` attribute: the gateway's URL (default: the page's own origin), so a page of
// another origin can use them.

import type { Gateway } from './xwg.js';

/** The base of every component. */
declare class GatewayElement extends HTMLElement {
  /** The client of the gateway named by the `gateway` attribute (shared in the page). */
  readonly gateway: Gateway;
}

/** Log in (password, passkey, second factor), sign up where registration is open, log out. */
export class XwgLogin extends GatewayElement {}
/** The connection's state in words (Connected, Reconnecting…). */
export class XwgStatus extends GatewayElement {}
/** The user's own display name, status and availability. */
export class XwgProfile extends GatewayElement {}
/** Contacts with their presence, contact requests, and a form to add one. Dispatches
 * `xwg-open-chat` (`detail.jid`). */
export class XwgRoster extends GatewayElement {}
/** The conversations list (the inbox): newest first, unread counts, mute. Dispatches
 * `xwg-open-chat` (`detail.jid`), `xwg-open-room` (`detail.room`, a room's address) and
 * `xwg-unread` (`detail.total`). */
export class XwgInbox extends GatewayElement {
  /** The conversation the page shows (read while shown), or none. */
  select(jid: string | null): void;
}
/** One conversation: attribute `with` (a username or a JID). */
export class XwgChat extends GatewayElement {}
/** Rooms: the list, join by name or address, the open room's messages, occupants,
 * invitations. Attribute `room` (optional): the room to show. */
export class XwgRooms extends GatewayElement {
  /** Joins a room (a name on the gateway's chat service, or an address) and shows it. */
  join(room: string): Promise<void>;
}
/** A button that turns on Web Push notifications for this browser. */
export class XwgNotifications extends GatewayElement {}

export interface XwgEventMap {
  'xwg-open-chat': CustomEvent<{ jid: string }>;
  'xwg-open-room': CustomEvent<{ room: string }>;
  'xwg-unread': CustomEvent<{ total: number }>;
}

declare global {
  interface HTMLElementTagNameMap {
    'xwg-login': XwgLogin;
    'xwg-status': XwgStatus;
    'xwg-profile': XwgProfile;
    'xwg-roster': XwgRoster;
    'xwg-inbox': XwgInbox;
    'xwg-chat': XwgChat;
    'xwg-rooms': XwgRooms;
    'xwg-notifications': XwgNotifications;
  }
  interface HTMLElementEventMap extends XwgEventMap {}
}
