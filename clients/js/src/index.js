// The anonymous session of an app of Anonymous Access: creates the anonymous user when first needed, keeps its tokens
// in a storage of the app's choosing, refreshes them one at a time across tabs, retries what the service asks to be
// retried, and starts over when the user is gone. No runtime dependency: browsers, Node 20+ and React Native (a
// global fetch).

const DEFAULT_REFRESH_MARGIN_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_MAX_RETRY_DELAY_MS = 10_000;
/**
 * How long a tab that waited for another tab's lock waits for that tab's tokens to reach its own localStorage: in
 * Chromium a tab sees another tab's writes through an asynchronous message that may arrive after the lock does.
 */
const SETTLE_MS = 1000;
/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * Where there are no Web Locks (Node, older browsers), the sessions of this process that share a lock name (one
 * client app) take turns through one promise chain per name.
 */
const processLocks = new Map();

/**
 * The platform's EventTarget and Event where it has both (browsers, Node); where it has not (React Native's Hermes
 * engine has neither), the small part of them a session needs: listeners per type in the order added, each once,
 * `once` honoured, and events that carry `type`, `target` and `detail`. A listener that throws stops neither the
 * others nor the session; its error goes to the global error handler, as with the platform's EventTarget.
 */
const platformEvents = typeof globalThis.EventTarget === 'function' && typeof globalThis.Event === 'function';

class ListenerList {
  #listeners = new Map();

  addEventListener(type, listener, options) {
    if (!listener) {
      return;
    }
    const list = this.#listeners.get(type) || [];
    if (!list.some((entry) => entry.listener === listener)) {
      list.push({ listener, once: typeof options === 'object' && options !== null && options.once === true });
      this.#listeners.set(type, list);
    }
  }

  removeEventListener(type, listener) {
    const list = this.#listeners.get(type);
    if (list) {
      this.#listeners.set(type, list.filter((entry) => entry.listener !== listener));
    }
  }

