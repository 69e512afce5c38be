import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';

import { AnonymousAccessError, createSession, memoryStorage } from '../src/index.js';
import { startService } from './scripted-service.js';
import { asyncStore, secureStoreKey } from './stores.js';

const CREATE = '/auth/anonymous/create';
const REFRESH = '/auth/anonymous/refresh';
const REVOKE = '/auth/anonymous/revoke';

let service;
let clock;
let waits;

beforeEach(async () => {
  service = await startService();
  clock = 1_000_000;
  waits = [];
});

afterEach(async () => {
  await service.close();
});

function session(options = {}) {
  return createSession({
    baseUrl: service.baseUrl,
    clientId: 'app',
    storage: memoryStorage(),
    autoRefresh: false,
    now: () => clock,
    random: () => 0.5,
    sleep: async (ms) => { waits.push(ms); },
    ...options,
  });
}

function events(target, type) {
  const seen = [];
  target.addEventListener(type, (event) => seen.push(event.detail));
  return seen;
}

describe('creating the session', () => {
  test('baseUrl and clientId are required', () => {
    assert.throws(() => createSession({ clientId: 'app' }), TypeError);
    assert.throws(() => createSession({ baseUrl: service.baseUrl }), TypeError);
  });

  test('the first access token creates the anonymous user, later ones are the stored token', async () => {
    const s = session();
    const first = await s.getAccessToken();
    const again = await s.getAccessToken();

    assert.equal(first, again);
    assert.equal(service.to(CREATE).length, 1);
    assert.deepEqual(service.to(CREATE)[0].body, { clientId: 'app' });
    assert.equal((await s.getTokens()).expires_at, clock + 86400 * 1000);
  });

  test('concurrent first calls create one user', async () => {
    const s = session();
    const tokens = await Promise.all([s.getAccessToken(), s.getAccessToken(), s.getAccessToken()]);

    assert.equal(new Set(tokens).size, 1);
    assert.equal(service.to(CREATE).length, 1);
  });

  test('the bot-check token is asked for only when a user is created', async () => {
    let asked = 0;
    const s = session({ captchaToken: async () => { asked += 1; return 'captcha-1'; } });
    await s.getAccessToken();
    await s.refresh();

    assert.equal(asked, 1);
    assert.equal(service.to(CREATE)[0].body.captchaToken, 'captcha-1');
    assert.equal(service.to(REFRESH)[0].body.captchaToken, undefined);
  });

  test('an asynchronous storage (React Native, files) works like localStorage', async () => {
    const storage = asyncStore();
    const token = await session({ storage }).getAccessToken();

    assert.equal(JSON.parse(storage.items.get('anonymous-access.app')).access_token, token);
    assert.equal(await session({ storage }).getAccessToken(), token, 'a second session finds the stored user');
  });

  test('a store that takes only keys of letters, digits, ".", "-" and "_" (expo-secure-store) works', async () => {
    const storage = asyncStore({ acceptsKey: secureStoreKey });
    const s = session({ storage, clientId: 'my-app_v2.ios' });
    await s.getAccessToken();
    await s.signOut();

    assert.equal(service.to('/auth/anonymous/revoke').length, 1);
    assert.equal(storage.items.size, 0);
  });
});

