// PAT-12 and trusted proxies: the client address is the peer's, or the one a trusted proxy's
// forwarded header names (right-most untrusted hop); it is what login throttling (JWT-3),
// lastUsedIp (PAT-1), audit events (AUD-1), the leak-report rate limit and allowed networks see.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, startWithAdmin } from './harness.mjs';

const TOKEN_URL = '/auth/realms/default/protocol/openid-connect/token';
const viaProxy = (client) => ({ 'x-forwarded-for': `203.0.113.250, ${client}` });

async function setUp(tessera, admin) {
  const tenant = (await tessera.createTenant(admin, 'Alpha')).locator;
  await tessera.createRole(admin, 'developer', ['quotes.*', 'users.token']);
  await tessera.createUser(admin, 'dev@example.com', { roles: ['developer'], tenants: [tenant] });
  const dev = await tessera.loginToken('dev@example.com', 'User-Passw0rd-Long!');
  return { tenant, dev };
}

// lastUsedIp is kept once per second of use: use the token until it names the address.
async function usedFromOn(tessera, dev, pat, name, headers, address) {
  await eventually(async () => {
    assert.equal((await tessera.request('GET', '/auth/check/authenticated', { token: pat, headers })).status, 200);
    return (await tessera.ok('GET', `/auth/users/tokens/${name}`, { token: dev })).lastUsedIp === address;
  }, { timeout: 5000, interval: 100, what: `lastUsedIp to be ${address}` });
}

const createPat = (tessera, token, json, headers = {}) =>
  tessera.request('POST', '/auth/users/tokens', { token, json: { permissions: ['quotes.read'], tenants: [], ...json }, headers });

