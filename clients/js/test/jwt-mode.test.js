// JWT mode against the real local API (./run-local.sh's stack, which registers demo-app-jwt): the client library
// unchanged, and the access tokens checked by verifiers that are not this project's, given only the issuer URL (the
// local API's own): jose with a remote key set, AWS's aws-jwt-verify, and oauth4webapi's refresh grant and RFC 7009
// revocation at the discovered endpoints. Every forgery is refused by each of them, by the service's Lambda
// authorizer (GET /me) and, when ANONYMOUS_ACCESS_JWT_API is set, by the example API behind API Gateway's JWT
// authorizer.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mock, test } from 'node:test';

import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import * as jose from 'jose';
import * as oauth from 'oauth4webapi';

import { createSession, memoryStorage } from '../src/index.js';

const api = process.env.ANONYMOUS_ACCESS_API;
const clientId = process.env.ANONYMOUS_ACCESS_JWT_CLIENT_ID || 'demo-app-jwt';
const jwtApi = process.env.ANONYMOUS_ACCESS_JWT_API;
const audience = process.env.ANONYMOUS_ACCESS_JWT_AUDIENCE || 'anonymous-access';
const skip = api ? false : 'no local API: set ANONYMOUS_ACCESS_API (the build does)';
const skipGateway = api && jwtApi ? false : 'no JWT-protected API: set ANONYMOUS_ACCESS_JWT_API (the build does)';

/** The local issuer is plain HTTP; every library below refuses that unless told, as it should in production. */
const insecure = { [oauth.allowInsecureRequests]: true };

async function discovered() {
  const issuer = new URL(api);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
}

async function created() {
  const answer = await fetch(`${api}/auth/anonymous/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId }),
  });
  assert.equal(answer.status, 200, await answer.clone().text());
  return (await answer.json()).token;
}

function joseVerify(token, metadata, options = {}) {
  const keys = jose.createRemoteJWKSet(new URL(metadata.jwks_uri));
  return jose.jwtVerify(token, keys, {
    issuer: metadata.issuer, audience, typ: 'at+jwt', algorithms: ['RS256'], ...options,
  });
}

/** aws-jwt-verify, fetching the key set with the platform's fetch: its own fetcher speaks only HTTPS. */
function awsVerifier(metadata, verifyAudience = audience) {
  const fetcher = { fetch: async (uri) => (await fetch(uri)).arrayBuffer() };
  return JwtVerifier.create({
    issuer: metadata.issuer,
    audience: verifyAudience,
    jwksUri: metadata.jwks_uri,
    customJwtCheck: ({ header }) => {
      if (header.typ !== 'at+jwt') throw new Error('not an access token JWT');
    },
  }, { jwksCache: new SimpleJwksCache({ fetcher }) });
}

const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The forgeries that need no private key of the service's. */
async function forgeries(genuine, metadata) {
  const [header, payload, signature] = genuine.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  const kid = JSON.parse(Buffer.from(header, 'base64url')).kid;
  const published = (await (await fetch(metadata.jwks_uri)).json()).keys.find((key) => key.kid === kid);
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return {
    'alg none': `${encode({ alg: 'none', typ: 'at+jwt', kid })}.${payload}.`,
    'HS256 with the public key as secret': await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
      .sign(new TextEncoder().encode(JSON.stringify(published))),
    'unknown kid': await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: `unknown-${kid}` })
      .sign(stranger),
    'altered payload': `${header}.${encode({ ...claims, sub: `${claims.sub}0` })}.${signature}`,
  };
}

test('the client library works unchanged with a jwt app', { skip }, async () => {
  const session = createSession({ baseUrl: api, clientId, storage: memoryStorage() });
  try {
    const me = await session.fetch(`${api}/me`);
    assert.equal(me.status, 200);
    const { userId } = await me.json();
    const first = await session.getTokens();
    assert.equal(first.access_token.split('.').length, 3, 'the access token is a JWT');

    const refreshed = await session.refresh();
    assert.notEqual(refreshed.access_token, first.access_token);
    assert.equal((await (await session.fetch(`${api}/me`)).json()).userId, userId);

    await session.signOut();
    const after = await fetch(`${api}/auth/anonymous/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshed.refresh_token }),
    });
    assert.equal(after.status, 400, 'signed out: the refresh token is refused');
    assert.equal((await after.json()).error, 'invalid_grant');
  } finally {
    session.close();
  }
});