  dispatchEvent(event) {
    Object.defineProperty(event, 'target', { value: this, configurable: true });
    for (const entry of [...(this.#listeners.get(event.type) || [])]) {
      if (!(this.#listeners.get(event.type) || []).includes(entry)) {
        continue; // removed by a listener called before it
      }
      if (entry.once) {
        this.removeEventListener(event.type, entry.listener);
      }
      try {
        if (typeof entry.listener === 'function') {
          entry.listener.call(this, event);
        } else {
          entry.listener.handleEvent(event);
        }
      } catch (error) {
        reportLater(error);
      }
    }
    return true;
  }
}

/** The platform's `reportError` where there is one; else thrown from a timer, to the global error handler. */
function reportLater(error) {
  if (typeof globalThis.reportError === 'function') {
    globalThis.reportError(error);
  } else {
    setTimeout(() => { throw error; }, 0);
  }
}

const EventTargetBase = platformEvents ? globalThis.EventTarget : ListenerList;

function newEvent(type, detail) {
  return platformEvents ? Object.assign(new globalThis.Event(type), { detail }) : { type, detail };
}

/**
 * The one error type of this library: an answer of the service that is not a success (its OAuth `error` and
 * `error_description`, and `Retry-After` when given), or a network failure (`status` 0, `error` "network_error").
 */
export class AnonymousAccessError extends Error {
  constructor({ status, error, errorDescription, retryAfter, cause }) {
    super(errorDescription ? `${error}: ${errorDescription}` : `${error} (HTTP ${status})`, cause ? { cause } : {});
    this.name = 'AnonymousAccessError';
    /** The HTTP status, or 0 when no answer arrived (network failure, or a browser blocked the call). */
    this.status = status;
    /** The OAuth error code: `invalid_grant`, `temporarily_unavailable`, ... or `network_error`. */
    this.error = error;
    /** The service's description of the error, for people. */
    this.errorDescription = errorDescription;
    /** Seconds the service asked to wait before trying again, or null. */
    this.retryAfter = retryAfter;
  }
}

/** A storage that lives as long as the process: the default outside browsers. */
export function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => { items.set(key, String(value)); },
    removeItem: (key) => { items.delete(key); },
  };
}

function defaultStorage() {
  try {
    if (typeof localStorage !== 'undefined' && localStorage) {
      return localStorage;
    }
  } catch {
    // localStorage can throw when the page may not use it (sandboxed frames, disabled storage)
  }
  return memoryStorage();
}

function isTokenShape(token) {
  return token !== null && typeof token === 'object' && typeof token.access_token === 'string'
    && typeof token.refresh_token === 'string' && Number.isFinite(token.expires_in);
}

function retryAfterSeconds(response) {
  const value = response.headers.get('Retry-After');
  if (value === null) {
    return null;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * Creates the session of one client app. Every tab of a browser app that uses the same storage shares one anonymous
 * user.
 *
 * @param {import('./index.js').SessionOptions} options
 * @returns {Session}
 */
export function createSession(options) {
  return new Session(options);
}

export class Session extends EventTargetBase {
  #baseUrl;
  #clientId;
  #storage;
  #captchaToken;
  #fetch;
  #refreshMargin;
  #maxAttempts;
  #maxRetryDelay;
  #now;
  #random;
  #sleep;
  #key;
  #lockName;
  #timer = null;
  #autoRefresh;
  #closed = false;
  #onStorage;
  #storageChanged = new EventTargetBase();

  constructor({
    baseUrl, clientId, storage, captchaToken, fetch: fetchImpl, refreshMarginMs = DEFAULT_REFRESH_MARGIN_MS,
    maxAttempts = DEFAULT_MAX_ATTEMPTS, maxRetryDelayMs = DEFAULT_MAX_RETRY_DELAY_MS, autoRefresh = true,
    now = () => Date.now(), random = Math.random, sleep,
  } = {}) {
    super();
    if (typeof baseUrl !== 'string' || baseUrl === '') {
      throw new TypeError('baseUrl is required: the URL of the Anonymous Access API');
    }
    if (typeof clientId !== 'string' || clientId === '') {
      throw new TypeError('clientId is required: the client app registered with Anonymous Access');
    }
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#clientId = clientId;
    this.#storage = storage || defaultStorage();
    this.#captchaToken = captchaToken;
    this.#fetch = fetchImpl || ((...args) => globalThis.fetch(...args));
    this.#refreshMargin = refreshMarginMs;
    this.#maxAttempts = Math.max(1, maxAttempts);
    this.#maxRetryDelay = maxRetryDelayMs;
    this.#now = now;
    this.#random = random;
    this.#sleep = sleep || ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    // Letters, digits, '.', '-' and '_' only (client ids are), as stores with strict keys (expo-secure-store) need.
    this.#key = `anonymous-access.${clientId}`;
    this.#lockName = `anonymous-access-tokens:${clientId}`;
    this.#autoRefresh = autoRefresh;
    // Another tab changed the tokens (a refresh, a sign-out, an adopted pair): follow it.
    const sharedWithTabs = typeof localStorage !== 'undefined' && this.#storage === localStorage;
    if (sharedWithTabs && typeof window !== 'undefined' && window.addEventListener) {
      this.#onStorage = (event) => {
        if (event.key === this.#key) {
          const tokens = this.#parse(event.newValue);
          this.#schedule(tokens);
          this.#storageChanged.dispatchEvent(newEvent('change'));
          this.#emit('tokens', { tokens });
        }
      };
      window.addEventListener('storage', this.#onStorage);
    }
    this.#read().then((tokens) => this.#schedule(tokens), () => {});
  }

  /** The client app this session belongs to. */
  get clientId() {
    return this.#clientId;
  }

  /** The stored tokens (`access_token`, `refresh_token`, `expires_at` in epoch milliseconds), or null. */
  async getTokens() {
    return this.#read();
  }

  /**
   * A valid access token: the stored one, refreshed first when it expires within the refresh margin, or the first one
   * of a new anonymous user.
   */
  async getAccessToken() {
    const tokens = await this.#read();
    if (!tokens) {
      return (await this.#locked(async (waited) => (await this.#settled(waited, null)) || this.#createLocked()))
        .access_token;
    }
    if (this.#expiresSoon(tokens)) {
      return (await this.#refreshAfter(tokens.access_token)).access_token;
    }
    return tokens.access_token;
  }

  /**
   * Refreshes the tokens now (or takes those another tab or call got meanwhile), and returns them. When the service
   * refuses the refresh token (`invalid_grant`), starts over with a new anonymous user and says so (`userreplaced`).
   */
  async refresh() {
    const tokens = await this.#read();
    return this.#refreshAfter(tokens ? tokens.access_token : null);
  }

  /**
   * `fetch` with `Authorization: Bearer <access token>`. When the API answers 401 or 403, refreshes once and
   * retries once with the new token; the second answer is returned whatever it is.
   */
  async fetch(input, init = {}) {
    const spare = typeof Request !== 'undefined' && input instanceof Request ? input.clone() : input;
    let token = await this.getAccessToken();
    let response = await this.#fetch(input, this.#authorized(input, init, token));
    if (response.status !== 401 && response.status !== 403) {
      return response;
    }
    token = (await this.#refreshAfter(token)).access_token;
    return this.#fetch(spare, this.#authorized(spare, init, token));
  }

  /**
   * Signs out: revokes every token of the user at the service, then forgets them in every tab that shares the
   * storage. When the service cannot be reached, the tokens are kept (so that signing out can be tried again) and the
   * error is thrown.
   */
  async signOut() {
    await this.#locked(async () => {
      const tokens = await this.#read();
      if (!tokens) {
        return;
      }
      await this.#post('/auth/anonymous/revoke', { token: tokens.refresh_token });
      await this.#write(null);
    });
  }

  /**
   * Installs a token pair that the app's backend got for this user (the `token` of a claim that merged the anonymous
   * user into an existing one): every tab that shares the storage uses it from now on.
   *
   * @param {{access_token: string, refresh_token: string, expires_in: number}} token
   */
  async adopt(token) {
    if (!isTokenShape(token)) {
      throw new TypeError('adopt() takes a token of the service: {access_token, refresh_token, expires_in}');
    }
    return this.#locked(() => this.#keep(token));
  }

  /** Stops the refresh timer and stops following other tabs; the stored tokens stay. */
  close() {
    this.#closed = true;
    clearTimeout(this.#timer);
    if (this.#onStorage) {
      window.removeEventListener('storage', this.#onStorage);
    }
  }

  // --- internals ---

  #expiresSoon(tokens) {
    return tokens.expires_at - this.#refreshMargin <= this.#now();
  }

  #authorized(input, init, token) {
    const headers = new Headers(init.headers || (typeof Request !== 'undefined' && input instanceof Request
      ? input.headers : undefined));
    headers.set('Authorization', `Bearer ${token}`);
    return { ...init, headers };
  }

  /**
   * New tokens unless someone else got them first: `seen` is the access token the caller found too old or refused;
   * when the stored one differs (another call or tab refreshed meanwhile) and is not about to expire, it is the answer.
   */
  async #refreshAfter(seen) {
    return this.#locked(async (waited) => {
      const tokens = await this.#settled(waited, seen);
      if (!tokens) {
        return this.#createLocked();
      }
      if (tokens.access_token !== seen && !this.#expiresSoon(tokens)) {
        return tokens;
      }
      let answer;
      try {
        answer = await this.#post('/auth/anonymous/refresh', { refresh_token: tokens.refresh_token });
      } catch (error) {
        if (error instanceof AnonymousAccessError && error.error === 'invalid_grant') {
          // The user is gone (revoked, expired, or its refresh token was used twice): never present that refresh
          // token again; start over as a new anonymous user.
          await this.#write(null);
          const created = await this.#createLocked();
          this.#emit('userreplaced', { reason: 'invalid_grant', error });
          return created;
        }
        throw error; // network failures and exhausted retries keep the tokens
      }
      return this.#keep(answer.token);
    });
  }

  async #createLocked() {
    const body = { clientId: this.#clientId };
    if (this.#captchaToken) {
      const captcha = await this.#captchaToken();
      if (captcha) {
        body.captchaToken = captcha;
      }
    }
    const answer = await this.#post('/auth/anonymous/create', body);
    return this.#keep(answer.token);
  }

  async #keep(token) {
    const tokens = {
      access_token: token.access_token,
      refresh_token: token.refresh_token,
      expires_at: this.#now() + token.expires_in * 1000,
    };
    await this.#write(tokens);
    return tokens;
  }