describe('behind a trusted proxy (--trusted-proxies 127.0.0.1/32)', () => {
  let tessera, admin, tenant, dev;
  const usedFrom = (...args) => usedFromOn(tessera, dev, ...args);
  before(async () => {
    ({ tessera, admin } = await startWithAdmin({ args: ['--trusted-proxies', '127.0.0.1/32, 10.0.0.0/8', '--login-failures-per-address', '3'] }));
    ({ tenant, dev } = await setUp(tessera, admin));
  });
  after(() => tessera?.stopAndCleanup());

  it('PAT-1, AUD-1: lastUsedIp and audit events name the forwarded client, not the proxy', async () => {
    const created = await createPat(tessera, dev, { name: 'forwarded' }, viaProxy('198.51.100.7'));
    assert.equal(created.status, 200);
    // The right-most hop that is not a trusted proxy (10.0.0.0/8 is one) is the client.
    await usedFrom(created.body, 'forwarded', { 'x-forwarded-for': '1.1.1.1, 198.51.100.8, 10.1.2.3' }, '198.51.100.8');
    const events = await tessera.ok('GET', '/auth/events/list?type=auth.token.create', { token: admin });
    const event = events.items.find((e) => e.data.tokenName === 'forwarded');
    assert.equal(event.clientAddress, '198.51.100.7');
    await tessera.ok('DELETE', '/auth/users/tokens/forwarded', { token: dev });
  });

  it('PAT-12: a token is used only from its allowed networks, on every request and on /auth/check', async () => {
    const created = await createPat(tessera, dev, { name: 'office', permissions: ['quotes.read'], tenants: [tenant], allowedNetworks: ['198.51.100.0/24', '2001:db8::/32'] });
    assert.equal(created.status, 200);
    const pat = created.body;
    const listed = await tessera.ok('GET', '/auth/users/tokens/office', { token: dev });
    assert.deepEqual(listed.allowedNetworks, ['198.51.100.0/24', '2001:db8::/32']);

    const from = (client) => ({ 'x-forwarded-for': client, 'x-required-permission': 'quotes.read', 'x-tenant-locator': tenant });
    assert.equal((await tessera.request('GET', '/auth/check', { token: pat, headers: from('198.51.100.20') })).status, 200);
    assert.equal((await tessera.request('GET', '/auth/check', { token: pat, headers: from('2001:db8::1') })).status, 200);
    const refused = await tessera.request('GET', '/auth/check', { token: pat, headers: from('192.0.2.1') });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'network_not_allowed');
    assert.ok(!refused.text.includes('198.51.100'), 'the refusal names none of the allowed networks');
    assert.ok(!refused.text.includes('192.0.2.1'));
    // Any authenticated route, not only /auth/check.
    const listing = await tessera.request('GET', '/auth/users/tokens', { token: pat, headers: { 'x-forwarded-for': '192.0.2.1' } });
    assert.equal(listing.status, 403);
    assert.equal(listing.body.code, 'network_not_allowed');
    // A refused use records no use: the last address stays an allowed one.
    await usedFrom(pat, 'office', { 'x-forwarded-for': '2001:db8::1' }, '2001:db8::1');
    assert.equal((await tessera.request('GET', '/auth/check', { token: pat, headers: from('192.0.2.1') })).status, 403);
    assert.equal((await tessera.ok('GET', '/auth/users/tokens/office', { token: dev })).lastUsedIp, '2001:db8::1');

    // Introspection reports the networks for the resource server to apply.
    const introspected = await tessera.request('POST', '/auth/introspect', {
      token: admin,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: pat }).toString(),
    });
    assert.equal(introspected.status, 200);
    assert.equal(introspected.body.active, true);
    assert.deepEqual(introspected.body.allowed_networks, ['198.51.100.0/24', '2001:db8::/32']);
    await tessera.ok('DELETE', '/auth/users/tokens/office', { token: dev });
  });

  it('PAT-12, PAT-3: a token made with a token only narrows its networks (and inherits them)', async () => {
    const parent = (await createPat(tessera, dev, { name: 'parent', permissions: ['quotes.read', 'users.token'], allowedNetworks: ['198.51.100.0/24'] })).body;
    const inside = { 'x-forwarded-for': '198.51.100.9' };
    const wider = await createPat(tessera, parent, { name: 'wider', allowedNetworks: ['198.51.0.0/16'] }, inside);
    assert.equal(wider.status, 400);
    assert.deepEqual(wider.body.invalidEntries, ['198.51.0.0/16']);
    assert.equal((await createPat(tessera, parent, { name: 'narrower', allowedNetworks: ['198.51.100.128/25'] }, inside)).status, 200);
    assert.equal((await createPat(tessera, parent, { name: 'inherits' }, inside)).status, 200);
    const tokens = await tessera.ok('GET', '/auth/users/tokens', { token: dev });
    assert.deepEqual(tokens.find((t) => t.name === 'narrower').allowedNetworks, ['198.51.100.128/25']);
    assert.deepEqual(tokens.find((t) => t.name === 'inherits').allowedNetworks, ['198.51.100.0/24']);
    for (const name of ['parent', 'narrower', 'inherits']) await tessera.ok('DELETE', `/auth/users/tokens/${name}`, { token: dev });
  });

  it('PAT-12: bad networks are a 400 naming each entry, and nothing is created', async () => {
    const bad = await createPat(tessera, dev, { name: 'bad-networks', allowedNetworks: ['10.0.0.0/8', 'office', '10.1.2.3/8', '::1/129'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalid_request');
    assert.deepEqual(bad.body.invalidEntries, ['office', '10.1.2.3/8', '::1/129']);
    assert.match(bad.body.detail, /did you mean 10\.0\.0\.0\/8\?/);
    const notStrings = await createPat(tessera, dev, { name: 'bad-networks', allowedNetworks: '10.0.0.0/8' });
    assert.equal(notStrings.status, 400);
    const tokens = await tessera.ok('GET', '/auth/users/tokens', { token: dev });
    assert.ok(!tokens.some((t) => t.name === 'bad-networks'));
  });

  it('PAT-5: allowed networks are immutable like the rest of the token', async () => {
    await createPat(tessera, dev, { name: 'fixed', allowedNetworks: ['198.51.100.0/24'] });
    const patch = await tessera.request('PATCH', '/auth/users/tokens/fixed', { token: dev, json: { allowedNetworks: [] } });
    assert.equal(patch.status, 405);
    assert.deepEqual((await tessera.ok('GET', '/auth/users/tokens/fixed', { token: dev })).allowedNetworks, ['198.51.100.0/24']);
    await tessera.ok('DELETE', '/auth/users/tokens/fixed', { token: dev });
  });

  it('JWT-3: failed logins are throttled per forwarded client address', async () => {
    const attempt = (client, username) =>
      tessera.request('POST', TOKEN_URL, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...viaProxy(client) },
        body: new URLSearchParams({ grant_type: 'password', username, password: 'Wrong-Passw0rd-0001!' }).toString(),
      });
    // Different user names, so that only the per-address count can lock.
    for (let i = 0; i < 3; i++) assert.equal((await attempt('198.51.100.66', `nobody${i}@example.com`)).status, 400);
    assert.equal((await attempt('198.51.100.66', 'nobody9@example.com')).status, 429, 'that address is locked');
    assert.equal((await attempt('198.51.100.67', 'nobody9@example.com')).status, 400, 'another address behind the same proxy is not');
  });

  it('the leak-report rate limit counts per forwarded client address', async () => {
    const report = (client) => tessera.request('POST', '/auth/tokens/revoke-leaked', { json: [], headers: viaProxy(client) });
    let limited = false;
    for (let i = 0; i < 12 && !limited; i++) limited = (await report('198.51.100.77')).status === 429;
    assert.ok(limited, 'one address is limited');
    assert.equal((await report('198.51.100.78')).status, 200, 'another address behind the same proxy is not');
  });
});

