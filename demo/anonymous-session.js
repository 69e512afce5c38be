// An anonymous session against Anonymous Access, as a careful browser app keeps one. Copy this file.
//
// - Tokens live in localStorage under one key per client app, so every tab of the app shares one anonymous user.
//   (Any script on the page can read them: keep the page free of third-party scripts, and set a strict CSP.)
// - Creating and refreshing happen under one Web Lock shared by all tabs: a refresh token is used once, and a tab
//   that waited for the lock takes the tokens another tab just got instead of refreshing again (which reuse detection
//   would punish by revoking the user).
// - The access token is refreshed shortly before it expires, and once more when an API refuses it (401/403).
// - When the refresh token is refused (invalid_grant: revoked, expired, or reused), the session starts over with a new
//   anonymous user; the old one is gone.
// - Every answer, error or not, is reported to `onAnswer` so that the app can show it.

const REFRESH_EARLY_MS = 60_000;

export class AnonymousSession {
  constructor({ apiUrl, clientId, onAnswer = () => {}, onChange = () => {} }) {
    this.apiUrl = apiUrl.replace(/\/$/, '');
    this.clientId = clientId;
    this.onAnswer = onAnswer;
    this.onChange = onChange;
    this.key = `anonymous-access:${clientId}`;
    this.lockName = `anonymous-access-tokens:${clientId}`;
    this.timer = null;
    // Another tab changed the tokens: follow it.
    window.addEventListener('storage', (event) => {
      if (event.key === this.key) {
        this.schedule();
        this.onChange(this.tokens());
      }
    });
    this.schedule();
  }

  /** The stored tokens, or null. */
  tokens() {
    try {
      return JSON.parse(localStorage.getItem(this.key));
    } catch {
      return null;
    }
  }

  store(tokens) {
    if (tokens) {
      localStorage.setItem(this.key, JSON.stringify(tokens));
    } else {
      localStorage.removeItem(this.key);
    }
    this.schedule();
    this.onChange(tokens);
  }

  /** Refreshes on its own shortly before the access token expires. */
  schedule() {
    clearTimeout(this.timer);
    const tokens = this.tokens();
    if (tokens) {
      const due = Math.max(0, tokens.expires_at - REFRESH_EARLY_MS - Date.now());
      this.timer = setTimeout(() => this.refresh(tokens.access_token).catch(() => {}), Math.min(due, 2 ** 31 - 1));
    }
  }

  /** Runs `work` while holding the tokens lock of every tab of this origin. */
  async locked(work) {
    if (navigator.locks) {
      return navigator.locks.request(this.lockName, work);
    }
    // No Web Locks (an old browser): one at a time within this tab at least.
    const previous = this.queue || Promise.resolve();
    const current = previous.catch(() => {}).then(work);
    this.queue = current;
    return current;
  }

  /** A usable access token: the stored one, refreshed when it is about to expire, or a new anonymous user's. */
  async accessToken() {
    const tokens = this.tokens();
    if (!tokens) {
      return (await this.start()).access_token;
    }
    if (tokens.expires_at - REFRESH_EARLY_MS <= Date.now()) {
      return (await this.refresh(tokens.access_token)).access_token;
    }
    return tokens.access_token;
  }

  /** A new anonymous user, unless another tab made one meanwhile. */
  async start() {
    return this.locked(async () => this.tokens() || this.startUnlocked());
  }

  /**
   * New tokens for the user. `seenAccessToken` is the access token the caller found too old or refused: if the
   * stored one differs, another call or tab has refreshed already and its tokens are used as they are.
   */
  async refresh(seenAccessToken) {
    return this.locked(async () => {
      const tokens = this.tokens();
      if (!tokens) {
        return this.startUnlocked();
      }
      if (tokens.access_token !== seenAccessToken) {
        return tokens;
      }
      const answer = await this.post('/auth/anonymous/refresh', { refresh_token: tokens.refresh_token });
      if (answer.status === 200) {
        return this.keep(answer.body.token);
      }
      if (answer.status === 400 && answer.body && answer.body.error === 'invalid_grant') {
        // The user is gone (revoked, expired, or its refresh token was reused): start over as a new one.
        this.store(null);
        return this.startUnlocked();
      }
      throw new SessionError(answer);
    });
  }

  async startUnlocked() {
    const answer = await this.post('/auth/anonymous/create', { clientId: this.clientId });
    if (answer.status !== 200) {
      throw new SessionError(answer);
    }
    return this.keep(answer.body.token);
  }

  keep(token) {
    const tokens = {
      access_token: token.access_token,
      refresh_token: token.refresh_token,
      expires_at: Date.now() + token.expires_in * 1000,
    };
    this.store(tokens);
    return tokens;
  }

  /** Signs out: revokes the user's tokens (all of them), then forgets them. */
  async signOut() {
    return this.locked(async () => {
      const tokens = this.tokens();
      if (!tokens) {
        return;
      }
      const answer = await this.post('/auth/anonymous/revoke', { token: tokens.refresh_token });
      if (answer.status !== 200) {
        throw new SessionError(answer);
      }
      this.store(null);
    });
  }

  /** A call to an API behind the authorizer, with the access token; refreshed and retried once when refused. */
  async call(method, path) {
    let token = await this.accessToken();
    let answer = await this.send(method, path, { Authorization: `Bearer ${token}` });
    if (answer.status === 401 || answer.status === 403) {
      token = (await this.refresh(token)).access_token;
      answer = await this.send(method, path, { Authorization: `Bearer ${token}` });
    }
    return answer;
  }

  post(path, body) {
    return this.send('POST', path, { 'Content-Type': 'application/json' }, JSON.stringify(body));
  }

  /** One request; its answer (or the browser's refusal to make it) goes to `onAnswer`, then to the caller. */
  async send(method, path, headers, body) {
    let answer;
    try {
      const response = await fetch(this.apiUrl + path, { method, headers, body });
      const text = await response.text();
      let parsed = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      answer = { method, path, status: response.status, body: parsed, text };
    } catch (error) {
      // fetch gives no detail on purpose: a CORS refusal and a network failure look the same to the page.
      answer = { method, path, status: 0, body: null, text: String(error), blocked: true };
    }
    this.onAnswer(answer);
    return answer;
  }
}

export class SessionError extends Error {
  constructor(answer) {
    super(answer.blocked ? `${answer.method} ${answer.path} was blocked (CORS or network)`
      : `${answer.method} ${answer.path} answered ${answer.status}`);
    this.answer = answer;
  }
}