  /**
   * The stored tokens, once they differ from what the caller saw (`seen`: an access token, or null for none) or
   * {@link SETTLE_MS} has passed; at once unless this call waited for another tab's lock, whose tokens may not have
   * reached this tab yet.
   */
  async #settled(waited, seen) {
    const tokens = await this.#read();
    const unchanged = (tokens ? tokens.access_token : null) === seen;
    if (!waited || !unchanged || !this.#onStorage) {
      return tokens;
    }
    await new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#storageChanged.removeEventListener('change', done);
        resolve();
      };
      const timer = setTimeout(done, SETTLE_MS);
      this.#storageChanged.addEventListener('change', done);
    });
    return this.#read();
  }

  async #read() {
    return this.#parse(await this.#storage.getItem(this.#key));
  }

  #parse(text) {
    if (!text) {
      return null;
    }
    try {
      const tokens = JSON.parse(text);
      return tokens && typeof tokens.access_token === 'string' && typeof tokens.refresh_token === 'string'
        && Number.isFinite(tokens.expires_at) ? tokens : null;
    } catch {
      return null;
    }
  }

  async #write(tokens) {
    if (tokens) {
      await this.#storage.setItem(this.#key, JSON.stringify(tokens));
    } else {
      await this.#storage.removeItem(this.#key);
    }
    this.#schedule(tokens);
    this.#emit('tokens', { tokens });
  }

  /** Refreshes on its own shortly before the access token expires (browsers: also while the tab is idle). */
  #schedule(tokens) {
    clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#closed || !this.#autoRefresh || !tokens) {
      return;
    }
    const due = Math.max(0, tokens.expires_at - this.#refreshMargin - this.#now());
    this.#timer = setTimeout(() => {
      this.#refreshAfter(tokens.access_token).catch((error) => this.#emit('error', { error }));
    }, Math.min(due, MAX_TIMER_MS));
    if (typeof this.#timer === 'object' && this.#timer && typeof this.#timer.unref === 'function') {
      this.#timer.unref(); // a Node process need not stay alive for a refresh
    }
  }

  /**
   * Runs `work` while holding the tokens lock of every tab of this origin (Web Locks), or of this process; `work` is
   * told whether it had to wait for the lock (another holder may just have changed the tokens).
   */
  async #locked(work) {
    const locks = typeof navigator !== 'undefined' && navigator && navigator.locks;
    if (locks && typeof locks.request === 'function') {
      const first = await locks.request(this.#lockName, { ifAvailable: true },
        async (lock) => (lock ? { value: await work(false) } : null));
      return first ? first.value : locks.request(this.#lockName, () => work(true));
    }
    const previous = processLocks.get(this.#lockName);
    const run = (previous || Promise.resolve()).catch(() => {}).then(() => work(previous !== undefined));
    const tail = run.catch(() => {});
    processLocks.set(this.#lockName, tail);
    tail.then(() => {
      if (processLocks.get(this.#lockName) === tail) {
        processLocks.delete(this.#lockName);
      }
    });
    return run;
  }

  /**
   * POSTs JSON to the service. 429 and 503 are retried after `Retry-After` (with jitter, at most `maxRetryDelayMs`,
   * at most `maxAttempts` tries in all); any other failure rejects with an {@link AnonymousAccessError} at once.
   */
  async #post(path, body) {
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await this.#fetch(this.#baseUrl + path, {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
        });
      } catch (cause) {
        // A browser tells a page nothing more: a CORS refusal and a network failure look the same.
        this.#emit('answer', { method: 'POST', path, status: 0, body: null, blocked: true });
        throw new AnonymousAccessError({
          status: 0, error: 'network_error', errorDescription: `${path} could not be reached`, retryAfter: null,
          cause,
        });
      }
      const text = await response.text();
      let parsed = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      this.#emit('answer', { method: 'POST', path, status: response.status, body: parsed });
      this.#noticeDeprecation(response);
      if (response.ok) {
        return parsed;
      }
      const retryAfter = retryAfterSeconds(response);
      const error = new AnonymousAccessError({
        status: response.status,
        error: (parsed && typeof parsed.error === 'string') ? parsed.error : `http_${response.status}`,
        errorDescription: parsed && typeof parsed.error_description === 'string' ? parsed.error_description : null,
        retryAfter,
      });
      if ((response.status !== 429 && response.status !== 503) || attempt >= this.#maxAttempts) {
        throw error;
      }
      const wait = Math.min(this.#maxRetryDelay, (retryAfter ?? 1) * 1000);
      await this.#sleep(wait + this.#random() * Math.min(1000, wait * 0.2 + 100));
    }
  }

  /** `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and `Link; rel="deprecation"` of create and refresh answers. */
  #noticeDeprecation(response) {
    const deprecation = response.headers.get('Deprecation');
    const sunset = response.headers.get('Sunset');
    if (deprecation === null && sunset === null) {
      return;
    }
    const at = deprecation && /^@\d+$/.test(deprecation.trim()) ? new Date(Number(deprecation.trim().slice(1)) * 1000)
      : null;
    const sunsetAt = sunset && !Number.isNaN(Date.parse(sunset)) ? new Date(Date.parse(sunset)) : null;
    const link = (response.headers.get('Link') || '').split(',')
      .map((part) => /<([^>]+)>\s*;.*rel="?deprecation"?/i.exec(part)).find(Boolean);
    this.#emit('deprecation', { deprecatedAt: at, sunsetAt, link: link ? link[1] : null });
  }

  #emit(type, detail) {
    this.dispatchEvent(newEvent(type, detail));
  }
}
