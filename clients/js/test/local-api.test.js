// Against the real local API (./run-local.sh's stack): started by the build (LocalApiClientIT sets
// ANONYMOUS_ACCESS_API and ANONYMOUS_ACCESS_CLIENT_ID), or by you: ANONYMOUS_ACCESS_API=http://localhost:8080 npm test.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as oauth from 'oauth4webapi';

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

const secret = process.env.ANONYMOUS_ACCESS_CLIENT_SECRET;
const skipClaims = api && secret ? false
  : 'no backend secret: set ANONYMOUS_ACCESS_API and ANONYMOUS_ACCESS_CLIENT_SECRET (the build does)';

/** What the app's backend does when the person signs up: claim the anonymous user the client holds. */
async function claim(accessToken, subject) {
  const answer = await fetch(`${api}/auth/anonymous/claim`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ access_token: accessToken, subject }),
  });
  assert.equal(answer.status, 200, await answer.clone().text());
  return answer.json();
}

test('a second device merged into a claimed user adopts the pair the backend got', { skip: skipClaims }, async () => {
  const phone = createSession({ baseUrl: api, clientId, storage: memoryStorage() });
  const laptop = createSession({ baseUrl: api, clientId, storage: memoryStorage() });
  try {
    const subject = `local-test|${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const claimed = await claim(await phone.getAccessToken(), subject);
    const merged = await claim(await laptop.getAccessToken(), subject);
    assert.equal(merged.userId, claimed.userId);
    assert.ok(merged.mergedUserId);

    await laptop.adopt(merged.token);

    const me = await (await laptop.fetch(`${api}/me`)).json();
    assert.equal(me.userId, claimed.userId);
    assert.equal(me.subject, subject);
    const phoneMe = await (await phone.fetch(`${api}/me`)).json();
    assert.equal(phoneMe.userId, claimed.userId, 'the first device keeps its own pair');
    const refreshed = await laptop.refresh();
    assert.notEqual(refreshed.access_token, merged.token.access_token);
  } finally {
    phone.close();
    laptop.close();
  }
});

test('oauth4webapi introspects the library\'s access token at the discovered endpoint (RFC 7662)', { skip: skipClaims },
  async () => {
    const insecure = { [oauth.allowInsecureRequests]: true }; // the local API is plain HTTP
    const issuer = new URL(api);
    const metadata = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
    const client = { client_id: clientId };
    const introspect = async (token) => oauth.processIntrospectionResponse(metadata, client,
      await oauth.introspectionRequest(metadata, client, oauth.ClientSecretBasic(secret), token, insecure));
    const session = createSession({ baseUrl: api, clientId, storage: memoryStorage() });
    try {
      const { userId } = await (await session.fetch(`${api}/me`)).json();
      const accessToken = await session.getAccessToken();

      const active = await introspect(accessToken);
      assert.equal(active.active, true);
      assert.equal(active.sub, userId);
      assert.equal(active.client_id, clientId);
      assert.ok(active.exp * 1000 > Date.now());

      await session.signOut();
      assert.deepEqual(await introspect(accessToken), { active: false }, 'signed out: the token is no longer good');
    } finally {
      session.close();
    }
  });