describe('refreshing', () => {
  test('an access token about to expire is refreshed before it is handed out', async () => {
    const s = session({ refreshMarginMs: 60_000 });
    const first = await s.getAccessToken();
    clock += 86400 * 1000 - 59_000;

    const second = await s.getAccessToken();

    assert.notEqual(second, first);
    assert.equal(service.to(REFRESH).length, 1);
    assert.equal(service.to(REFRESH)[0].body.refresh_token, 'R' + first.slice(1));
  });

  test('concurrent refreshes within a process present the refresh token once', async () => {
    const s = session();
    await s.getAccessToken();

    const all = await Promise.all([s.refresh(), s.refresh(), s.refresh()]);

    assert.equal(service.to(REFRESH).length, 1);
    assert.equal(new Set(all.map((t) => t.access_token)).size, 1);
  });

  test('two sessions of one app sharing a storage (two tabs without Web Locks) refresh once', async () => {
    const storage = memoryStorage();
    const tab1 = session({ storage });
    const tab2 = session({ storage });
    await tab1.getAccessToken();
    clock += 86400 * 1000;

    const [a, b] = await Promise.all([tab1.getAccessToken(), tab2.getAccessToken()]);

    assert.equal(a, b, 'the tab that waited takes the tokens the other got');
    assert.equal(service.to(REFRESH).length, 1);
  });

  test('Web Locks are used where the platform has them', async () => {
    const requested = [];
    const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: { locks: { request: async (name, options, work) => { requested.push(name); return (work || options)({ name }); } } },
    });
    try {
      await session().getAccessToken();
    } finally {
      if (original) {
        Object.defineProperty(globalThis, 'navigator', original);
      } else {
        delete globalThis.navigator;
      }
    }
    assert.deepEqual(requested, ['anonymous-access-tokens:app']);
  });

  test('invalid_grant starts over with a new user, says so, and never presents that refresh token again', async () => {
    const s = session();
    const replaced = events(s, 'userreplaced');
    await s.getAccessToken();
    const old = await s.getTokens();
    service.answer(REFRESH, { status: 400, body: { error: 'invalid_grant', error_description: 'refresh token revoked' } });

    const fresh = await s.refresh();
    await s.getAccessToken();

    assert.notEqual(fresh.access_token, old.access_token);
    assert.equal(service.to(CREATE).length, 2);
    assert.equal(service.to(REFRESH).filter((r) => r.body.refresh_token === old.refresh_token).length, 1);
    assert.equal(replaced.length, 1);
    assert.equal(replaced[0].reason, 'invalid_grant');
    assert.equal(replaced[0].error.errorDescription, 'refresh token revoked');
  });

  test('a timer refreshes shortly before expiry', async () => {
    const s = createSession({ baseUrl: service.baseUrl, clientId: 'app', storage: memoryStorage(),
      refreshMarginMs: 86400 * 1000 - 50 });
    const changes = events(s, 'tokens');
    await s.getAccessToken();
    await new Promise((resolve) => setTimeout(resolve, 400));
    s.close();

    assert.ok(service.to(REFRESH).length >= 1, 'refreshed on its own');
    assert.ok(changes.length >= 2);
  });
});

describe('fetch', () => {
  test('sends the bearer token', async () => {
    const s = session();
    const response = await s.fetch(`${service.baseUrl}/me`);

    assert.equal(response.status, 200);
    assert.equal(service.to('/me')[0].headers.authorization, `Bearer ${await s.getAccessToken()}`);
  });

  for (const status of [401, 403]) {
    test(`on ${status} refreshes once and retries once`, async () => {
      const s = session();
      await s.getAccessToken();
      service.answer('/me', { status, body: { message: 'Forbidden' } });

      const response = await s.fetch(`${service.baseUrl}/me`, { headers: { 'X-Trace': 't1' } });

      assert.equal(response.status, 200);
      assert.equal(service.to(REFRESH).length, 1);
      assert.equal(service.to('/me').length, 2);
      assert.equal(service.to('/me')[1].headers['x-trace'], 't1', 'the caller\'s headers are kept');
      assert.equal(service.to('/me')[1].headers.authorization, `Bearer ${await s.getAccessToken()}`);
    });
  }

  test('never loops: a second refusal is the answer', async () => {
    const s = session();
    service.answer('/me', { status: 401, body: {} }, { status: 401, body: {} }, { status: 401, body: {} });

    const response = await s.fetch(`${service.baseUrl}/me`);

    assert.equal(response.status, 401);
    assert.equal(service.to('/me').length, 2);
    assert.equal(service.to(REFRESH).length, 1);
  });

  test('a Request with a body can be retried', async () => {
    const s = session();
    service.answer('/me', { status: 401, body: {} });

    const response = await s.fetch(new Request(`${service.baseUrl}/me`, { method: 'POST', body: '{"a":1}' }));

    assert.equal(response.status, 200);
    assert.deepEqual(service.to('/me')[1].body, { a: 1 });
  });
});

