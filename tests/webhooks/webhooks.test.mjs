// AUD-2: signed webhooks. A receiver on 127.0.0.1 checks every delivery with the Standard
// Webhooks reference library (npm standardwebhooks); Tessera runs with short retry, timeout,
// disable and expiry-notice settings so each behaviour shows within seconds.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import standardwebhooks from 'standardwebhooks';
import { ADMIN_PASSWORD, ADMIN_USER, BIN, eventually, Tessera, withTessera } from '../integration/harness.mjs';
import { Receiver } from './receiver.mjs';

const { Webhook } = standardwebhooks;
const run = promisify(execFile);
const PASSWORD = 'User-Passw0rd-Long!';
const ARGS = [
  '--webhook-allow-loopback',
  '--webhook-first-retry-ms', '200',
  '--webhook-timeout-ms', '1000',
  '--webhook-disable-after', '3',
  '--webhook-expiry-notices', '4,2',
  '--webhook-expiry-check', '1',
  '--login-failures-per-user', '3',
];
const ALL_TYPES = ['token.expiring', 'token.expired', 'token.dormant', 'token.restored', 'token.leaked',
  'token.created', 'token.deleted', 'user.locked', 'limitRequest.decided'];
const within = (seconds, what) => ({ timeout: seconds * 1000, interval: 50, what });
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('webhooks (AUD-2)', () => {
  let tessera, admin, receiver, main;
  const secrets = new Map();  // path -> the secrets that must verify its deliveries
  const admin_ = (...args) => run(BIN, ['admin', '--data-dir', tessera.dataDir, ...args]);

  const addEndpoint = async (path, eventTypes = ALL_TYPES) => {
    const response = await tessera.request('POST', '/auth/webhooks', { token: admin, json: { url: receiver.url(path), eventTypes, description: path } });
    assert.equal(response.status, 201, response.text);
    secrets.set(path, [response.body.secret]);
    return response.body;
  };
  const deliveries = async (endpoint) => (await tessera.ok('GET', `/auth/webhooks/${endpoint.locator}/deliveries`, { token: admin })).items;
  const oneEvent = async (path, type, matching = () => true) => {
    await eventually(() => receiver.events(path, type).some((r) => matching(r.event)), within(10, `a ${type} delivery to ${path}`));
    return receiver.events(path, type).find((r) => matching(r.event));
  };

  before(async () => {
    receiver = await new Receiver().start();
    tessera = await new Tessera({ args: ARGS }).start();
    admin = await tessera.loginToken();
    await tessera.createRole(admin, 'developer', ['quotes.*', 'policies.read', 'users.token']);
    main = await addEndpoint('/main');
  });
  after(async () => {
    await tessera?.stopAndCleanup();
    // Every delivery of the whole run carried a valid signature under one of its endpoint's
    // secrets (after a rotation, under both: checked where it happens).
    for (const request of receiver?.requests ?? []) {
      const keys = secrets.get(request.path) ?? [];
      const verifies = (secret) => { try { new Webhook(secret).verify(request.body, request.headers); return true; } catch { return false; } };
      assert.ok(keys.some(verifies), `a delivery to ${request.path} that no secret of its endpoint verifies`);
    }
    await receiver?.stop();
  });

  it('refuses bad endpoint input with problems that name the field, and creates nothing', async () => {
    const bad = [
      [{ url: 'http://example.com/hook', eventTypes: ['token.leaked'] }, /https/, ['url']],
      [{ url: 'https://user:pw@example.com/hook', eventTypes: ['token.leaked'] }, /credentials/, ['url']],
      [{ url: 'https://example.com/hook#x', eventTypes: ['token.leaked'] }, /fragment/, ['url']],
      [{ url: 'https://exa mple.com/', eventTypes: ['token.leaked'] }, /white space/, ['url']],
      [{ url: 'https://example.com/hook', eventTypes: [] }, /at least one/, ['eventTypes']],
      [{ url: 'https://example.com/hook', eventTypes: ['token.leaked', 'token.stolen'] }, /unknown event types/, ['token.stolen']],
      [{ url: 'https://example.com/hook' }, /eventTypes/, ['eventTypes']],
      [{ url: 'https://example.com/hook', eventTypes: ['token.leaked'], secret: 'mine' }, /unknown field/, ['secret']],
      [{ url: 'https://example.com/hook', eventTypes: ['token.leaked'], description: 'x'.repeat(201) }, /description/, ['description']],
    ];
    for (const [json, message, entries] of bad) {
      const response = await tessera.request('POST', '/auth/webhooks', { token: admin, json });
      assert.equal(response.status, 400, JSON.stringify(json));
      assert.equal(response.body.code, 'invalid_request');
      assert.match(response.text, message);
      assert.deepEqual(response.body.invalidEntries, entries, JSON.stringify(json));
    }
    const unknown = await tessera.request('POST', '/auth/webhooks', { token: admin, json: { url: 'https://example.com/', eventTypes: ['token.stolen'] } });
    assert.deepEqual(unknown.body.invalidEntries, ['token.stolen']);
    const listed = await tessera.ok('GET', '/auth/webhooks', { token: admin });
    assert.deepEqual(listed.items.map((e) => e.locator), [main.locator]);
    assert.equal((await tessera.request('GET', '/auth/webhooks/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: admin })).status, 404);
    const page = await tessera.request('GET', `/auth/webhooks/${main.locator}/deliveries?pageSize=0`, { token: admin });
    assert.equal(page.status, 400);
    assert.deepEqual(page.body.invalidEntries, ['pageSize']);
  });

  it('refuses endpoints on this host itself unless the operator allowed them', async () => {
    await withTessera({}, async (strict) => {
      const token = await strict.loginToken();
      for (const url of [receiver.url('/main'), 'https://localhost/hook', 'https://[::1]:8443/']) {
        const response = await strict.request('POST', '/auth/webhooks', { token, json: { url, eventTypes: ['token.leaked'] } });
        assert.equal(response.status, 400, url);
        assert.deepEqual(response.body.invalidEntries, ['url']);
        assert.match(response.body.detail, /--webhook-allow-loopback/);
      }
    });
  });

  it('shows the secret once, stores no secret in a readable response, and limits who may manage endpoints', async () => {
    assert.match(secrets.get('/main')[0], /^whsec_[A-Za-z0-9+/]{43}=$/);
    const read = await tessera.ok('GET', `/auth/webhooks/${main.locator}`, { token: admin });
    assert.equal(read.secret, undefined);
    assert.deepEqual(read.eventTypes, ALL_TYPES);
    assert.equal(read.enabled, true);
    const listed = await tessera.request('GET', '/auth/webhooks', { token: admin });
    assert.ok(!listed.text.includes(secrets.get('/main')[0].slice(6)));

    await tessera.createRole(admin, 'hook-reader', ['auth-webhooks.read', 'auth-webhooks.list']);
    await tessera.createUser(admin, 'reader@example.com', { roles: ['hook-reader'] });
    const reader = await tessera.loginToken('reader@example.com', PASSWORD);
    assert.equal((await tessera.request('GET', `/auth/webhooks/${main.locator}`, { token: reader })).status, 200);
    const create = await tessera.request('POST', '/auth/webhooks', { token: reader, json: { url: receiver.url('/nope'), eventTypes: ['token.leaked'] } });
    assert.equal(create.status, 403);
    assert.equal((await tessera.request('DELETE', `/auth/webhooks/${main.locator}`, { token: reader })).status, 403);
  });

  it('delivers a test event, signed per Standard Webhooks, and logs the attempt', async () => {
    const sent = await tessera.request('POST', `/auth/webhooks/${main.locator}/test`, { token: admin });
    assert.equal(sent.status, 202);
    const delivery = await oneEvent('/main', 'webhook.test');
    assert.equal(delivery.headers['webhook-id'], sent.body.messageId);
    assert.match(delivery.headers['webhook-signature'], /^v1,[A-Za-z0-9+/]{43}=$/);
    assert.ok(Math.abs(Number(delivery.headers['webhook-timestamp']) - Date.now() / 1000) < 60);
    assert.equal(delivery.headers['content-type'], 'application/json');
    const verified = new Webhook(secrets.get('/main')[0]).verify(delivery.body, delivery.headers);
    assert.equal(verified.type, 'webhook.test');
    assert.equal(verified.data.endpoint.locator, main.locator);
    assert.throws(() => new Webhook(secrets.get('/main')[0]).verify(`${delivery.body} `, delivery.headers));

    await eventually(async () => (await deliveries(main)).some((d) => d.messageId === sent.body.messageId), within(5, 'the attempt in the log'));
    const logged = (await deliveries(main)).find((d) => d.messageId === sent.body.messageId);
    assert.equal(logged.outcome, 'delivered');
    assert.equal(logged.status, 200);
    assert.equal(logged.attempt, 1);
    assert.equal(logged.eventType, 'webhook.test');
    assert.ok(logged.latencyMs >= 0);
  });

  it('token.leaked names the token by name and locator, never its value, and goes to the audit trail', async () => {
    await tessera.createUser(admin, 'leaker@example.com', { roles: ['developer'], tenants: ['any'] });
    const leaker = await tessera.loginToken('leaker@example.com', PASSWORD);
    const value = await tessera.createPat(leaker, { name: 'ci', permissions: ['quotes.read'], tenants: ['any'] });
    const [token] = await tessera.ok('GET', '/auth/users/tokens', { token: leaker });
    await tessera.ok('POST', '/auth/tokens/revoke-leaked', { json: [value] });
    const delivery = await oneEvent('/main', 'token.leaked', (e) => e.data.token.name === 'ci');
    assert.equal(delivery.event.data.token.locator, token.locator);
    assert.equal(delivery.event.data.token.owner.userName, 'leaker@example.com');
    for (const request of receiver.requests) assert.ok(!request.body.includes(value.slice(8)), 'a token value reached a receiver');
    const audit = await tessera.ok('GET', '/auth/events/list?type=auth.notification.token.leaked', { token: admin });
    const entry = audit.items.find((e) => e.data.messageId === delivery.headers['webhook-id']);
    assert.ok(entry, 'the notification is in the audit trail');
    assert.equal(entry.data['token.name'], 'ci');
  });

  it('token.dormant when the owner loses a role, token.restored when it is granted again', async () => {
    const dev = await tessera.createUser(admin, 'dormant@example.com', { roles: ['developer'], tenants: ['any'] });
    const login = await tessera.loginToken('dormant@example.com', PASSWORD);
    await tessera.createPat(login, { name: 'deploy', permissions: ['quotes.read', 'users.token'], tenants: ['any'] });
    await tessera.ok('PATCH', `/auth/users/${dev.locator}/roles`, { token: admin, json: { addRoles: [], removeRoles: ['developer'] } });
    const dormant = await oneEvent('/main', 'token.dormant', (e) => e.data.token.name === 'deploy');
    assert.deepEqual(dormant.event.data.lostPermissions, ['quotes.read', 'users.token']);
    assert.deepEqual(dormant.event.data.lostTenants, []);
    assert.equal(dormant.event.data.token.owner.locator, dev.locator);
    await tessera.ok('PATCH', `/auth/users/${dev.locator}/roles`, { token: admin, json: { addRoles: ['developer'], removeRoles: [] } });
    const restored = await oneEvent('/main', 'token.restored', (e) => e.data.token.name === 'deploy');
    assert.deepEqual(restored.event.data.restoredPermissions, ['quotes.read', 'users.token']);
    assert.deepEqual(restored.event.data.dormantPermissions, []);
  });

  it('token.created and token.deleted for a service account, user.locked once per lockout', async () => {
    const robot = await tessera.ok('POST', '/auth/users', {
      token: admin,
      json: { userName: 'robot@example.com', firstName: 'Ro', lastName: 'Bot', serviceAccount: true, roles: ['developer'], tenants: ['any'], password: 'Robot-Passw0rd-Long!' },
    });
    await tessera.ok('POST', `/auth/users/${robot.locator}/tokens`, { token: admin, json: { name: 'etl', permissions: ['quotes.read'], tenants: ['any'] } });
    const created = await oneEvent('/main', 'token.created', (e) => e.data.token.name === 'etl');
    assert.equal(created.event.data.token.owner.serviceAccount, true);
    const del = await tessera.request('DELETE', `/auth/users/${robot.locator}/tokens/etl`, { token: admin });
    assert.ok([200, 204].includes(del.status), del.text);
    await oneEvent('/main', 'token.deleted', (e) => e.data.token.locator === created.event.data.token.locator);
    // Deleting the service account deletes its tokens: each is announced.
    await tessera.ok('POST', `/auth/users/${robot.locator}/tokens`, { token: admin, json: { name: 'sync', permissions: ['quotes.read'], tenants: ['any'] } });
    const sync = await oneEvent('/main', 'token.created', (e) => e.data.token.name === 'sync');
    assert.ok([200, 204].includes((await tessera.request('DELETE', `/auth/users/${robot.locator}`, { token: admin })).status));
    await oneEvent('/main', 'token.deleted', (e) => e.data.token.locator === sync.event.data.token.locator);

    const person = await tessera.createUser(admin, 'locked@example.com');
    for (let i = 0; i < 5; i++) {
      await tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', username: 'locked@example.com', password: 'wrong-password' }).toString(),
      });
    }
    const locked = await oneEvent('/main', 'user.locked', (e) => e.data.user.locator === person.locator);
    assert.ok(Date.parse(locked.event.data.lockedUntil) > Date.now());
    assert.equal(receiver.events('/main', 'user.locked').filter((r) => r.event.data.user.locator === person.locator).length, 1);
  });

  it('limitRequest.decided when an operator decides', async () => {
    await tessera.createUser(admin, 'asker@example.com', { roles: ['developer'], tenants: ['any'] });
    const asker = await tessera.loginToken('asker@example.com', PASSWORD);
    const filed = await tessera.ok('POST', '/auth/users/tokens/limitRequests', { token: asker, json: { requestedLimit: 5, reason: 'pipelines' } });
    await admin_('deny-limit-request', filed.locator, '--note', 'use fewer');
    const decided = await oneEvent('/main', 'limitRequest.decided', (e) => e.data.request.locator === filed.locator);
    assert.equal(decided.event.data.request.state, 'denied');
    assert.equal(decided.event.data.request.note, 'use fewer');
    assert.equal(decided.event.data.user.userName, 'asker@example.com');
  });

  it('token.expiring at each notice, then token.expired, each once', async () => {
    await tessera.createUser(admin, 'expiry@example.com', { roles: ['developer'], tenants: ['any'] });
    const owner = await tessera.loginToken('expiry@example.com', PASSWORD);
    await tessera.createPat(owner, { name: 'short', permissions: ['quotes.read'], tenants: ['any'], expiresAt: rfc3339(Date.now() + 7000) });
    const isShort = (e) => e.data.token.name === 'short';
    const first = await oneEvent('/main', 'token.expiring', (e) => isShort(e) && e.data.noticeSeconds === 4);
    const second = await oneEvent('/main', 'token.expiring', (e) => isShort(e) && e.data.noticeSeconds === 2);
    const expired = await oneEvent('/main', 'token.expired', isShort);
    assert.ok(first.at <= second.at && second.at <= expired.at);
    assert.equal(first.headers['webhook-id'].startsWith('msg_expiring_4_'), true);
    // The looks between the second notice and the expiry (one a second) sent neither again.
    assert.equal(receiver.events('/main', 'token.expiring').filter((r) => isShort(r.event)).length, 2);
    assert.equal(receiver.events('/main', 'token.expired').filter((r) => isShort(r.event)).length, 1);
  });

  it('retries after 500s and a timeout with the same webhook-id and backoff', async () => {
    receiver.plans.set('/flaky', (n) => (n < 2 ? 500 : 200));
    receiver.plans.set('/slow', (n) => (n < 1 ? 'hang' : 200));
    const flaky = await addEndpoint('/flaky');
    const slow = await addEndpoint('/slow');
    await tessera.request('POST', `/auth/webhooks/${flaky.locator}/test`, { token: admin });
    await tessera.request('POST', `/auth/webhooks/${slow.locator}/test`, { token: admin });
    await eventually(() => receiver.at('/flaky').length >= 3, within(10, 'three attempts at /flaky'));
    await eventually(() => receiver.at('/slow').length >= 2, within(10, 'two attempts at /slow'));
    for (const path of ['/flaky', '/slow']) assert.equal(new Set(receiver.at(path).map((r) => r.headers['webhook-id'])).size, 1);
    const [a, b, c] = receiver.at('/flaky').map((r) => r.at);
    assert.ok(b - a >= 150 && c - b >= 300, `backoff grows: ${b - a} ms, then ${c - b} ms`);

    await eventually(async () => (await deliveries(flaky)).length === 3, within(5, 'three logged attempts'));
    assert.deepEqual((await deliveries(flaky)).map((d) => [d.attempt, d.outcome, d.status]), [[3, 'delivered', 200], [2, 'retrying', 500], [1, 'retrying', 500]]);
    await eventually(async () => (await deliveries(slow)).length === 2, within(5, 'two logged attempts'));
    const [done, timedOut] = await deliveries(slow);
    assert.equal(done.outcome, 'delivered');
    assert.equal(timedOut.status, null);
    assert.match(timedOut.error, /no response/i);
    assert.ok(timedOut.latencyMs >= 900, `the attempt waited for the timeout: ${timedOut.latencyMs} ms`);
  });

  it('disables an endpoint that keeps failing, says so in the audit trail, and enables it again', async () => {
    receiver.plans.set('/down', () => 503);
    const down = await addEndpoint('/down');
    await tessera.request('POST', `/auth/webhooks/${down.locator}/test`, { token: admin });
    await eventually(async () => !(await tessera.ok('GET', `/auth/webhooks/${down.locator}`, { token: admin })).enabled, within(15, 'the endpoint to be disabled'));
    const disabled = await tessera.ok('GET', `/auth/webhooks/${down.locator}`, { token: admin });
    assert.match(disabled.disabledReason, /HTTP 503/);
    const audit = await tessera.ok('GET', '/auth/events/list?type=auth.webhook.disable', { token: admin });
    assert.ok(audit.items.some((e) => e.data.endpointLocator === down.locator));
    const refused = await tessera.request('POST', `/auth/webhooks/${down.locator}/test`, { token: admin });
    assert.equal(refused.status, 409);
    const attempts = receiver.at('/down').length;

    receiver.plans.set('/down', () => 200);
    const enabled = await tessera.ok('POST', `/auth/webhooks/${down.locator}/enable`, { token: admin });
    assert.equal(enabled.enabled, true);
    assert.equal(enabled.failingSince, null);
    await eventually(() => receiver.at('/down').length > attempts, within(10, 'the pending delivery after enabling'));
  });

  it('rotating the secret signs with both for the grace period', async () => {
    const rotated = await tessera.ok('POST', `/auth/webhooks/${main.locator}/rotate-secret`, { token: admin, json: { graceSeconds: 3600 } });
    assert.notEqual(rotated.secret, secrets.get('/main')[0]);
    assert.ok(Date.parse(rotated.previousSecretRetiresAt) > Date.now() + 3500_000);
    secrets.get('/main').push(rotated.secret);
    const sent = await tessera.request('POST', `/auth/webhooks/${main.locator}/test`, { token: admin });
    const byId = () => receiver.at('/main').find((r) => r.headers['webhook-id'] === sent.body.messageId);
    await eventually(byId, within(10, 'the test event after the rotation'));
    const delivery = byId();
    assert.equal(delivery.headers['webhook-signature'].split(' ').length, 2);
    for (const secret of secrets.get('/main')) new Webhook(secret).verify(delivery.body, delivery.headers);
    const bad = await tessera.request('POST', `/auth/webhooks/${main.locator}/rotate-secret`, { token: admin, json: { graceSeconds: 8 * 86400 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.invalidEntries, ['graceSeconds']);
  });

  it('delivers after a restart what was not delivered before it', async () => {
    receiver.plans.set('/later', () => 500);
    const later = await addEndpoint('/later');
    const sent = await tessera.request('POST', `/auth/webhooks/${later.locator}/test`, { token: admin });
    await eventually(() => receiver.at('/later').length >= 1, within(10, 'a failed attempt'));
    await tessera.stop();
    receiver.plans.set('/later', () => 200);
    const seen = receiver.at('/later').length;
    await tessera.start();
    admin = await tessera.loginToken(ADMIN_USER, ADMIN_PASSWORD);
    await eventually(() => receiver.at('/later').length > seen, within(10, 'the delivery after the restart'));
    assert.equal(receiver.at('/later').at(-1).headers['webhook-id'], sent.body.messageId);
    await eventually(async () => (await deliveries(later))[0]?.outcome === 'delivered', within(5, 'the delivered attempt in the log'));
  });

  it('deleting an endpoint stops its deliveries', async () => {
    const gone = await addEndpoint('/gone');
    assert.equal((await tessera.request('DELETE', `/auth/webhooks/${gone.locator}`, { token: admin })).status, 204);
    assert.equal((await tessera.request('GET', `/auth/webhooks/${gone.locator}`, { token: admin })).status, 404);
    assert.equal((await tessera.request('POST', `/auth/webhooks/${gone.locator}/test`, { token: admin })).status, 404);
  });
});
