// JWT-3 after creation: temporary and expired passwords, the self-service change, history,
// credential removal and status, and configurable lockout with its expiry.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { BIN, eventually, startWithAdmin, withTessera } from './harness.mjs';

const run = promisify(execFile);
const form = (fields) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

describe('credentials', () => {
  let tessera, admin;
  const attempt = (username, password) =>
    tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', form({ grant_type: 'password', username, password }));
  const change = (userName, currentPassword, newPassword) =>
    tessera.request('POST', '/auth/realms/default/password', { json: { userName, currentPassword, newPassword } });

  before(async () => ({ tessera, admin } = await startWithAdmin()));
  after(() => tessera?.stopAndCleanup());

  it('JWT-3: a temporary password must be changed before a login; the change endpoint checks the policy and history', async () => {
    await tessera.ok('POST', '/auth/users', {
      token: admin,
      json: { userName: 'temp@example.com', firstName: 'T', lastName: 'P', password: 'Temporary-Passw0rd-1!', temporaryPassword: true },
    });
    const refused = await attempt('temp@example.com', 'Temporary-Passw0rd-1!');
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_grant');
    assert.equal(refused.body.code, 'password_change_required');
    assert.match(refused.body.error_description, /temporary/);
    assert.match(refused.body.password_change_endpoint, /\/auth\/realms\/default\/password$/);
    const wrongPassword = await attempt('temp@example.com', 'Not-The-Passw0rd-1!');
    assert.equal(wrongPassword.body.code, undefined, 'a wrong password says nothing about the account');

    const wrongCurrent = await change('temp@example.com', 'Not-The-Passw0rd-1!', 'Brand-New-Passw0rd-22!');
    assert.equal(wrongCurrent.status, 400);
    assert.equal(wrongCurrent.body.code, 'invalid_grant');
    const weak = await change('temp@example.com', 'Temporary-Passw0rd-1!', 'weak');
    assert.equal(weak.status, 400);
    assert.ok(weak.body.invalidEntries.some((v) => /at least 16 characters/.test(v)));
    const same = await change('temp@example.com', 'Temporary-Passw0rd-1!', 'Temporary-Passw0rd-1!');
    assert.equal(same.status, 400);
    assert.ok(same.body.invalidEntries.some((v) => /last 4 passwords/.test(v)), JSON.stringify(same.body));
    const unknownField = await tessera.request('POST', '/auth/realms/default/password', { json: { userName: 'temp@example.com', password: 'x' } });
    assert.equal(unknownField.status, 400);

    const changed = await change('temp@example.com', 'Temporary-Passw0rd-1!', 'Brand-New-Passw0rd-22!');
    assert.equal(changed.status, 204, changed.text);
    const session = await tessera.login('temp@example.com', 'Brand-New-Passw0rd-22!');
    assert.ok(session.access_token);
    assert.equal((await attempt('temp@example.com', 'Temporary-Passw0rd-1!')).status, 400, 'the old password is gone');
  });

  it('JWT-3: the last N passwords cannot be reused (admin reset and self-service alike)', async () => {
    const passwords = ['History-Passw0rd-01!', 'History-Passw0rd-02!', 'History-Passw0rd-03!', 'History-Passw0rd-04!', 'History-Passw0rd-05!'];
    const user = await tessera.createUser(admin, 'history@example.com', { password: passwords[0] });
    const reset = (password) => tessera.request('PATCH', `/auth/users/${user.locator}/passwordreset`, { token: admin, json: password });
    for (const password of passwords.slice(1, 4)) assert.equal((await reset(password)).status, 200);
    const reused = await reset(passwords[0]);
    assert.equal(reused.status, 400, 'the first password is still among the last 4');
    assert.ok(reused.body.invalidEntries.some((v) => /last 4 passwords/.test(v)));
    assert.equal((await change('history@example.com', passwords[3], passwords[1])).status, 400);
    assert.equal((await reset(passwords[4])).status, 200);
    assert.equal((await reset(passwords[0])).status, 200, 'five passwords later it may come back');
  });

  it('JWT-3: an admin reset may make the password temporary; a change ends existing sessions', async () => {
    const user = await tessera.createUser(admin, 'sessions@example.com', { password: 'Sessions-Passw0rd-1!' });
    const jwt = await tessera.loginToken('sessions@example.com', 'Sessions-Passw0rd-1!');
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: jwt })).status, 200);
    assert.equal((await tessera.request('PATCH', `/auth/users/${user.locator}/passwordreset?temporary=true`, { token: admin, json: 'Sessions-Passw0rd-2!' })).status, 200);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: jwt })).status, 401, 'a reset ends every session');
    const status = await tessera.ok('GET', `/auth/users/${user.locator}/credentialStatus`, { token: admin });
    assert.equal(status.temporaryPassword, true);
    assert.equal((await attempt('sessions@example.com', 'Sessions-Passw0rd-2!')).body.code, 'password_change_required');
    assert.equal((await change('sessions@example.com', 'Sessions-Passw0rd-2!', 'Sessions-Passw0rd-3!')).status, 204);
    const after = await tessera.ok('GET', `/auth/users/${user.locator}/credentialStatus`, { token: admin });
    assert.equal(after.temporaryPassword, false);
  });

  it('JWT-3: credentialStatus reports the password and real session times', async () => {
    const user = await tessera.createUser(admin, 'status@example.com', { password: 'Status-Passw0rd-01!' });
    const before = await tessera.ok('GET', `/auth/users/${user.locator}/credentialStatus`, { token: admin });
    assert.equal(before.passwordEnabled, true);
    assert.equal(before.temporaryPassword, false);
    assert.equal(before.lastSessionStartAt, null);
    assert.equal(before.lastSessionLastAccessAt, null);
    assert.match(before.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const expires = Date.parse(before.passwordExpiresAt) - Date.parse(before.passwordChangedAt);
    assert.equal(expires, 90 * 86_400_000, 'expiry follows forceExpiredPasswordChange (90 days)');

    const session = await tessera.login('status@example.com', 'Status-Passw0rd-01!');
    const own = await tessera.ok('GET', `/auth/users/${user.locator}/credentialStatus`, { token: session.access_token });
    assert.ok(own.lastSessionStartAt, 'users read their own status (custom)');
    assert.ok(Math.abs(Date.parse(own.lastSessionStartAt) - Date.now()) < 5000);
    // Session times are whole seconds: refresh in a later second than the login.
    await eventually(async () => Date.now() >= Date.parse(own.lastSessionStartAt) + 1000, { what: 'the second after the login' });
    await tessera.ok('POST', '/auth/realms/default/protocol/openid-connect/token', form({ grant_type: 'refresh_token', refresh_token: session.refresh_token }));
    const refreshed = await tessera.ok('GET', `/auth/users/${user.locator}/credentialStatus`, { token: admin });
    assert.equal(refreshed.lastSessionStartAt, own.lastSessionStartAt);
    assert.ok(Date.parse(refreshed.lastSessionLastAccessAt) > Date.parse(own.lastSessionStartAt), 'a refresh is an access');

    const other = await tessera.createUser(admin, 'other@example.com', { password: 'Other-Passw0rd-001!' });
    assert.equal((await tessera.request('GET', `/auth/users/${other.locator}/credentialStatus`, { token: session.access_token })).status, 403);
  });

  it('JWT-3: DELETE credentials removes the password and ends sessions; only admins touch an admin', async () => {
    const user = await tessera.createUser(admin, 'nopass@example.com', { password: 'NoPass-Passw0rd-01!' });
    const jwt = await tessera.loginToken('nopass@example.com', 'NoPass-Passw0rd-01!');
    const adminUser = await tessera.ok('GET', '/auth/users/whoami', { token: admin });
    assert.equal((await tessera.request('DELETE', `/auth/users/${adminUser.locator}/credentials`, { token: jwt })).status, 403);
    assert.equal((await tessera.request('DELETE', `/auth/users/${user.locator}/credentials`, { token: admin })).status, 200);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: jwt })).status, 401);
    assert.equal((await attempt('nopass@example.com', 'NoPass-Passw0rd-01!')).status, 400);
    const status = await tessera.ok('GET', `/auth/users/${user.locator}/credentialStatus`, { token: admin });
    assert.equal(status.passwordEnabled, false);
    assert.equal(status.passwordExpiresAt, null);
    assert.equal((await tessera.request('DELETE', '/auth/users/00000000-0000-4000-8000-000000000000/credentials', { token: admin })).status, 404);
  });

  it('JWT-3: the stored password state survives a restart', async () => {
    const user = await tessera.createUser(admin, 'aged@example.com', { password: 'Aged-Passw0rd-00001!' });
    const before = await tessera.ok('GET', `/auth/users/${user.locator}/credentialStatus`, { token: admin });
    // Expiry (forceExpiredPasswordChange) is JWT3_AnExpiredPasswordMustBeChangedUnlessThePolicyHasNoExpiry in tests/service/ServicesTest.cpp.
    await tessera.stop();
    await tessera.start();
    admin = await tessera.loginToken();
    const after = await tessera.ok('GET', `/auth/users/${user.locator}/credentialStatus`, { token: admin });
    assert.equal(after.passwordChangedAt, before.passwordChangedAt);
    assert.equal(after.passwordExpiresAt, before.passwordExpiresAt);
    assert.ok((await tessera.login('aged@example.com', 'Aged-Passw0rd-00001!')).access_token);
  });
});