describe('without trusted proxies, forwarded headers are ignored', () => {
  let tessera, admin, dev;
  before(async () => {
    ({ tessera, admin } = await startWithAdmin({ args: ['--trusted-proxies', '10.0.0.0/8'] }));
    ({ dev } = await setUp(tessera, admin));
  });
  after(() => tessera?.stopAndCleanup());

  it('PAT-12: a client cannot claim an allowed address with X-Forwarded-For or Forwarded', async () => {
    const pat = (await createPat(tessera, dev, { name: 'office', allowedNetworks: ['198.51.100.0/24'] })).body;
    for (const headers of [{ 'x-forwarded-for': '198.51.100.7' }, { forwarded: 'for=198.51.100.7' }, { 'x-real-ip': '198.51.100.7' }]) {
      const response = await tessera.request('GET', '/auth/check/authenticated', { token: pat, headers });
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal(response.body.code, 'network_not_allowed');
    }
    const loopback = (await createPat(tessera, dev, { name: 'loopback', allowedNetworks: ['127.0.0.0/8'] })).body;
    await usedFromOn(tessera, dev, loopback, 'loopback', { 'x-forwarded-for': '198.51.100.7' }, '127.0.0.1');
  });
});

describe('--forwarded-header forwarded (RFC 7239)', () => {
  let tessera, admin, dev;
  before(async () => {
    ({ tessera, admin } = await startWithAdmin({ env: { TESSERA_TRUSTED_PROXIES: '127.0.0.1', TESSERA_FORWARDED_HEADER: 'forwarded' } }));
    ({ dev } = await setUp(tessera, admin));
  });
  after(() => tessera?.stopAndCleanup());

  it('reads Forwarded for= and ignores X-Forwarded-For', async () => {
    const pat = (await createPat(tessera, dev, { name: 'rfc7239' })).body;
    await usedFromOn(tessera, dev, pat, 'rfc7239', { forwarded: 'for=192.0.2.1, for="[2001:db8:cafe::17]:4711";proto=https' }, '2001:db8:cafe::17');
    await usedFromOn(tessera, dev, pat, 'rfc7239', { 'x-forwarded-for': '198.51.100.7' }, '127.0.0.1');
  });
});

describe('--trusted-proxies at start-up', () => {
  it('a bad entry stops the server with a message naming it', async () => {
    const { Tessera } = await import('./harness.mjs');
    const tessera = new Tessera({ args: ['--trusted-proxies', '10.0.0.0/8,proxy.example'] });
    await assert.rejects(tessera.start(), /--trusted-proxies: 'proxy\.example' is not an IPv4 or IPv6 network/);
    tessera.cleanup();
  });
});
