// Against the real local API (./run-local.sh's stack): started by the build (LocalApiClientIT sets
// ANONYMOUS_ACCESS_API and ANONYMOUS_ACCESS_CLIENT_ID), or by you: ANONYMOUS_ACCESS_API=http://localhost:8080 npm test.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { AnonymousAccessError, createSession, memoryStorage } from '../src/index.js';

const api = process.env.ANONYMOUS_ACCESS_API;
const clientId = process.env.ANONYMOUS_ACCESS_CLIENT_ID || 'demo-app';
const skip = api ? false : 'no local API: set ANONYMOUS_ACCESS_API (the build does)';

test('create, call /me, refresh, sign out against the local API', { skip }, async () => {
  const session = createSession({ baseUrl: api, clientId, storage: memoryStorage() });
  try {
    const me = await session.fetch(`${api}/me`);
    assert.equal(me.status, 200);
    const body = await me.json();
    assert.equal(body.clientId, clientId);
    const first = await session.getTokens();

    const refreshed = await session.refresh();
    assert.notEqual(refreshed.access_token, first.access_token);
    const again = await session.fetch(`${api}/me`);
    assert.equal((await again.json()).userId, body.userId, 'the same user after the refresh');

    await session.signOut();
    assert.equal(await session.getTokens(), null);
    const old = createSession({ baseUrl: api, clientId, storage: memoryStorage(), autoRefresh: false });
    await old.adopt({ access_token: refreshed.access_token, refresh_token: refreshed.refresh_token, expires_in: 0 });
    const replaced = [];
    old.addEventListener('userreplaced', (event) => replaced.push(event.detail.error));
    const fresh = await old.refresh();
    assert.equal(replaced.length, 1, 'the signed-out user\'s refresh token is refused');
    assert.ok(replaced[0] instanceof AnonymousAccessError);
    assert.equal(replaced[0].error, 'invalid_grant');
    assert.notEqual(fresh.access_token, refreshed.access_token);
    old.close();
  } finally {
    session.close();
  }
});
