// JWT-1, JWT-2, JWT-3 (same answer for unknown users): the OpenID Connect token endpoint.
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ADMIN_PASSWORD, ADMIN_USER, Tessera } from './harness.mjs';

const TOKEN_PATH = '/auth/realms/default/protocol/openid-connect/token';
const form = (fields) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const decodePart = (part) => JSON.parse(Buffer.from(part, 'base64url').toString());

describe('login', () => {
  let tessera;
  before(async () => {
    tessera = await new Tessera().start();
  });
  after(() => tessera?.stopAndCleanup());

  it('JWT-1: password grant returns a signed ES256 access token with the documented claims', async () => {
    const response = await tessera.request('POST', TOKEN_PATH, form({ grant_type: 'password', username: ADMIN_USER, password: ADMIN_PASSWORD }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = response.body;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.ok(body.refresh_token.length > 40);
    assert.ok(body.refresh_expires_in > 0);
    const [header, payload, signature] = body.access_token.split('.');
    const h = decodePart(header);
    assert.equal(h.alg, 'ES256');
    assert.ok(h.kid);
    const claims = decodePart(payload);
    assert.equal(claims.iss, `${tessera.baseUrl}/auth/realms/default`);
    assert.equal(claims.aud, 'tessera');
    assert.equal(claims.ba, 'default');
    assert.equal(claims.preferred_username, ADMIN_USER);
    assert.match(claims.sub, /^[0-9a-f-]{36}$/);
    assert.ok(claims.jti);
    assert.equal(claims.exp - claims.iat, 3600);
    assert.deepEqual(claims.permissions, ['*.*']);
    assert.deepEqual(claims.tenants, ['any']);

    // The JWKS verifies the signature (independent check with Node's crypto).
    const jwks = await tessera.ok('GET', '/auth/realms/default/protocol/openid-connect/certs');
    const jwk = jwks.keys.find((key) => key.kid === h.kid);
    assert.ok(jwk, 'the kid is published');
    assert.equal(jwk.d, undefined, 'no private part is published');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const valid = verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
    assert.ok(valid);
  });

  it('JWT-1: discovery document names the endpoints', async () => {
    const doc = await tessera.ok('GET', '/auth/realms/default/.well-known/openid-configuration');
    assert.equal(doc.issuer, `${tessera.baseUrl}/auth/realms/default`);
    assert.equal(doc.token_endpoint, `${doc.issuer}/protocol/openid-connect/token`);
    assert.equal(doc.jwks_uri, `${doc.issuer}/protocol/openid-connect/certs`);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['ES256']);
    assert.equal((await tessera.request('GET', '/auth/realms/nope/.well-known/openid-configuration')).status, 404);
  });

  it('JWT-3: wrong password and unknown user get the same answer', async () => {
    const wrong = await tessera.request('POST', TOKEN_PATH, form({ grant_type: 'password', username: ADMIN_USER, password: 'Wrong-Passw0rd-123!' }));
    const unknown = await tessera.request('POST', TOKEN_PATH, form({ grant_type: 'password', username: 'nobody@x.io', password: 'Wrong-Passw0rd-123!' }));
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.error, 'invalid_grant');
  });

  it('rejects malformed token requests with OAuth errors', async () => {
    const cases = [
      [form({ grant_type: 'password', username: ADMIN_USER }), 400, 'invalid_request'],
      [form({ grant_type: 'client_credentials' }), 400, 'unsupported_grant_type'],
      [form({ username: ADMIN_USER, password: ADMIN_PASSWORD }), 400, 'invalid_request'],
      [{ headers: { 'content-type': 'application/json' }, body: '{}' }, 400, 'invalid_request'],
      [{ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password&grant_type=refresh_token' }, 400, 'invalid_request'],
      [form({ grant_type: 'password', username: ADMIN_USER, password: ADMIN_PASSWORD, client_id: 'other' }), 401, 'invalid_client'],
    ];
    for (const [request, status, error] of cases) {
      const response = await tessera.request('POST', TOKEN_PATH, request);
      assert.equal(response.status, status, response.text);
      assert.equal(response.body.error, error);
    }
    const realm = await tessera.request('POST', '/auth/realms/unknown/protocol/openid-connect/token', form({ grant_type: 'password', username: ADMIN_USER, password: ADMIN_PASSWORD }));
    assert.equal(realm.status, 404);
  });

  it('JWT-1: refresh grant rotates the refresh token', async () => {
    const first = await tessera.login();
    const refreshed = await tessera.request('POST', TOKEN_PATH, form({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.refresh_token, first.refresh_token);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: refreshed.body.access_token })).status, 200);
    const reused = await tessera.request('POST', TOKEN_PATH, form({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');
  });

  it('JWT-2: presenting an already-used refresh token ends the whole session (reuse detection)', async () => {
    const first = await tessera.login();
    const second = await tessera.request('POST', TOKEN_PATH, form({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    assert.equal(second.status, 200);
    const reuse = await tessera.request('POST', TOKEN_PATH, form({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, 'invalid_grant');
    assert.match(reuse.body.error_description, /already used/);
    // The legitimate holder's newer tokens are gone too.
    const after = await tessera.request('POST', TOKEN_PATH, form({ grant_type: 'refresh_token', refresh_token: second.body.refresh_token }));
    assert.equal(after.status, 400);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: second.body.access_token })).status, 401);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: first.access_token })).status, 401);
  });

  it('JWT-2: logout ends the session at once, for every access token of it', async () => {
    const session = await tessera.login();
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: session.access_token })).status, 200);
    const logout = await tessera.request('POST', '/auth/realms/default/protocol/openid-connect/logout', form({ refresh_token: session.refresh_token }));
    assert.equal(logout.status, 204);
    const after = await tessera.request('GET', '/auth/users/whoami', { token: session.access_token });
    assert.equal(after.status, 401);
    assert.match(after.headers.get('www-authenticate'), /^Bearer/);
    assert.equal(after.body.code, 'unauthenticated');
  });

  it('JWT-2: logout with the access token as bearer works too', async () => {
    const session = await tessera.login();
    const logout = await tessera.request('POST', '/auth/realms/default/protocol/openid-connect/logout', { token: session.access_token });
    assert.equal(logout.status, 204);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: session.access_token })).status, 401);
  });

  it('JWT-2: POST /auth/users/{locator}/revoke ends every session of the user, not its PATs', async () => {
    const admin = await tessera.loginToken();
    await tessera.createUser(admin, 'revoked@example.com', { roles: ['read-only'] });
    const user = await tessera.login('revoked@example.com', 'User-Passw0rd-Long!');
    const second = await tessera.login('revoked@example.com', 'User-Passw0rd-Long!');
    const me = await tessera.ok('GET', '/auth/users/whoami', { token: user.access_token });
    const revoke = await tessera.request('POST', `/auth/users/${me.locator}/revoke`, { token: admin });
    assert.equal(revoke.status, 200);
    for (const session of [user, second]) {
      assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: session.access_token })).status, 401);
      const refresh = await tessera.request('POST', TOKEN_PATH, form({ grant_type: 'refresh_token', refresh_token: session.refresh_token }));
      assert.equal(refresh.status, 400);
    }
  });

  it('rejects tampered, foreign and malformed bearer tokens with 401', async () => {
    const { access_token: token } = await tessera.login();
    const [header, payload, signature] = token.split('.');
    const claims = decodePart(payload);
    claims.permissions = ['*.*'];
    claims.sub = '00000000-0000-4000-8000-000000000000';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    for (const bad of [forged, none, 'garbage', `${token}x`, 'a.b.c']) {
      const response = await tessera.request('GET', '/auth/users/whoami', { token: bad });
      assert.equal(response.status, 401, bad);
    }
    assert.equal((await tessera.request('GET', '/auth/users/whoami')).status, 401);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { headers: { authorization: `Basic ${token}` } })).status, 401);
  });
});
