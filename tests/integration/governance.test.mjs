// PAT-11 (service-account tokens) and RFC 7662 introspection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inDays, startWithAdmin } from './harness.mjs';

const form = (fields) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

describe('service accounts and introspection', () => {
  let tessera, admin, robot, dev;
  before(async () => {
    ({ tessera, admin } = await startWithAdmin());
    await tessera.createRole(admin, 'integration', ['quotes.*', 'users.token']);
    robot = await tessera.ok('POST', '/auth/users', {
      token: admin,
      json: { userName: 'robot@example.com', firstName: 'Ro', lastName: 'Bot', serviceAccount: true, roles: ['integration'], tenants: ['any'], password: 'Robot-Passw0rd-Long!' },
    });
    await tessera.createUser(admin, 'person@example.com', { roles: ['integration'] });
    dev = await tessera.loginToken('person@example.com', 'User-Passw0rd-Long!');
  });
  after(() => tessera?.stopAndCleanup());

  it('PAT-11: an admin mints tokens for a service account, within its limit', async () => {
    const minted = [];
    for (let i = 0; i < 3; i++) {
      const response = await tessera.request('POST', `/auth/users/${robot.locator}/tokens`, {
        token: admin,
        json: { name: `robot-${i}`, permissions: ['quotes.write'], tenants: ['any'], expiresAt: inDays(30) },
      });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      minted.push(response.body);
    }
    const check = await tessera.check(minted[0], 'quotes.write');
    assert.equal(check.status, 200);
    assert.equal(check.headers.get('x-auth-user-name'), 'robot@example.com');
    const listed = await tessera.ok('GET', `/auth/users/${robot.locator}/tokens`, { token: admin });
    assert.deepEqual(listed.map((t) => t.origin), ['admin-mint', 'admin-mint', 'admin-mint']);
    const fourth = await tessera.request('POST', `/auth/users/${robot.locator}/tokens`, { token: admin, json: { name: 'robot-3', permissions: ['quotes.write'], tenants: [] } });
    assert.equal(fourth.status, 409);
    assert.equal(fourth.body.code, 'pat_limit_reached');
    assert.match(fourth.body.detail, /robot@example.com/);
  });

  it('PAT-11: refused for a non-admin and for a person', async () => {
    const byPerson = await tessera.request('POST', `/auth/users/${robot.locator}/tokens`, { token: dev, json: { name: 'x', permissions: ['quotes.read'], tenants: [] } });
    assert.equal(byPerson.status, 403);
    const me = await tessera.ok('GET', '/auth/users/whoami', { token: dev });
    const forPerson = await tessera.request('POST', `/auth/users/${me.locator}/tokens`, { token: admin, json: { name: 'x', permissions: ['quotes.read'], tenants: [] } });
    assert.equal(forPerson.status, 400);
    assert.equal(forPerson.body.code, 'invalid_request');
    assert.match(forPerson.body.detail, /service accounts/);
    const unknown = await tessera.request('POST', '/auth/users/00000000-0000-4000-8000-000000000000/tokens', { token: admin, json: { name: 'x', permissions: ['quotes.read'], tenants: [] } });
    assert.equal(unknown.status, 404);
  });

  it('service accounts cannot log in with a password', async () => {
    const response = await tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', form({ grant_type: 'password', username: 'robot@example.com', password: 'Robot-Passw0rd-Long!' }));
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'invalid_grant');
  });

  it('RFC 7662: live credentials are active with their effective rights; anything else is only inactive', async () => {
    const value = await tessera.createPat(dev, { name: 'introspected', permissions: ['quotes.read'], tenants: [], expiresAt: inDays(2) });
    const live = await tessera.request('POST', '/auth/introspect', { token: admin, ...form({ token: value }) });
    assert.equal(live.status, 200);
    assert.equal(live.body.active, true);
    assert.equal(live.body.token_type, 'personal_access_token');
    assert.equal(live.body.token_name, 'introspected');
    assert.equal(live.body.username, 'person@example.com');
    assert.deepEqual(live.body.permissions, ['quotes.read']);
    assert.ok(live.body.exp > Date.now() / 1000);
    const [listed] = await tessera.ok('GET', '/auth/users/tokens', { token: dev });
    assert.equal(listed.lastUsedAt, null, 'introspection is not a use of the token');

    const jwt = await tessera.request('POST', '/auth/introspect', { token: admin, ...form({ token: dev }) });
    assert.equal(jwt.body.active, true);
    assert.equal(jwt.body.token_type, 'access_token');

    await tessera.ok('DELETE', '/auth/users/tokens/introspected', { token: dev });
    for (const candidate of [value, 'garbage', `${value.slice(0, -1)}${value.endsWith('x') ? 'y' : 'x'}`, 'a.b.c']) {
      const response = await tessera.request('POST', '/auth/introspect', { token: admin, ...form({ token: candidate }) });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { active: false });
    }
    const loggedOut = await tessera.login('person@example.com', 'User-Passw0rd-Long!');
    await tessera.request('POST', '/auth/realms/default/protocol/openid-connect/logout', form({ refresh_token: loggedOut.refresh_token }));
    const ended = await tessera.request('POST', '/auth/introspect', { token: admin, ...form({ token: loggedOut.access_token }) });
    assert.deepEqual(ended.body, { active: false });
  });

  it('RFC 7662: the caller needs users.read; the request must carry a token', async () => {
    assert.equal((await tessera.request('POST', '/auth/introspect', { token: dev, ...form({ token: dev }) })).status, 403);
    assert.equal((await tessera.request('POST', '/auth/introspect', form({ token: dev }))).status, 401);
    const missing = await tessera.request('POST', '/auth/introspect', { token: admin, ...form({}) });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.invalidEntries, ['token']);
    const json = await tessera.request('POST', '/auth/introspect', { token: admin, json: { token: dev } });
    assert.equal(json.status, 415);
  });

  it('USR-1: disabling a user stops its JWT and PATs on the next request; enabling restores them', async () => {
    await tessera.createUser(admin, 'pausable@example.com', { roles: ['integration'] });
    const jwt = await tessera.loginToken('pausable@example.com', 'User-Passw0rd-Long!');
    const pat = await tessera.createPat(jwt, { name: 'p', permissions: ['quotes.read'] });
    const me = await tessera.ok('GET', '/auth/users/whoami', { token: jwt });
    const disabled = await tessera.ok('PATCH', `/auth/users/${me.locator}/disable`, { token: admin });
    assert.equal(disabled.enabled, false);
    assert.equal((await tessera.check(pat, 'quotes.read')).status, 401);
    assert.equal((await tessera.check(jwt, 'quotes.read')).status, 401);
    await assert.rejects(tessera.login('pausable@example.com', 'User-Passw0rd-Long!'));
    await tessera.ok('PATCH', `/auth/users/${me.locator}/enable`, { token: admin });
    assert.equal((await tessera.check(pat, 'quotes.read')).status, 200);
    const self = await tessera.ok('GET', '/auth/users/whoami', { token: admin });
    assert.equal((await tessera.request('PATCH', `/auth/users/${self.locator}/disable`, { token: admin })).status, 409);
    assert.equal((await tessera.request('PATCH', `/auth/users/${me.locator}/disable`, { token: dev })).status, 403);
  });

  it('leak response: reported live tokens are deleted at once; the answer is counts only', async () => {
    const leaked = await tessera.createPat(dev, { name: 'leaked', permissions: ['quotes.read'] });
    const kept = await tessera.createPat(dev, { name: 'kept', permissions: ['quotes.read'] });
    const response = await tessera.request('POST', '/auth/tokens/revoke-leaked', { json: [leaked, 'not-a-token', `${leaked.slice(0, -1)}${leaked.endsWith('x') ? 'y' : 'x'}`] });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { received: 3, revoked: 1 });
    assert.equal((await tessera.check(leaked, 'quotes.read')).status, 401);
    assert.equal((await tessera.check(kept, 'quotes.read')).status, 200);
    const again = await tessera.request('POST', '/auth/tokens/revoke-leaked', { json: [leaked] });
    assert.deepEqual(again.body, { received: 1, revoked: 0 });
    assert.equal((await tessera.request('POST', '/auth/tokens/revoke-leaked', { json: Array(1001).fill('x') })).status, 400);
    assert.equal((await tessera.request('POST', '/auth/tokens/revoke-leaked', { json: { token: leaked } })).status, 400);
    await tessera.ok('DELETE', '/auth/users/tokens/kept', { token: dev });
    let limited;
    for (let i = 0; i < 12 && !limited; i++) {
      const r = await tessera.request('POST', '/auth/tokens/revoke-leaked', { json: [] });
      if (r.status === 429) limited = r;
    }
    assert.ok(limited, 'rate-limited per client address');
    assert.equal(limited.body.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    await tessera.stop();
    assert.match(tessera.output, /"audit":"auth.token.leaked".*"data":\{"tokenLocator":"[0-9A-Z]{26}","tokenName":"leaked","owner":"[0-9a-f-]{36}"/);
    assert.ok(!tessera.output.includes(leaked), 'the value is never logged');
    await tessera.start();
  });

  it('JWT-3: repeated failures lock a user name, known or unknown alike, with Retry-After', async () => {
    const attempt = (username, password = 'Wrong-Passw0rd-123!') =>
      tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', form({ grant_type: 'password', username, password }));
    for (const username of ['person@example.com', 'nobody@example.com']) {
      for (let i = 0; i < 5; i++) assert.equal((await attempt(username)).status, 400);
      const locked = await attempt(username, 'User-Passw0rd-Long!');
      assert.equal(locked.status, 429);
      assert.equal(locked.body.error, 'invalid_grant');
      assert.ok(Number(locked.headers.get('retry-after')) > 0);
    }
  });
});
