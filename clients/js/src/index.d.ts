/** Where a session keeps its tokens: `localStorage`, a memory map, AsyncStorage, a file... (sync or async). */
export interface TokenStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** A token pair as the service answers it (`create`, `refresh`, or a backend's claim). */
export interface Token {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type?: string;
}

/** The tokens a session keeps. */
export interface StoredTokens {
  access_token: string;
  refresh_token: string;
  /** When the access token expires, in epoch milliseconds. */
  expires_at: number;
}

export interface SessionOptions {
  /** The Anonymous Access API, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com`. */
  baseUrl: string;
  /** The client app registered with the service. */
  clientId: string;
  /** Defaults to `localStorage` in a browser (shared by the app's tabs) and to memory elsewhere. */
  storage?: TokenStorage;
  /** Called only when a new anonymous user is created, for client apps with a bot check. */
  captchaToken?: () => Promise<string | null | undefined> | string | null | undefined;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Refresh this long before the access token expires (default 60000). */
  refreshMarginMs?: number;
  /** Tries in all for an answer of 429 or 503 (default 3). */
  maxAttempts?: number;
  /** The longest wait between two tries, whatever `Retry-After` says (default 10000). */
  maxRetryDelayMs?: number;
  /** Refresh on a timer shortly before expiry (default true); off, tokens are refreshed when asked for. */
  autoRefresh?: boolean;
  /** For tests: the clock in epoch milliseconds, the jitter source, and how to wait. */
  now?: () => number;
  random?: () => number;
  sleep?: (milliseconds: number) => Promise<void>;
}

/** An answer of the service, as `answer` events report it (bodies may hold tokens: never log them as they are). */
export interface AnswerDetail {
  method: string;
  path: string;
  /** 0 when no answer arrived (network failure, or the browser blocked the call). */
  status: number;
  body: unknown;
  blocked?: boolean;
}

export interface DeprecationDetail {
  /** From `Deprecation: @<seconds>` (RFC 9745). */
  deprecatedAt: Date | null;
  /** From `Sunset` (RFC 8594): when anonymous sign-up ends for this app. */
  sunsetAt: Date | null;
  /** From `Link: <...>; rel="deprecation"`. */
  link: string | null;
}

/**
 * An event of a session: an `Event` where the platform has one (browsers, Node), else a plain object (React Native).
 */
export interface SessionEvent<T> {
  readonly type: string;
  readonly detail: T;
  /** The session. */
  readonly target: unknown;
}

export type SessionEventListener<T> = ((event: SessionEvent<T>) => void)
  | { handleEvent(event: SessionEvent<T>): void };

export interface SessionEventMap {
  /** The stored tokens changed (here or in another tab); null after a sign-out. */
  tokens: { tokens: StoredTokens | null };
  /** The service refused the refresh token: the old user is gone, a new anonymous user was created. */
  userreplaced: { reason: 'invalid_grant'; error: AnonymousAccessError };
  /** The service announced the end of anonymous access for this app. */
  deprecation: DeprecationDetail;
  /** Every answer of the service to this session. */
  answer: AnswerDetail;
  /** A refresh the timer started failed. */
  error: { error: unknown };
}

/**
 * The session of one client app. Its events follow the platform's `EventTarget` where there is one; the declarations
 * need nothing of the DOM but the fetch API's types, which React Native declares too.
 */
export class Session {
  constructor(options: SessionOptions);
  readonly clientId: string;
  /** The stored tokens, or null. */
  getTokens(): Promise<StoredTokens | null>;
  /** A valid access token: creating the anonymous user or refreshing as needed. */
  getAccessToken(): Promise<string>;
  /** New tokens now (or those another tab just got); starts over on `invalid_grant`. */
  refresh(): Promise<StoredTokens>;
  /** `fetch` with the bearer token; on 401/403 refreshes once and retries once. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Revokes every token of the user, then forgets them in every tab; keeps them if the service cannot be reached. */
  signOut(): Promise<void>;
  /** Installs a pair the app's backend got for this user (a claim that merged users), in every tab. */
  adopt(token: Token): Promise<StoredTokens>;
  /** Stops the refresh timer and stops following other tabs. */
  close(): void;
  addEventListener<K extends keyof SessionEventMap>(type: K, listener: SessionEventListener<SessionEventMap[K]> | null,
    options?: boolean | { once?: boolean }): void;
  removeEventListener<K extends keyof SessionEventMap>(type: K,
    listener: SessionEventListener<SessionEventMap[K]> | null, options?: boolean): void;
}

export class AnonymousAccessError extends Error {
  constructor(fields: { status: number; error: string; errorDescription: string | null;
    retryAfter: number | null; cause?: unknown });
  /** The HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  /** The OAuth error code (`invalid_grant`, `temporarily_unavailable`, ...) or `network_error`. */
  readonly error: string;
  readonly errorDescription: string | null;
  /** Seconds the service asked to wait, or null. */
  readonly retryAfter: number | null;
}

export function createSession(options: SessionOptions): Session;

/** A storage that lives as long as the process. */
export function memoryStorage(): TokenStorage;
