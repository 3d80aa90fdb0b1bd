// AUD-1: every security-relevant change and login attempt is an event, stored with the change,
// readable through GET /auth/events/list and logged as the same JSON line; never a secret.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { ADMIN_PASSWORD, BIN, Tessera, eventually } from './harness.mjs';

const run = promisify(execFile);
const form = (fields) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

describe('audit trail', () => {
  let tessera, admin, adminLocator;
  const secrets = [ADMIN_PASSWORD];
  const allEvents = async (query = '') => {
    const items = [];
    let pagingToken;
    do {
      const page = await tessera.ok('GET', `/auth/events/list?pageSize=50${query}${pagingToken ? `&pagingToken=${pagingToken}` : ''}`, { token: admin });
      items.push(...page.items);
      pagingToken = page.pagingToken;
      assert.equal(page.listCompleted, pagingToken === null);
    } while (pagingToken);
    return items;
  };

  before(async () => {
    tessera = await new Tessera().start();
    const session = await tessera.login();
    admin = session.access_token;
    secrets.push(session.refresh_token, session.access_token);
    adminLocator = (await tessera.ok('GET', '/auth/users/whoami', { token: admin })).locator;
  });
  after(() => tessera?.stopAndCleanup());

  it('AUD-1: each change of item 7 is recorded with actor, request id and address; none holds a secret', async () => {
    const tenant = await tessera.createTenant(admin, 'audited');
    const role = await tessera.createRole(admin, 'auditors', ['quotes.*', 'users.token']);
    await tessera.ok('PATCH', `/auth/roles/${role.locator}`, { token: admin, json: { version: role.version, name: 'auditors', description: 'd', addPermissions: ['policies.read'], removePermissions: [] } });
    await tessera.ok('POST', `/auth/roles/tenant/${tenant.locator}/${role.locator}`, { token: admin, json: { permissions: ['quotes.read'] } });
    const user = await tessera.createUser(admin, 'audited@example.com', { roles: ['auditors'], tenants: ['any'], password: 'Audited-Passw0rd-01!' });
    secrets.push('Audited-Passw0rd-01!');
    await tessera.ok('PATCH', `/auth/users/${user.locator}/tenants`, { token: admin, json: { addTenants: [tenant.locator], removeTenants: [] } });
    await tessera.ok('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: ['read-only'], removeRoles: [] } });
    const failed = await tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', form({ grant_type: 'password', username: 'audited@example.com', password: 'Wrong-Passw0rd-0001!' }));
    assert.equal(failed.status, 400);
    secrets.push('Wrong-Passw0rd-0001!');
    const session = await tessera.login('audited@example.com', 'Audited-Passw0rd-01!');
    secrets.push(session.refresh_token, session.access_token);
    const pat = await tessera.createPat(session.access_token, { name: 'audited-pat', permissions: ['quotes.read', 'users.token'] });
    secrets.push(pat);
    const second = await tessera.createPat(pat, { name: 'made-by-pat', permissions: ['quotes.read'] });
    secrets.push(second);
    await tessera.ok('DELETE', '/auth/users/tokens/made-by-pat', { token: session.access_token });
    await tessera.ok('POST', '/auth/tokens/revoke-leaked', { json: [pat] });
    assert.equal((await tessera.request('POST', '/auth/realms/default/protocol/openid-connect/logout', form({ refresh_token: session.refresh_token }))).status, 204);
    await tessera.login('audited@example.com', 'Audited-Passw0rd-01!');
    await tessera.ok('POST', `/auth/users/${user.locator}/revoke`, { token: admin });
    await tessera.ok('PUT', '/auth/identity/passwordPolicy', { token: admin, json: { passwordPolicies: { passwordHistory: 2 } } });
    await tessera.ok('PUT', '/auth/identity/tokenPolicy', { token: admin, json: { requireExpiry: false, maxLifetimeDays: 365 } });
    await tessera.ok('PATCH', `/auth/users/${user.locator}/passwordreset`, { token: admin, json: 'Audited-Passw0rd-02!' });
    secrets.push('Audited-Passw0rd-02!');
    await tessera.ok('PATCH', `/auth/users/${user.locator}/disable`, { token: admin });
    await tessera.ok('PATCH', `/auth/users/${user.locator}/enable`, { token: admin });
    await tessera.ok('PATCH', `/auth/tenants/${tenant.locator}/retire`, { token: admin });
    await tessera.ok('DELETE', `/auth/roles/tenant/${tenant.locator}/${role.locator}`, { token: admin });
    await tessera.ok('DELETE', `/auth/roles/${role.locator}`, { token: admin });
    await run(BIN, ['admin', '--data-dir', tessera.dataDir, 'set-pat-limit', '--user', 'audited@example.com', '--limit', '4']);
    await tessera.ok('DELETE', `/auth/users/${user.locator}`, { token: admin });

    const events = await allEvents();
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'auth.businessAccount.create', 'auth.user.create', 'auth.tenant.create', 'auth.role.create', 'auth.role.update',
      'auth.role.tenant.create', 'auth.user.tenants', 'auth.user.roles', 'auth.login.failure', 'auth.login.success',
      'auth.token.create', 'auth.token.delete', 'auth.token.leaked', 'auth.logout', 'auth.session.revoke',
      'auth.policy.password.update', 'auth.policy.token.update', 'auth.user.password.reset', 'auth.user.disable',
      'auth.user.enable', 'auth.tenant.retire', 'auth.role.tenant.delete', 'auth.role.delete', 'auth.limit.set', 'auth.user.delete',
    ]) {
      assert.ok(types.has(type), `an ${type} event`);
    }
    const byPat = events.find((e) => e.type === 'auth.token.create' && e.data.tokenName === 'made-by-pat');
    assert.deepEqual(byPat.actor, { locator: user.locator, method: 'pat', tokenName: 'audited-pat' }, 'a PAT actor is named with its token');
    assert.match(byPat.requestId, /\S/);
    assert.equal(byPat.clientAddress, '127.0.0.1');
    const failure = events.find((e) => e.type === 'auth.login.failure');
    assert.deepEqual(failure.data, { userName: 'audited@example.com', reason: 'invalid_credentials' });
    assert.equal(failure.actor.locator, user.locator);
    const roleCreate = events.find((e) => e.type === 'auth.role.create');
    assert.equal(roleCreate.actor.locator, adminLocator);
    assert.equal(roleCreate.actor.method, 'jwt');
    assert.equal(events.find((e) => e.type === 'auth.limit.set').actor.method, 'operator');
    assert.match(events[0].locator, /^[0-9A-Z]{26}$/);
    for (let i = 1; i < events.length; i++) assert.ok(events[i - 1].locator < events[i].locator, 'oldest first, in locator order');

    const text = JSON.stringify(events);
    for (const secret of secrets) assert.ok(!text.includes(secret), 'no secret in the events');
    await tessera.stop();
    // Operator commands log to their own output; everything the server did is in its log.
    for (const event of events.filter((e) => e.actor.method !== 'operator'))
      assert.ok(tessera.output.includes(`"locator":"${event.locator}"`), `${event.type} is in the log too`);
    for (const secret of secrets) assert.ok(!tessera.output.includes(secret), 'no secret in the log');
    await tessera.start();
    admin = await tessera.loginToken();
  });

  it('AUD-1: filters by type (exact or prefix*) and time range; bad parameters name themselves', async () => {
    const tokens = await allEvents('&type=auth.token.*');
    assert.ok(tokens.length >= 3);
    assert.ok(tokens.every((e) => e.type.startsWith('auth.token.')));
    const exact = await allEvents('&type=auth.token.create');
    assert.ok(exact.every((e) => e.type === 'auth.token.create'));
    const future = await tessera.ok('GET', '/auth/events/list?startTimestamp=2999-01-01T00:00:00Z', { token: admin });
    assert.deepEqual(future.items, []);
    assert.equal(future.listCompleted, true);
    const past = await tessera.ok('GET', '/auth/events/list?endTimestamp=2000-01-01T00:00:00Z', { token: admin });
    assert.deepEqual(past.items, []);
    const all = await allEvents();
    const window = await allEvents(`&startTimestamp=${all[0].timestamp}&endTimestamp=2999-01-01T00:00:00Z`);
    assert.equal(window.length, all.length);
    const page = await tessera.ok('GET', '/auth/events/list?pageSize=2', { token: admin });
    assert.equal(page.items.length, 2);
    assert.equal(page.listCompleted, false);
    const next = await tessera.ok('GET', `/auth/events/list?pageSize=2&pagingToken=${page.pagingToken}`, { token: admin });
    assert.equal(next.items[0].locator, all[2].locator);
    const bad = await tessera.request('GET', '/auth/events/list?startTimestamp=yesterday&pageSize=0&pagingToken=x', { token: admin });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.invalidEntries.sort(), ['pageSize', 'pagingToken', 'startTimestamp']);
  });

  it('AUD-1: filters by actor (a user locator, exact), with type and paging; a bad actor is a 400 naming it', async () => {
    const all = await allEvents();
    // The user of the first test (deleted since): its events stay, under its locator.
    const audited = { locator: all.find((e) => e.type === 'auth.token.create' && e.actor.locator !== adminLocator).actor.locator };
    const byAdmin = await allEvents(`&actor=${adminLocator}`);
    assert.ok(byAdmin.length >= 5);
    assert.ok(byAdmin.every((e) => e.actor.locator === adminLocator));
    assert.deepEqual(byAdmin.map((e) => e.locator), all.filter((e) => e.actor.locator === adminLocator).map((e) => e.locator), 'every one of them, in order');
    const byUser = await allEvents(`&actor=${audited.locator}`);
    assert.ok(byUser.some((e) => e.type === 'auth.token.create'));
    assert.ok(byUser.every((e) => e.actor.locator === audited.locator));
    const tokensByUser = await allEvents(`&actor=${audited.locator}&type=auth.token.*`);
    assert.deepEqual(tokensByUser.map((e) => e.locator), byUser.filter((e) => e.type.startsWith('auth.token.')).map((e) => e.locator));
    const upper = await allEvents(`&actor=${audited.locator.toUpperCase()}`);
    assert.equal(upper.length, byUser.length, 'a UUID in upper case names the same user');
    const first = await tessera.ok('GET', `/auth/events/list?pageSize=1&actor=${adminLocator}`, { token: admin });
    const second = await tessera.ok('GET', `/auth/events/list?pageSize=1&actor=${adminLocator}&pagingToken=${first.pagingToken}`, { token: admin });
    assert.deepEqual([first.items[0].locator, second.items[0].locator], byAdmin.slice(0, 2).map((e) => e.locator));
    const nobody = await tessera.ok('GET', '/auth/events/list?actor=00000000-0000-4000-8000-000000000000', { token: admin });
    assert.deepEqual([nobody.items, nobody.listCompleted], [[], true]);
    for (const actor of ['audited@example.com', `${adminLocator}x`, '', '%27%20OR%201%3D1']) {
      const bad = await tessera.request('GET', `/auth/events/list?actor=${actor}`, { token: admin });
      assert.equal(bad.status, 400, actor);
      assert.equal(bad.headers.get('content-type'), 'application/problem+json');
      assert.equal(bad.body.code, 'invalid_request');
      assert.deepEqual(bad.body.invalidEntries, ['actor']);
      assert.match(bad.body.detail, /actor a user locator/);
    }
  });

  it('AUD-1: reading needs events.read or events.list; the trail is append-only in the store', async () => {
    await tessera.createUser(admin, 'nobody@example.com', { password: 'Nobody-Passw0rd-01!' });
    const nobody = await tessera.loginToken('nobody@example.com', 'Nobody-Passw0rd-01!');
    const refused = await tessera.request('GET', '/auth/events/list', { token: nobody });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'forbidden');
    assert.match(refused.body.detail, /events\.read/);
    assert.equal((await tessera.request('GET', '/auth/events/list')).status, 401);
    await tessera.createRole(admin, 'event-readers', ['events.read']);
    await tessera.createUser(admin, 'reader@example.com', { roles: ['event-readers'], password: 'Reader-Passw0rd-01!' });
    const reader = await tessera.loginToken('reader@example.com', 'Reader-Passw0rd-01!');
    assert.equal((await tessera.request('GET', '/auth/events/list', { token: reader })).status, 200);
    // The API only reads events (GET /auth/events/list). That the store itself refuses a change or a
    // deletion of one (SQLite and PostgreSQL) is tests/store/StoreConformanceTest.cpp,
    // AUD1_EventsCannotBeChangedOrDeleted: integration tests do not edit the data file.
  });

  it('AUD-1: events of another business account are not visible', async () => {
    await run(BIN, ['admin', '--data-dir', tessera.dataDir, 'create-business-account', 'other', '--admin-user', 'boss@other.example'], {
      env: { ...process.env, TESSERA_ADMIN_PASSWORD: 'Other-Admin-Passw0rd-1!' },
    });
    let otherAdmin;
    const logIn = () => tessera.login('boss@other.example', 'Other-Admin-Passw0rd-1!', 'other').catch(() => undefined);
    await eventually(async () => (otherAdmin = (await logIn())?.access_token), { timeout: 2000, interval: 100, what: 'the running server to see the new business account' });
    const theirs = await tessera.ok('GET', '/auth/events/list?pageSize=1000', { token: otherAdmin });
    assert.ok(theirs.items.length >= 2);
    assert.ok(theirs.items.every((e) => !JSON.stringify(e).includes('audited@example.com')));
  });
});