describe('what the service asks to be retried', () => {
  test('429 waits Retry-After (with jitter), then succeeds', async () => {
    service.answer(CREATE, { status: 429, headers: { 'Retry-After': '2' },
      body: { error: 'signup_rate_limited', error_description: 'too many' } });

    await session().getAccessToken();

    assert.equal(service.to(CREATE).length, 2);
    assert.equal(waits.length, 1);
    assert.ok(waits[0] >= 2000 && waits[0] <= 3000, `waited ${waits[0]} ms`);
  });

  test("API Gateway's throttling (429 without Retry-After) is retried after about a second", async () => {
    service.answer(CREATE, { status: 429, body: { message: 'Too Many Requests' } });

    await session().getAccessToken();

    assert.equal(service.to(CREATE).length, 2);
    assert.equal(waits.length, 1);
    assert.ok(waits[0] >= 1000 && waits[0] <= 1300, `waited ${waits[0]} ms`);
  });

  test('503 is tried at most maxAttempts times, then rejects with the typed error', async () => {
    const unavailable = { status: 503, headers: { 'Retry-After': '1' },
      body: { error: 'temporarily_unavailable', error_description: 'the service is temporarily unavailable' } };
    service.answer(CREATE, unavailable, unavailable, unavailable, unavailable);

    const error = await session({ maxAttempts: 3 }).getAccessToken().catch((e) => e);

    assert.ok(error instanceof AnonymousAccessError);
    assert.equal(error.status, 503);
    assert.equal(error.error, 'temporarily_unavailable');
    assert.equal(error.errorDescription, 'the service is temporarily unavailable');
    assert.equal(error.retryAfter, 1);
    assert.equal(service.to(CREATE).length, 3);
  });

  test('a long Retry-After is waited at most maxRetryDelayMs', async () => {
    service.answer(CREATE, { status: 503, headers: { 'Retry-After': '3600' }, body: { error: 'temporarily_unavailable' } });

    await session({ maxRetryDelayMs: 5000 }).getAccessToken();

    assert.ok(waits[0] <= 6000, `waited ${waits[0]} ms`);
  });

  test('other errors are not retried', async () => {
    service.answer(CREATE, { status: 400, body: { error: 'invalid_client', error_description: 'unknown or disabled client' } });

    const error = await session().getAccessToken().catch((e) => e);

    assert.equal(error.error, 'invalid_client');
    assert.equal(service.to(CREATE).length, 1);
    assert.equal(waits.length, 0);
  });

  test('a network error rejects and keeps the tokens', async () => {
    const storage = memoryStorage();
    const s = session({ storage });
    await s.getAccessToken();
    const kept = await s.getTokens();
    const offline = session({ storage, fetch: async () => { throw new TypeError('fetch failed'); } });

    const error = await offline.refresh().catch((e) => e);

    assert.ok(error instanceof AnonymousAccessError);
    assert.equal(error.status, 0);
    assert.equal(error.error, 'network_error');
    assert.deepEqual(await offline.getTokens(), kept);
  });
});

describe('signing out and adopting', () => {
  test('signOut revokes the user with its refresh token and forgets the tokens', async () => {
    const s = session();
    const changes = events(s, 'tokens');
    await s.getAccessToken();
    const tokens = await s.getTokens();

    await s.signOut();

    assert.deepEqual(service.to(REVOKE)[0].body, { token: tokens.refresh_token });
    assert.equal(await s.getTokens(), null);
    assert.equal(changes.at(-1).tokens, null);
  });

  test('a sign-out the service did not take keeps the tokens, to be tried again', async () => {
    const s = session({ maxAttempts: 1 });
    await s.getAccessToken();
    service.answer(REVOKE, { status: 503, body: { error: 'temporarily_unavailable' } });

    await assert.rejects(s.signOut(), (e) => e.status === 503);
    assert.notEqual(await s.getTokens(), null);
  });

  test('adopt installs the pair a backend got, and announces it', async () => {
    const s = session();
    const changes = events(s, 'tokens');
    await s.getAccessToken();

    await s.adopt({ access_token: 'Amerged', refresh_token: 'Rmerged', expires_in: 600, token_type: 'Bearer' });

    assert.equal(await s.getAccessToken(), 'Amerged');
    assert.equal((await s.getTokens()).expires_at, clock + 600_000);
    assert.equal(changes.at(-1).tokens.refresh_token, 'Rmerged');
    await assert.rejects(s.adopt({ access_token: 'A' }), TypeError);
  });
});

describe('deprecation', () => {
  test('Deprecation, Sunset and Link headers of an answer are announced', async () => {
    const s = session();
    const seen = events(s, 'deprecation');
    service.answer(CREATE, { status: 200, body: { token: { access_token: 'A9', refresh_token: 'R9', expires_in: 60 } },
      headers: { Deprecation: '@1767225600', Sunset: 'Wed, 01 Jul 2026 00:00:00 GMT',
        Link: '<https://example.com/sunset>; rel="deprecation"' } });

    await s.getAccessToken();

    assert.equal(seen.length, 1);
    assert.equal(seen[0].deprecatedAt.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(seen[0].sunsetAt.toISOString(), '2026-07-01T00:00:00.000Z');
    assert.equal(seen[0].link, 'https://example.com/sunset');
  });

  test('answers without those headers announce nothing', async () => {
    const s = session();
    const seen = events(s, 'deprecation');
    await s.getAccessToken();
    assert.equal(seen.length, 0);
  });
});
