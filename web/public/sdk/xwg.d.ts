// Types of the gateway's browser SDK (xwg.js). Routes, their parameters, bodies and
// answers, and the stream's events are typed from the gateway's OpenAPI document (api.d.ts,
// generated): a misspelled route, a wrong parameter or a wrong field does not compile.

import type { components, operations } from './api.js';
import type { RouteName } from './routes.js';

export type { RouteName } from './routes.js';

/** Every schema of the OpenAPI document by name (`Schemas['TokenEntity']`, …). */
export type Schemas = components['schemas'];

export interface RouteInfo {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  access: 'public' | 'user' | 'stream' | 'admin' | 'service';
  /** The scope a narrowed token or a service account needs (null: none). */
  scope: string | null;
  summary: string;
}

export type ConnectionState = 'offline' | 'connecting' | 'online' | 'reconnecting';

export interface Tokens { token: string; refreshToken: string }

type Operation<N extends RouteName> = operations[N];
type Content<T> = T extends { content: infer C } ? C[keyof C] : never;

/** What a route takes in its body (JSON as an object, text as a string). */
export type BodyOf<N extends RouteName> =
  Operation<N> extends { requestBody: infer B } ? Content<B>
  : Operation<N> extends { requestBody?: infer B } ? Content<Exclude<B, undefined>> : never;

type Body<N extends RouteName> =
  Operation<N> extends { requestBody: unknown } ? { body: BodyOf<N> }
  : [BodyOf<N>] extends [never] ? { body?: never } : { body?: BodyOf<N> };

/** A call's options: the path's `{parameters}`, the query and the body, as the route
 * declares them (required where it requires them), and extra headers. */
export type CallOptions<N extends RouteName> =
  Pick<Operation<N>['parameters'], 'path' | 'query'> & Body<N> & { headers?: Record<string, string> };

type Success<R> = R[Extract<keyof R, 200 | 201 | 202 | 204>];

/** What a route answers when it succeeds (`null` for an empty answer). */
export type AnswerOf<N extends RouteName> =
  [Content<Success<Operation<N>['responses']>>] extends [never] ? null : Content<Success<Operation<N>['responses']>>;

type CallArguments<N extends RouteName> =
  {} extends CallOptions<N> ? [options?: CallOptions<N>] : [options: CallOptions<N>];

/** Every event of the stream by name, with its data (StreamEvents in the document). */
export type StreamEvents = Schemas['StreamEvents'];
export type EventName = keyof StreamEvents;

/** The events a Gateway dispatches: the stream's (data and the event's id as `detail`) and
 * its own. */
export type GatewayEventMap = {
  [K in EventName]: CustomEvent<StreamEvents[K] & { eventId: string }>;
} & {
  login: CustomEvent<{ username: string }>;
  logout: CustomEvent<{ reason: string }>;
  token: CustomEvent<{ token: string }>;
  state: CustomEvent<{ state: ConnectionState }>;
};

/** A refusal: the HTTP status, the machine name (`error`) and the gateway's words. */
export class GatewayError extends Error {
  status: number;
  error: string;
  body: Schemas['Error'] & Record<string, unknown>;
}

/** The stream's event names: upstream SparkWeb's and the gateway's own. */
export const EVENTS: readonly EventName[];

/** One client of a gateway. */
export class Gateway extends EventTarget {
  static for(url?: string): Gateway;
  constructor(options: { url: string; storage?: Storage | null });
  readonly url: string;
  readonly state: ConnectionState;
  readonly token: string | null;
  readonly username: string | null;
  readonly loggedIn: boolean;
  /** Who the event stream is for (its `onConnect`), once it opened. */
  readonly user: StreamEvents['onConnect'] | null;
  /** Calls a route of the gateway by its name. */
  call<N extends RouteName>(name: N, ...options: CallArguments<N>): Promise<AnswerOf<N>>;
  domain(): Promise<string>;
  jid(userOrJid: string): Promise<string>;
  /** Logs in with a password and opens the event stream (unless `connect: false`). */
  login(username: string, password: string, options?: { remember?: boolean; connect?: boolean }): Promise<Tokens>;
  register(username: string, password: string, options?: { connect?: boolean }): Promise<Tokens>;
  storedPassword(): Promise<{ username: string; password: string } | null>;
  loginWithTotp(username: string, code: string, options?: { ticket?: string; connect?: boolean }): Promise<Tokens>;
  loginWithPasskey(username: string, options?: { ticket?: string; connect?: boolean }): Promise<Tokens>;
  registerPasskey(username: string, password: string): Promise<Tokens>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  /** Opens the page's event stream (resuming after the last event seen). */
  connect(): void;
  disconnect(): void;
  addEventListener<K extends keyof GatewayEventMap>(
    type: K, listener: (event: GatewayEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(
    type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof GatewayEventMap>(
    type: K, listener: (event: GatewayEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(
    type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}
