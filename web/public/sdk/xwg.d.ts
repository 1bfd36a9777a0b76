// Types of the gateway's browser SDK (xwg.js).

export interface RouteInfo {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  access: 'public' | 'user' | 'stream' | 'admin';
  summary: string;
}

export type ConnectionState = 'offline' | 'connecting' | 'online' | 'reconnecting';

export interface Tokens { token: string; refreshToken: string }

export interface CallOptions {
  /** The path's `{parameters}`. */
  path?: Record<string, string | number>;
  query?: Record<string, string | number | undefined | null>;
  /** Text is sent as it is; anything else as JSON. */
  body?: string | Blob | object;
  headers?: Record<string, string>;
}

/** A refusal: the HTTP status, the machine name (`error`) and the gateway's words. */
export class GatewayError extends Error {
  status: number;
  error: string;
  body: Record<string, unknown>;
}

/** The stream's event names: upstream SparkWeb's and the gateway's own. */
export const EVENTS: readonly string[];

/**
 * One client of a gateway. Events (`addEventListener`): every stream event by its name
 * (`chatapi.chat`, … with the event's JSON as `detail`), and `login`, `logout`, `token`,
 * `state` (`detail.state`: ConnectionState).
 */
export class Gateway extends EventTarget {
  static for(url?: string): Gateway;
  constructor(options: { url: string; storage?: Storage | null });
  readonly url: string;
  readonly state: ConnectionState;
  readonly token: string | null;
  readonly username: string | null;
  readonly loggedIn: boolean;
  /** Calls a route of the gateway by its name (see routes.js). */
  call<T = any>(name: string, options?: CallOptions): Promise<T>;
  domain(): Promise<string>;
  jid(userOrJid: string): Promise<string>;
  login(username: string, password: string, options?: { remember?: boolean }): Promise<Tokens>;
  register(username: string, password: string): Promise<Tokens>;
  storedPassword(): Promise<{ username: string; password: string } | null>;
  loginWithTotp(username: string, code: string, options?: { ticket?: string }): Promise<Tokens>;
  loginWithPasskey(username: string, options?: { ticket?: string }): Promise<Tokens>;
  registerPasskey(username: string, password: string): Promise<Tokens>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  /** Opens the page's event stream (resuming after the last event seen). */
  connect(): void;
  disconnect(): void;
}
