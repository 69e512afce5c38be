// Run by react-native.test.js in a Node process without the globals React Native lacks (without-dom-events.js).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

import { createSession } from '../../src/index.js';
import { startService } from '../scripted-service.js';
import { asyncStore } from '../stores.js';

const REFRESH = '/auth/anonymous/refresh';

let service;

beforeEach(async () => {
  service = await startService();
});

afterEach(async () => {
  await service.close();
});

function session(storage = asyncStore()) {
  return createSession({ baseUrl: service.baseUrl, clientId: 'app', storage, autoRefresh: false });
}

test('this process has none of the globals React Native lacks', () => {
  assert.equal(typeof globalThis.EventTarget, 'undefined');
  assert.equal(typeof globalThis.Event, 'undefined');
  assert.equal(typeof globalThis.CustomEvent, 'undefined');
});

test('a session creates the user, keeps its tokens in the asynchronous storage and says so', async () => {
  const storage = asyncStore();
  const s = session(storage);
  const seen = [];
  s.addEventListener('tokens', (event) => seen.push(event));

  const access = await s.getAccessToken();

  assert.equal(JSON.parse(storage.items.get('anonymous-access.app')).access_token, access);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].type, 'tokens');
  assert.equal(seen[0].target, s);
  assert.equal(seen[0].detail.tokens.access_token, access);
});

test('a refused refresh token starts over as a new user and says so', async () => {
  const s = session();
  const first = await s.getAccessToken();
  const replaced = [];
  s.addEventListener('userreplaced', (event) => replaced.push(event.detail.reason));
  service.answer(REFRESH, { status: 400, body: { error: 'invalid_grant', error_description: 'signed out' } });

  const tokens = await s.refresh();

  assert.notEqual(tokens.access_token, first);
  assert.deepEqual(replaced, ['invalid_grant']);
});

test('sign-out revokes and forgets the tokens, and says so', async () => {
  const storage = asyncStore();
  const s = session(storage);
  await s.getAccessToken();
  const seen = [];
  s.addEventListener('tokens', (event) => seen.push(event.detail.tokens));

  await s.signOut();

  assert.equal(service.to('/auth/anonymous/revoke').length, 1);
  assert.equal(storage.items.size, 0);
  assert.deepEqual(seen, [null]);
});

test('a listener added twice is called once, a once listener once, a removed one never', async () => {
  const s = session();
  const calls = { twice: 0, once: 0, removed: 0 };
  const twice = () => { calls.twice += 1; };
  const removed = () => { calls.removed += 1; };
  s.addEventListener('answer', twice);
  s.addEventListener('answer', twice);
  s.addEventListener('answer', () => { calls.once += 1; }, { once: true });
  s.addEventListener('answer', removed);
  s.removeEventListener('answer', removed);

  await s.getAccessToken();
  await s.refresh();

  assert.deepEqual(calls, { twice: 2, once: 1, removed: 0 });
});

test('a listener that an earlier listener of the same event removed is not called', async () => {
  const s = session();
  const calls = [];
  const later = () => calls.push('later');
  s.addEventListener('tokens', () => { calls.push('first'); s.removeEventListener('tokens', later); });
  s.addEventListener('tokens', later);

  await s.getAccessToken();

  assert.deepEqual(calls, ['first']);
});

test('an object with handleEvent is a listener', async () => {
  const s = session();
  const types = [];
  s.addEventListener('tokens', { handleEvent: (event) => types.push(event.type) });

  await s.getAccessToken();

  assert.deepEqual(types, ['tokens']);
});

test('without reportError, a listener\'s error is thrown from a timer, to the global error handler', async () => {
  const s = session();
  const realSetTimeout = globalThis.setTimeout;
  const thrownFromTimers = [];
  // React Native hands what a timer throws to its global handler (ErrorUtils); here the timer's wrapper records it.
  globalThis.setTimeout = (callback, ms, ...args) => realSetTimeout(() => {
    try {
      callback(...args);
    } catch (error) {
      thrownFromTimers.push(error.message);
    }
  }, ms);
  try {
    assert.equal(typeof globalThis.reportError, 'undefined');
    const after = [];
    s.addEventListener('tokens', () => { throw new Error('a broken listener'); });
    s.addEventListener('tokens', (event) => after.push(event.detail.tokens.access_token));

    const access = await s.getAccessToken();
    await new Promise((resolve) => realSetTimeout(resolve, 20));

    assert.deepEqual(after, [access]);
    assert.deepEqual(thrownFromTimers, ['a broken listener']);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
});

test('a listener that throws stops neither the other listeners nor the session, and its error is reported', async () => {
  const s = session();
  const reported = [];
  globalThis.reportError = (error) => reported.push(error.message);
  try {
    const after = [];
    s.addEventListener('tokens', () => { throw new Error('a broken listener'); });
    s.addEventListener('tokens', (event) => after.push(event.detail.tokens.access_token));

    const access = await s.getAccessToken();

    assert.deepEqual(after, [access]);
    assert.deepEqual(reported, ['a broken listener']);
  } finally {
    delete globalThis.reportError;
  }
});