describe('operator password reset', () => {
  it('JWT-3: `tessera admin reset-password` applies the policy and history, ends sessions, may make it temporary', async () => {
    await withTessera({}, async (tessera) => {
      const admin = await tessera.loginToken();
      await tessera.createUser(admin, 'ops@example.com', { password: 'Operator-Reset-Pw-01!' });
      const jwt = await tessera.loginToken('ops@example.com', 'Operator-Reset-Pw-01!');
      const reset = (password, ...flags) =>
        run(BIN, ['admin', '--data-dir', tessera.dataDir, 'reset-password', '--user', 'ops@example.com', ...flags], {
          env: { ...process.env, TESSERA_ADMIN_PASSWORD: password },
        });
      await assert.rejects(reset('short'), /password policy.*at least 16 characters/s);
      await assert.rejects(reset('Operator-Reset-Pw-01!'), /last 4 passwords/);
      const { stdout } = await reset('Operator-Reset-Pw-02!', '--temporary');
      assert.match(stdout, /Password reset for ops@example.com/);
      assert.doesNotMatch(stdout, /Operator-Reset-Pw-02!/, 'a given password is not echoed');
      const attempt = () => tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', form({ grant_type: 'password', username: 'ops@example.com', password: 'Operator-Reset-Pw-02!' }));
      await eventually(async () => (await attempt()).body.code === 'password_change_required', { timeout: 2000, interval: 100, what: 'the running server to see the temporary password' });
      assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: jwt })).status, 401, 'old sessions ended');
      const events = await tessera.ok('GET', '/auth/events/list?type=auth.user.password.reset', { token: admin });
      assert.deepEqual(events.items.map((e) => [e.actor.method, e.data.temporary]), [['operator', 'true']]);
    });
  });
});

describe('login lockout settings', () => {
  it('JWT-3: the thresholds and lockout are configurable, and a lockout expires', async () => {
    await withTessera({ args: ['--login-failures-per-user', '2', '--login-lockout', '5'] }, async (tessera) => {
      const attempt = (password) =>
        tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', form({ grant_type: 'password', username: 'admin@tessera.local', password }));
      assert.equal((await attempt('Wrong-Passw0rd-0001!')).status, 400);
      assert.equal((await attempt('Wrong-Passw0rd-0001!')).status, 400);
      const locked = await attempt('Integration-Test-Passw0rd!');
      assert.equal(locked.status, 429, 'locked after 2 failures even with the right password');
      const wait = Number(locked.headers.get('retry-after'));
      assert.ok(wait >= 1 && wait <= 5, `Retry-After ${wait}`);
      // A refused attempt during the lockout counts no failure; the lockout ends after Retry-After.
      await eventually(async () => (await attempt('Integration-Test-Passw0rd!')).status === 200, { timeout: wait * 1000 + 1100, interval: 100, what: 'the lockout to expire' });
    });
  });
});
