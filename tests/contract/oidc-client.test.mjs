// A standard OpenID Connect client, unchanged: npm openid-client discovers the realm, logs in with
// the password grant, verifies the access token against the JWKS with jose, reads UserInfo
// (OIDC Core 5.3), rotates the refresh token (JWT-2), introspects (RFC 7662) and revokes
// (RFC 7009) through the endpoints the discovery document advertises (RFC 8414 names).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { ADMIN_PASSWORD, ADMIN_USER, startWithAdmin } from '../integration/harness.mjs';

describe('openid-client and jose against Tessera', () => {
  let tessera, admin, config, issuer;
  before(async () => {
    ({ tessera, admin } = await startWithAdmin());
    issuer = `${tessera.baseUrl}/auth/realms/default`;
    // A public client (token_endpoint_auth_method none) over plain HTTP on loopback.
    config = await client.discovery(new URL(issuer), 'tessera', undefined, client.None(), { execute: [client.allowInsecureRequests] });
  });
  after(() => tessera?.stopAndCleanup());

  const login = () => client.genericGrantRequest(config, 'password', { username: ADMIN_USER, password: ADMIN_PASSWORD, scope: 'openid' });

  it('discovery advertises userinfo, revocation and introspection', () => {
    const metadata = config.serverMetadata();
    assert.equal(metadata.issuer, issuer);
    assert.equal(metadata.userinfo_endpoint, `${issuer}/protocol/openid-connect/userinfo`);
    assert.equal(metadata.revocation_endpoint, `${issuer}/protocol/openid-connect/revoke`);
    assert.equal(metadata.introspection_endpoint, `${tessera.baseUrl}/auth/introspect`);
  });

  it('JWT-1: password grant, the access token verified against the JWKS, and UserInfo', async () => {
    const tokens = await login();
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, { issuer, audience: 'tessera', algorithms: ['ES256'] });
    assert.equal(protectedHeader.alg, 'ES256');
    assert.equal(payload.preferred_username, ADMIN_USER);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, payload.sub);
    assert.equal(userinfo.sub, payload.sub);
    assert.equal(userinfo.preferred_username, ADMIN_USER);
    assert.equal(userinfo.ba, 'default');
    // The subject check is the client's: a token of another subject would be refused.
    await assert.rejects(client.fetchUserInfo(config, tokens.access_token, 'someone-else'));
  });

  it('JWT-2: refresh rotates, and a rotated-away refresh token is refused', async () => {
    const first = await login();
    const second = await client.refreshTokenGrant(config, first.refresh_token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    await assert.rejects(client.refreshTokenGrant(config, first.refresh_token), (error) => error.error === 'invalid_grant');
  });

  it('RFC 7662: introspection with a bearer token that holds users.read', async () => {
    const tokens = await login();
    // The endpoint's own credential is a bearer token (RFC 7662 section 2.1), added to the request.
    config[client.customFetch] = (url, options) => {
      const headers = new Headers(options.headers);
      if (url === config.serverMetadata().introspection_endpoint) headers.set('authorization', `Bearer ${admin}`);
      return fetch(url, { ...options, headers });
    };
    try {
      const active = await client.tokenIntrospection(config, tokens.access_token);
      assert.equal(active.active, true);
      assert.equal(active.username, ADMIN_USER);
      const pat = await tessera.createPat(admin, { name: 'introspected', permissions: ['users.read'] });
      const patInfo = await client.tokenIntrospection(config, pat);
      assert.equal(patInfo.active, true);
      assert.equal(patInfo.token_type, 'personal_access_token');
      assert.equal((await client.tokenIntrospection(config, 'not-a-token')).active, false);
    } finally {
      delete config[client.customFetch];
    }
  });

  it('RFC 7009: revoking a refresh token ends the session; unknown tokens are 200 too; PATs are refused', async () => {
    const tokens = await login();
    await client.tokenRevocation(config, tokens.refresh_token, { token_type_hint: 'refresh_token' });
    await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token), (error) => error.error === 'invalid_grant');
    await assert.rejects(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck), 'the access token of the session is over too');
    assert.equal((await tessera.checkAuthenticated(tokens.access_token)).status, 401);

    const byAccess = await login();
    await client.tokenRevocation(config, byAccess.access_token, { token_type_hint: 'access_token' });
    assert.equal((await tessera.checkAuthenticated(byAccess.access_token)).status, 401);

    await client.tokenRevocation(config, 'not-a-token-at-all');
    await client.tokenRevocation(config, tokens.refresh_token); // already revoked

    const pat = await tessera.createPat(admin, { name: 'not-revocable-here', permissions: ['users.read'] });
    await assert.rejects(client.tokenRevocation(config, pat), (error) => error.error === 'unsupported_token_type');
    assert.equal((await tessera.checkAuthenticated(pat)).status, 200, 'the PAT still works');
  });
});
