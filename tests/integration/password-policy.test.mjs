// JWT-3: the business account's password policy, enforced wherever a password is set.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWithAdmin } from './harness.mjs';

describe('password policy', () => {
  let tessera, admin;
  before(async () => ({ tessera, admin } = await startWithAdmin()));
  after(() => tessera?.stopAndCleanup());

  it("JWT-3: Socotra's defaults, changed by an admin, enforced on user creation", async () => {
    const defaults = await tessera.ok('GET', '/auth/identity/passwordPolicy', { token: admin });
    assert.deepEqual(defaults.passwordPolicies, {
      digits: 1, forceExpiredPasswordChange: 90, length: 16, lowercase: 1, maxLength: 64, passwordHistory: 4, specialChars: 1, uppercase: 1,
    });
    const put = await tessera.request('PUT', '/auth/identity/passwordPolicy', { token: admin, json: { passwordPolicies: { length: 20, digits: 2 } } });
    assert.equal(put.status, 200);
    const changed = await tessera.ok('GET', '/auth/identity/passwordPolicy', { token: admin });
    assert.equal(changed.passwordPolicies.length, 20);
    assert.equal(changed.passwordPolicies.digits, 2);
    assert.equal(changed.passwordPolicies.uppercase, 1, 'fields not given keep their values');
    const weak = await tessera.request('POST', '/auth/users', { token: admin, json: { userName: 'short@example.com', firstName: 'S', lastName: 'P', password: 'User-Passw0rd-Long!' } });
    assert.equal(weak.status, 400);
    assert.ok(weak.body.invalidEntries.some((v) => /at least 20 characters/.test(v)));
    assert.ok(weak.body.invalidEntries.some((v) => /2 digit/.test(v)));
    const ok = await tessera.request('POST', '/auth/users', { token: admin, json: { userName: 'long@example.com', firstName: 'L', lastName: 'P', password: 'Much-Longer-Passw0rd-42!' } });
    assert.equal(ok.status, 200, ok.text);
  });

  it('JWT-3: invalid policies are refused naming each field; only admins (or identity.add) change it', async () => {
    const bad = await tessera.request('PUT', '/auth/identity/passwordPolicy', { token: admin, json: { passwordPolicies: { length: 4, maxLength: 2 } } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.invalidEntries, ['length', 'maxLength']);
    const unknown = await tessera.request('PUT', '/auth/identity/passwordPolicy', { token: admin, json: { passwordPolicies: { lenght: 20 } } });
    assert.deepEqual(unknown.body.invalidEntries, ['lenght']);
    const typed = await tessera.request('PUT', '/auth/identity/passwordPolicy', { token: admin, json: { passwordPolicies: { length: '20' } } });
    assert.deepEqual(typed.body.invalidEntries, ['length']);
    const shape = await tessera.request('PUT', '/auth/identity/passwordPolicy', { token: admin, json: { length: 20 } });
    assert.equal(shape.status, 400);
    await tessera.createUser(admin, 'reader@example.com', { roles: ['read-only'], password: 'Much-Longer-Passw0rd-42!' });
    const reader = await tessera.loginToken('reader@example.com', 'Much-Longer-Passw0rd-42!');
    assert.equal((await tessera.request('GET', '/auth/identity/passwordPolicy', { token: reader })).status, 200, 'identity.read (read-only role)');
    assert.equal((await tessera.request('PUT', '/auth/identity/passwordPolicy', { token: reader, json: { passwordPolicies: {} } })).status, 403);
  });

  it('JWT-3: an admin resets a password, checked against the policy; the old one stops working', async () => {
    const user = await tessera.createUser(admin, 'reset@example.com', { password: 'Much-Longer-Passw0rd-42!' });
    const weak = await tessera.request('PATCH', `/auth/users/${user.locator}/passwordreset`, { token: admin, json: 'short' });
    assert.equal(weak.status, 400);
    assert.ok(weak.body.invalidEntries.length >= 2);
    const reset = await tessera.request('PATCH', `/auth/users/${user.locator}/passwordreset`, { token: admin, json: 'Another-Much-Longer-Pw-77!' });
    assert.equal(reset.status, 200);
    await tessera.login('reset@example.com', 'Another-Much-Longer-Pw-77!');
    await assert.rejects(tessera.login('reset@example.com', 'Much-Longer-Passw0rd-42!'));
    assert.equal((await tessera.request('PATCH', `/auth/users/${user.locator}/passwordreset`, { token: admin, json: { password: 'x' } })).status, 400);
  });
});