test('the example API behind API Gateway\'s JWT authorizer accepts the library\'s tokens', { skip: skipGateway },
  async () => {
    const session = createSession({ baseUrl: api, clientId, storage: memoryStorage() });
    try {
      const own = await (await session.fetch(`${api}/me`)).json();
      const me = await session.fetch(`${jwtApi}/me`);
      assert.equal(me.status, 200);
      assert.equal((await me.json()).userId, own.userId);
    } finally {
      session.close();
    }
  });

test('the discovery document names the issuer, its key set and the token endpoint', { skip }, async () => {
  const metadata = await discovered();

  assert.equal(new URL(metadata.issuer).href, new URL(api).href);
  assert.ok(metadata.jwks_uri.startsWith(metadata.issuer));
  assert.ok(metadata.token_endpoint.startsWith(metadata.issuer));
});

test('jose verifies the access token with the remote key set', { skip }, async () => {
  const metadata = await discovered();
  const token = await created();

  const { payload, protectedHeader } = await joseVerify(token.access_token, metadata);

  assert.equal(protectedHeader.typ, 'at+jwt');
  assert.equal(payload.client_id, clientId);
  assert.equal(payload.exp - payload.iat, token.expires_in);
  const me = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${token.access_token}` } });
  assert.equal((await me.json()).userId, payload.sub);
});

test('aws-jwt-verify verifies the access token', { skip }, async () => {
  const metadata = await discovered();
  const token = await created();

  const payload = await awsVerifier(metadata).verify(token.access_token);

  assert.equal(payload.client_id, clientId);
});

test('every verifier refuses every forgery', { skip }, async (t) => {
  const metadata = await discovered();
  const token = await created();
  const verifier = awsVerifier(metadata);
  for (const [name, forged] of Object.entries(await forgeries(token.access_token, metadata))) {
    await t.test(name, async () => {
      await assert.rejects(joseVerify(forged, metadata), 'jose');
      await assert.rejects(verifier.verify(forged), 'aws-jwt-verify');
      const authorizer = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${forged}` } });
      assert.equal(authorizer.status, 403, 'the Lambda authorizer');
      if (jwtApi) {
        const gateway = await fetch(`${jwtApi}/me`, { headers: { authorization: `Bearer ${forged}` } });
        assert.equal(gateway.status, 401, 'the JWT authorizer');
        assert.match(gateway.headers.get('www-authenticate'), /^Bearer/);
      }
    });
  }
});

test('a token for another audience is refused by both verifiers', { skip }, async () => {
  const metadata = await discovered();
  const token = await created();

  await assert.rejects(joseVerify(token.access_token, metadata, { audience: 'another-api' }));
  await assert.rejects(awsVerifier(metadata, 'another-api').verify(token.access_token));
});

test('an expired token is refused by both verifiers', { skip }, async () => {
  const metadata = await discovered();
  const token = await created();
  const { exp } = jose.decodeJwt(token.access_token);
  const verifier = awsVerifier(metadata);
  await verifier.hydrate();

  await assert.rejects(joseVerify(token.access_token, metadata, { currentDate: new Date((exp + 1) * 1000) }));
  mock.timers.enable({ apis: ['Date'], now: (exp + 1) * 1000 });
  try {
    await assert.rejects(verifier.verify(token.access_token));
  } finally {
    mock.timers.reset();
  }
});

test('oauth4webapi refreshes through the discovered token endpoint', { skip }, async () => {
  const metadata = await discovered();
  const token = await created();
  const client = { client_id: clientId };

  const response = await oauth.refreshTokenGrantRequest(metadata, client, oauth.None(), token.refresh_token,
    insecure);
  const result = await oauth.processRefreshTokenResponse(metadata, client, response);

  assert.equal(result.token_type, 'bearer');
  assert.notEqual(result.refresh_token, token.refresh_token);
  const { payload } = await joseVerify(result.access_token, metadata);
  assert.equal(payload.sub, jose.decodeJwt(token.access_token).sub);
});

test('oauth4webapi signs out through the discovered revocation endpoint (RFC 7009)', { skip }, async () => {
  const metadata = await discovered();
  const token = await created();
  const client = { client_id: clientId };

  const response = await oauth.revocationRequest(metadata, client, oauth.None(), token.refresh_token, insecure);
  await oauth.processRevocationResponse(response);

  const refresh = await oauth.refreshTokenGrantRequest(metadata, client, oauth.None(), token.refresh_token, insecure);
  await assert.rejects(oauth.processRefreshTokenResponse(metadata, client, refresh),
    (error) => error.error === 'invalid_grant');
});
