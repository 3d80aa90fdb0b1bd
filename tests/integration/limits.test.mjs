// PAT-6 extension: self-service requests for a higher limit decided by operators; the token
// policy per business account (PAT-8 extension).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { BIN, eventually, inDays, startWithAdmin } from './harness.mjs';

const run = promisify(execFile);

describe('PAT limits and token policy', () => {
  let tessera, admin, dev;
  const admin_ = (...args) => run(BIN, ['admin', '--data-dir', tessera.dataDir, ...args]);
  // The running server reads an operator's change from the change log: within 1.5 s.
  const soon = (what) => ({ timeout: 1500, interval: 100, what });

  before(async () => {
    ({ tessera, admin } = await startWithAdmin());
    await tessera.createRole(admin, 'developer', ['quotes.*', 'users.token']);
    await tessera.createUser(admin, 'dev@example.com', { roles: ['developer'], tenants: ['any'] });
    dev = await tessera.loginToken('dev@example.com', 'User-Passw0rd-Long!');
  });
  after(() => tessera?.stopAndCleanup());

  it('PAT-6: a person asks for more, an operator approves, the running server raises the limit', async () => {
    for (let i = 0; i < 3; i++) await tessera.createPat(dev, { name: `t${i}`, permissions: ['quotes.read'] });
    assert.equal((await tessera.request('POST', '/auth/users/tokens', { token: dev, json: { name: 't3', permissions: ['quotes.read'], tenants: [] } })).status, 409);

    const bad = [
      [{ requestedLimit: 3, reason: 'more' }, 'requestedLimit'],
      [{ requestedLimit: 11, reason: 'more' }, 'requestedLimit'],
      [{ requestedLimit: 5, reason: '' }, 'reason'],
    ];
    for (const [json, field] of bad) {
      const response = await tessera.request('POST', '/auth/users/tokens/limitRequests', { token: dev, json });
      assert.equal(response.status, 400, JSON.stringify(json));
      assert.deepEqual(response.body.invalidEntries, [field]);
    }
    assert.equal((await tessera.request('POST', '/auth/users/tokens/limitRequests', { token: dev, json: { requestedLimit: '5', reason: 'x' } })).status, 400);

    const filed = await tessera.ok('POST', '/auth/users/tokens/limitRequests', { token: dev, json: { requestedLimit: 5, reason: 'one token per CI pipeline' } });
    assert.equal(filed.state, 'pending');
    assert.match(filed.locator, /^[0-9A-Z]{26}$/);
    const twice = await tessera.request('POST', '/auth/users/tokens/limitRequests', { token: dev, json: { requestedLimit: 6, reason: 'again' } });
    assert.equal(twice.status, 409);

    const { stdout } = await admin_('list-limit-requests');
    assert.match(stdout, new RegExp(`${filed.locator}\\tpending\\tdefault\\tdev@example.com\\tlimit 3 -> 5`));
    assert.match(stdout, /one token per CI pipeline/);
    await admin_('approve-limit-request', filed.locator, '--note', 'ok for CI');
    await assert.rejects(admin_('approve-limit-request', filed.locator), /already approved/);
    await assert.rejects(admin_('deny-limit-request', '01ARZ3NDEKTSV4RRFFQ69G5FAV'), /no limit request/);

    const limitRequests = () => tessera.ok('GET', '/auth/users/tokens/limitRequests', { token: dev });
    await eventually(async () => (await limitRequests()).limit === 5, soon('the running server to see the new limit'));
    const mine = await limitRequests();
    assert.equal(mine.items[0].state, 'approved');
    assert.equal(mine.items[0].decisionNote, 'ok for CI');
    await tessera.createPat(dev, { name: 't3', permissions: ['quotes.read'] });
    await tessera.createPat(dev, { name: 't4', permissions: ['quotes.read'] });
    assert.equal((await tessera.request('POST', '/auth/users/tokens', { token: dev, json: { name: 't5', permissions: ['quotes.read'], tenants: [] } })).status, 409);
    for (let i = 0; i < 5; i++) await tessera.ok('DELETE', `/auth/users/tokens/t${i}`, { token: dev });
  });

  it('PAT-6: a denied request leaves the limit; events record request and decision', async () => {
    const filed = await tessera.ok('POST', '/auth/users/tokens/limitRequests', { token: dev, json: { requestedLimit: 10, reason: 'many scripts' } });
    await admin_('deny-limit-request', filed.locator, '--note', 'use a service account');
    const limitRequests = () => tessera.ok('GET', '/auth/users/tokens/limitRequests', { token: dev });
    await eventually(async () => (await limitRequests()).items.some((r) => r.locator === filed.locator && r.state === 'denied'),
      soon('the running server to see the denial'));
    const listed = await limitRequests();
    assert.equal(listed.limit, 5);
    const { stdout } = await admin_('list-limit-requests', '--state', 'all');
    assert.match(stdout, new RegExp(`${filed.locator}\\tdenied`));
    const events = await tessera.ok('GET', '/auth/events/list?type=auth.limit.*&pageSize=100', { token: admin });
    assert.deepEqual(events.items.map((e) => e.type), ['auth.limit.request', 'auth.limit.approve', 'auth.limit.request', 'auth.limit.deny']);
  });

  it('PAT-6: administrators see the business account\'s requests, who asked and their limit now (extension)', async () => {
    const listed = await tessera.ok('GET', '/auth/limitRequests/list', { token: admin });
    const devLocator = (await tessera.ok('GET', '/auth/users/whoami', { token: dev })).locator;
    assert.deepEqual(listed.items.map((r) => [r.userName, r.userLocator, r.requestedLimit, r.state, r.currentLimit]), [
      ['dev@example.com', devLocator, 5, 'approved', 5],
      ['dev@example.com', devLocator, 10, 'denied', 5],
    ], 'oldest first');
    assert.equal(listed.items[1].reason, 'many scripts');
    assert.equal(listed.items[1].decisionNote, 'use a service account');
    assert.match(listed.items[1].decidedBy, /./, 'the operator who decided');
    const filed = await tessera.ok('POST', '/auth/users/tokens/limitRequests', { token: dev, json: { requestedLimit: 7, reason: 'two more pipelines' } });
    const pending = await tessera.ok('GET', '/auth/limitRequests/list?state=pending', { token: admin });
    assert.deepEqual(pending.items.map((r) => [r.locator, r.state, r.decidedAt, r.decidedBy]), [[filed.locator, 'pending', null, '']]);
    const bad = await tessera.request('GET', '/auth/limitRequests/list?state=open', { token: admin });
    assert.equal(bad.status, 400);
    assert.deepEqual([bad.body.code, bad.body.invalidEntries], ['invalid_request', ['state']]);
    const refused = await tessera.request('GET', '/auth/limitRequests/list', { token: dev });
    assert.equal(refused.status, 403, 'a person sees only its own requests (GET /auth/users/tokens/limitRequests)');
    await admin_('deny-limit-request', filed.locator);
    await eventually(async () => (await tessera.ok('GET', '/auth/limitRequests/list?state=pending', { token: admin })).items.length === 0,
      soon('the running server to see the decision'));
  });

  it('PAT-6: an operator change is not lost to logins that race it (logins touch only session times)', async () => {
    await tessera.createUser(admin, 'racer@example.com', { roles: ['developer'] });
    await admin_('set-pat-limit', '--user', 'racer@example.com', '--limit', '7');
    // Logins right away, before the server has read the change log.
    const sessions = await Promise.all([1, 2, 3].map(() => tessera.loginToken('racer@example.com', 'User-Passw0rd-Long!')));
    await eventually(async () => (await tessera.ok('GET', '/auth/users/tokens/limitRequests', { token: sessions[0] })).limit === 7,
      soon('the limit set by the operator, which survives the logins'));
    const status = await tessera.ok('GET', `/auth/users/${(await tessera.ok('GET', '/auth/users/whoami', { token: sessions[0] })).locator}/credentialStatus`, { token: admin });
    assert.ok(status.lastSessionStartAt, 'and the logins were recorded');
  });

  it('PAT-6: an admin edit right after an operator command keeps the operator\'s change (writes catch up first)', async () => {
    const user = await tessera.createUser(admin, 'edited@example.com', { roles: ['developer'] });
    await admin_('set-pat-limit', '--user', 'edited@example.com', '--limit', '6');
    // At once, before the 250 ms poll: a whole-row write of the same user.
    await tessera.ok('PATCH', `/auth/users/${user.locator}`, { token: admin, json: { firstName: 'Edited', lastName: 'Right-Away', tenants: [] } });
    const session = await tessera.loginToken('edited@example.com', 'User-Passw0rd-Long!');
    assert.equal((await tessera.ok('GET', '/auth/users/tokens/limitRequests', { token: session })).limit, 6);
    assert.equal((await tessera.ok('GET', `/auth/users/${user.locator}`, { token: admin })).firstName, 'Edited');
  });

  it('token policy: require an expiry and a maximum lifetime, enforced at creation with a clear error', async () => {
    assert.deepEqual(await tessera.ok('GET', '/auth/identity/tokenPolicy', { token: admin }), { requireExpiry: false, maxLifetimeDays: null });
    const badPolicies = [
      [{ maxLifetimeDays: 0 }, ['maxLifetimeDays']],
      [{ maxLifetimeDays: 5000 }, ['maxLifetimeDays']],
      [{ requireExpiry: 'yes' }, ['requireExpiry']],
      [{ maxDays: 3 }, ['maxDays']],
    ];
    for (const [json, fields] of badPolicies) {
      const response = await tessera.request('PUT', '/auth/identity/tokenPolicy', { token: admin, json });
      assert.equal(response.status, 400, JSON.stringify(json));
      assert.deepEqual(response.body.invalidEntries, fields);
    }
    assert.equal((await tessera.request('PUT', '/auth/identity/tokenPolicy', { token: dev, json: { requireExpiry: true } })).status, 403);
    const set = await tessera.ok('PUT', '/auth/identity/tokenPolicy', { token: admin, json: { requireExpiry: true, maxLifetimeDays: 30 } });
    assert.deepEqual(set, { requireExpiry: true, maxLifetimeDays: 30 });

    const never = await tessera.request('POST', '/auth/users/tokens', { token: dev, json: { name: 'forever', permissions: ['quotes.read'], tenants: [] } });
    assert.equal(never.status, 400);
    assert.deepEqual(never.body.invalidEntries, ['expiresAt']);
    assert.equal(never.body.code, 'invalid_request');
    assert.match(never.body.detail, /requires an expiry/);
    const tooLong = await tessera.request('POST', '/auth/users/tokens', { token: dev, json: { name: 'long', permissions: ['quotes.read'], tenants: [], expiresAt: inDays(31) } });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.code, 'invalid_request');
    assert.match(tooLong.body.detail, /at most 30 days/);
    await tessera.createPat(dev, { name: 'short', permissions: ['quotes.read'], expiresAt: inDays(29) });
    await tessera.ok('DELETE', '/auth/users/tokens/short', { token: dev });

    await tessera.ok('PUT', '/auth/identity/tokenPolicy', { token: admin, json: { requireExpiry: false, maxLifetimeDays: null } });
    await tessera.createPat(dev, { name: 'forever', permissions: ['quotes.read'] });
    await tessera.ok('DELETE', '/auth/users/tokens/forever', { token: dev });
  });
});
