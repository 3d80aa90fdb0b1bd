// PAT-1 .. PAT-10, PERM-2, PERM-6: personal access tokens through the real binary.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, inDays, startWithAdmin } from './harness.mjs';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (text) => {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text)) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
};
const base62 = (value, width) => {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
};

describe('personal access tokens', () => {
  let tessera, admin, tenantA, tenantB, dev, devLocator;
  before(async () => {
    ({ tessera, admin } = await startWithAdmin());
    tenantA = (await tessera.createTenant(admin, 'Alpha')).locator;
    tenantB = (await tessera.createTenant(admin, 'Beta', 'production')).locator;
    await tessera.createRole(admin, 'developer', ['quotes.*', 'policies.read', 'users.token']);
    const user = await tessera.createUser(admin, 'dev@example.com', { roles: ['developer'], tenants: [tenantA] });
    devLocator = user.locator;
    dev = await tessera.loginToken('dev@example.com', 'User-Passw0rd-Long!');
  });
  after(() => tessera?.stopAndCleanup());

  it('PAT-10, PAT-7, PAT-8: value has the documented format, is shown once with no-store, warns when it never expires', async () => {
    const response = await tessera.request('POST', '/auth/users/tokens', { token: dev, json: { name: 'format', permissions: ['quotes.read'], tenants: [tenantA] } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('warning'), /never expires/);
    const value = response.body;
    assert.equal(typeof value, 'string');
    assert.match(value, /^tsr_[0-9A-Za-z]{43}[0-9A-Za-z]{6}$/);
    assert.equal(value.length, 53);
    assert.equal(value.slice(47), base62(crc32(value.slice(0, 47)), 6), 'CRC32 checksum');
    const listing = await tessera.request('GET', '/auth/users/tokens', { token: dev });
    assert.ok(!listing.text.includes(value), 'the value is never returned again');
    const withExpiry = await tessera.request('POST', '/auth/users/tokens', { token: dev, json: { name: 'expiring', permissions: ['quotes.read'], tenants: [], expiresAt: inDays(30) } });
    assert.equal(withExpiry.status, 200);
    assert.equal(withExpiry.headers.get('warning'), null);
    for (const name of ['format', 'expiring']) assert.equal((await tessera.request('DELETE', `/auth/users/tokens/${name}`, { token: dev })).status, 200);
  });

  it('PAT-10: malformed and unknown values are 401', async () => {
    const value = await tessera.createPat(dev, { name: 'shape', permissions: ['quotes.read'] });
    const flipped = value.slice(0, 10) + (value[10] === 'a' ? 'b' : 'a') + value.slice(11);
    for (const bad of [flipped, value.slice(0, -1), `tsx_${value.slice(4)}`, `${value}0`]) {
      assert.equal((await tessera.check(bad, 'quotes.read')).status, 401, bad);
    }
    assert.equal((await tessera.check(value, 'quotes.read')).status, 200);
    await tessera.ok('DELETE', '/auth/users/tokens/shape', { token: dev });
  });

  it('PAT-4: /auth/check answers with X-Auth headers and checks permission and tenant', async () => {
    const value = await tessera.createPat(dev, { name: 'gateway', permissions: ['quotes.write'], tenants: [tenantA] });
    const allowed = await tessera.check(value, 'quotes.create, quotes.write', tenantA);
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('x-auth-user-locator'), devLocator);
    assert.equal(allowed.headers.get('x-auth-user-name'), 'dev@example.com');
    assert.equal(allowed.headers.get('x-auth-business-account'), 'default');
    assert.equal(allowed.headers.get('x-auth-method'), 'pat');
    assert.equal(allowed.headers.get('x-auth-token-name'), 'gateway');
    assert.equal((await tessera.check(value, 'quotes.read', tenantA)).status, 403, 'not granted to the token');
    assert.equal((await tessera.check(value, 'quotes.write', tenantB)).status, 403, 'tenant not granted');
    assert.equal((await tessera.check(value, 'quotes.*')).status, 400, 'wildcards are not a requirement');
    assert.equal((await tessera.check(dev, 'quotes.write', tenantA)).headers.get('x-auth-method'), 'jwt');
    await tessera.ok('DELETE', '/auth/users/tokens/gateway', { token: dev });
  });

  it('PAT-2, PERM-2: rejects permissions and tenants not held, naming every entry', async () => {
    const cases = [
      [{ permissions: ['quotes.read', 'policies.write', 'users.*'], tenants: [] }, 'permission_not_held', ['policies.write', 'users.*']],
      [{ permissions: ['*.*'], tenants: [] }, 'permission_not_held', ['*.*']],
      [{ permissions: ['quotes.read'], tenants: [tenantB, 'any', 'type:test'] }, 'tenant_not_held', [tenantB, 'any', 'type:test']],
      [{ permissions: ['quotes.read', 'nosuch.read', '*.read', 'bad'], tenants: [] }, 'invalid_permission', ['nosuch.read', '*.read', 'bad']],
      [{ permissions: ['quotes.read'], tenants: ['00000000-0000-4000-8000-000000000000'] }, 'unknown_tenant', ['00000000-0000-4000-8000-000000000000']],
      [{ permissions: ['quotes.read'], tenants: ['everything'] }, 'invalid_request', ['everything']],
      [{ permissions: [], tenants: [] }, 'invalid_request', undefined],
    ];
    for (const [fields, code, entries] of cases) {
      const response = await tessera.request('POST', '/auth/users/tokens', { token: dev, json: { name: 'rejected', ...fields } });
      assert.equal(response.status, 400, JSON.stringify(fields));
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.equal(response.body.code, code);
      assert.deepEqual(response.body.invalidEntries, entries);
    }
    assert.deepEqual(await tessera.ok('GET', '/auth/users/tokens', { token: dev }), [], 'nothing was created');
  });

  it('PAT-8, PAT-9: expiry and name rules', async () => {
    const bad = [
      [{ name: 'past', expiresAt: '2020-01-01T00:00:00Z' }, 'invalid_request'],
      [{ name: 'garbled', expiresAt: 'next tuesday' }, 'invalid_request'],
      [{ name: 'number', expiresAt: 1893456000 }, 'invalid_request'],
      [{ name: '' }, 'invalid_request'],
      [{ name: 'a/b' }, 'invalid_request'],
      [{ name: 'x'.repeat(101) }, 'invalid_request'],
      [{ name: 'tab\there' }, 'invalid_request'],
    ];
    for (const [fields, code] of bad) {
      const response = await tessera.request('POST', '/auth/users/tokens', { token: dev, json: { permissions: ['quotes.read'], tenants: [], ...fields } });
      assert.equal(response.status, 400, JSON.stringify(fields));
      assert.equal(response.body.code, code);
    }
    await tessera.createPat(dev, { name: 'dup', permissions: ['quotes.read'] });
    const duplicate = await tessera.request('POST', '/auth/users/tokens', { token: dev, json: { name: 'dup', permissions: ['quotes.read'], tenants: [] } });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.code, 'conflict');
    await tessera.ok('DELETE', '/auth/users/tokens/dup', { token: dev });
  });

  it('docs/api.md, errors: strict bodies — unknown fields, wrong types, duplicate keys, bad JSON, media type, size', async () => {
    const post = (body, contentType = 'application/json') =>
      tessera.request('POST', '/auth/users/tokens', { token: dev, headers: { 'content-type': contentType }, body });
    const cases = [
      [JSON.stringify({ name: 'typo', permissions: ['quotes.read'], tenants: [], expiresat: inDays(1) }), 400, 'invalid_request', ['expiresat']],
      [JSON.stringify({ name: 7, permissions: ['quotes.read'], tenants: [] }), 400, 'invalid_request', ['name']],
      [JSON.stringify({ name: 'x', permissions: 'quotes.read', tenants: [] }), 400, 'invalid_request', ['permissions']],
      [JSON.stringify({ name: 'x', permissions: [1], tenants: [] }), 400, 'invalid_request', ['permissions']],
      [JSON.stringify({ name: 'x', permissions: ['quotes.read'] }), 400, 'invalid_request', ['tenants']],
      ['{"name":"a","name":"b","permissions":["quotes.read"],"tenants":[]}', 400, 'invalid_json', ['name']],
      ['{"name": "x", ', 400, 'invalid_json', undefined],
      ['[]', 400, 'invalid_request', undefined],
      ['"just a string"', 400, 'invalid_request', undefined],
    ];
    for (const [body, status, code, entries] of cases) {
      const response = await post(body);
      assert.equal(response.status, status, body);
      assert.equal(response.body.code, code, body);
      assert.deepEqual(response.body.invalidEntries, entries, body);
    }
    const wrongType = await post(JSON.stringify({ name: 'x', permissions: ['quotes.read'], tenants: [] }), 'text/plain');
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.body.code, 'unsupported_media_type');
    const huge = await post(JSON.stringify({ name: 'x', permissions: ['quotes.read'], tenants: [], pad: 'x'.repeat(70_000) }));
    assert.equal(huge.status, 413);
    assert.equal(huge.body.code, 'payload_too_large');
    assert.deepEqual(await tessera.ok('GET', '/auth/users/tokens', { token: dev }), [], 'nothing was created');
  });

  it('PAT-5: tokens are immutable', async () => {
    await tessera.createPat(dev, { name: 'fixed', permissions: ['quotes.read'] });
    for (const method of ['PUT', 'PATCH']) {
      for (const path of ['/auth/users/tokens/fixed', `/auth/users/${devLocator}/tokens/fixed`]) {
        const response = await tessera.request(method, path, { token: dev, json: { name: 'renamed' } });
        assert.equal(response.status, 405);
        assert.equal(response.headers.get('allow'), 'GET, DELETE');
        assert.equal(response.body.code, 'token_immutable');
        assert.match(response.body.detail, /delete .* create a new one/);
      }
    }
    await tessera.ok('DELETE', '/auth/users/tokens/fixed', { token: dev });
  });

  it('PAT-9: delete by name and by value; a deleted token stops at once', async () => {
    const byName = await tessera.createPat(dev, { name: 'by-name', permissions: ['quotes.read'] });
    const byValue = await tessera.createPat(dev, { name: 'by-value', permissions: ['quotes.read'] });
    assert.equal((await tessera.request('DELETE', '/auth/users/tokens/by-name', { token: dev })).status, 200);
    assert.equal((await tessera.request('DELETE', `/auth/users/tokens/${byValue}`, { token: dev })).status, 200);
    assert.equal((await tessera.check(byName, 'quotes.read')).status, 401);
    assert.equal((await tessera.check(byValue, 'quotes.read')).status, 401);
    assert.equal((await tessera.request('DELETE', '/auth/users/tokens/by-name', { token: dev })).status, 404);
  });

  it('PAT-6: at most 3 live tokens; 12 parallel creations give exactly 3', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        tessera.request('POST', '/auth/users/tokens', { token: dev, json: { name: `race-${i}`, permissions: ['quotes.read'], tenants: [] } }),
      ),
    );
    const created = attempts.filter((r) => r.status === 200);
    const refused = attempts.filter((r) => r.status === 409);
    assert.equal(created.length, 3);
    assert.equal(refused.length, 9);
    for (const response of refused) {
      assert.equal(response.body.code, 'pat_limit_reached');
      assert.match(response.body.detail, /limit .*\(3\)/);
      assert.match(response.body.detail, /tessera admin set-pat-limit/);
    }
    const listed = await tessera.ok('GET', '/auth/users/tokens', { token: dev });
    assert.equal(listed.length, 3);
    for (const token of listed) await tessera.ok('DELETE', `/auth/users/tokens/${token.name}`, { token: dev });
  });

  it('PAT-3: a token creating a token is bounded by its own effective rights and lifetime', async () => {
    const parent = await tessera.createPat(dev, { name: 'parent', permissions: ['quotes.write', 'users.token'], tenants: [tenantA], expiresAt: inDays(10) });
    const bad = [
      [{ permissions: ['quotes.read'], tenants: [], expiresAt: inDays(5) }, 'permission_not_held'],
      [{ permissions: ['quotes.write'], tenants: [tenantA] }, 'invalid_request'],
      [{ permissions: ['quotes.write'], tenants: [tenantA], expiresAt: inDays(11) }, 'invalid_request'],
    ];
    for (const [fields, code] of bad) {
      const response = await tessera.request('POST', '/auth/users/tokens', { token: parent, json: { name: 'child', ...fields } });
      assert.equal(response.status, 400, JSON.stringify(fields));
      assert.equal(response.body.code, code);
    }
    const child = await tessera.createPat(parent, { name: 'child', permissions: ['quotes.write'], tenants: [tenantA], expiresAt: inDays(9) });
    assert.equal((await tessera.check(child, 'quotes.write', tenantA)).status, 200);
    const listed = await tessera.ok('GET', '/auth/users/tokens', { token: dev });
    assert.equal(listed.find((t) => t.name === 'child').origin, 'token');
    for (const name of ['child', 'parent']) await tessera.ok('DELETE', `/auth/users/tokens/${name}`, { token: dev });
  });

  it('PERM-6: a token made for quoting cannot manage its siblings; it may see itself', async () => {
    const quoting = await tessera.createPat(dev, { name: 'quoting', permissions: ['quotes.*'], tenants: [tenantA] });
    const sibling = await tessera.createPat(dev, { name: 'sibling', permissions: ['quotes.read'] });
    assert.equal((await tessera.request('DELETE', '/auth/users/tokens/sibling', { token: quoting })).status, 403);
    assert.equal((await tessera.request('GET', '/auth/users/tokens', { token: quoting })).status, 403);
    assert.equal((await tessera.request('POST', '/auth/users/tokens', { token: quoting, json: { name: 'x', permissions: ['quotes.read'], tenants: [] } })).status, 403);
    const whoami = await tessera.ok('GET', '/auth/users/whoami', { token: quoting });
    assert.deepEqual(whoami.authentication.method, 'pat');
    assert.equal(whoami.authentication.tokenName, 'quoting');
    assert.deepEqual(whoami.permissions, ['quotes.*']);
    assert.deepEqual(whoami.tenants, [tenantA]);
    const mine = await tessera.ok('GET', '/auth/tenants/mytenants/list', { token: quoting });
    assert.deepEqual(mine.items.map((t) => t.locator), [tenantA]);
    const grouped = await tessera.request('POST', '/auth/users/tokens/permissions', { token: quoting, json: 'quoting' });
    assert.equal(grouped.status, 200);
    assert.deepEqual(grouped.body, { quotes: ['*'] });
    assert.equal((await tessera.request('POST', '/auth/users/tokens/permissions', { token: quoting, json: 'sibling' })).status, 403);
    // A token holding users.token manages its owner's tokens.
    const manager = await tessera.createPat(dev, { name: 'manager', permissions: ['users.token'] });
    const listed = await tessera.ok('GET', '/auth/users/tokens', { token: manager });
    assert.deepEqual(listed.map((t) => t.name).sort(), ['manager', 'quoting', 'sibling']);
    assert.equal((await tessera.request('DELETE', '/auth/users/tokens/sibling', { token: manager })).status, 200);
    assert.equal((await tessera.check(sibling, 'quotes.read')).status, 401);
    for (const name of ['quoting', 'manager']) await tessera.ok('DELETE', `/auth/users/tokens/${name}`, { token: dev });
  });

  it('PAT-4: listing shows effective and dormant rights; lastUsed is recorded', async () => {
    const value = await tessera.createPat(dev, { name: 'view', permissions: ['quotes.write', 'policies.read'], tenants: [tenantA], expiresAt: inDays(3) });
    assert.equal((await tessera.check(value, 'quotes.write', tenantA)).status, 200);
    const [token] = await tessera.ok('GET', '/auth/users/tokens', { token: dev });
    assert.equal(token.name, 'view');
    assert.match(token.locator, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.equal(token.expired, false);
    assert.equal(token.expiresAt, inDays(3).slice(0, 17) + token.expiresAt.slice(17));
    assert.deepEqual(token.permissions, ['quotes.write', 'policies.read']);
    assert.deepEqual(token.effectivePermissions, ['quotes.write', 'policies.read']);
    assert.deepEqual(token.dormantPermissions, []);
    assert.deepEqual(token.effectiveTenants, [tenantA]);
    assert.ok(token.lastUsedAt);
    assert.equal(token.lastUsedIp, '127.0.0.1');
    const one = await tessera.ok('GET', '/auth/users/tokens/view', { token: dev });
    assert.equal(one.locator, token.locator);
    await tessera.ok('DELETE', '/auth/users/tokens/view', { token: dev });
  });

  it('PAT-8: an expired token authenticates nothing but stays listed', async () => {
    const soon = new Date(Date.now() + 2000).toISOString();
    const value = await tessera.createPat(dev, { name: 'brief', permissions: ['quotes.read'], expiresAt: soon });
    assert.equal((await tessera.check(value, 'quotes.read')).status, 200);
    await eventually(async () => (await tessera.check(value, 'quotes.read')).status === 401, { timeout: 5000, interval: 100, what: 'the token to expire' });
    const response = await tessera.check(value, 'quotes.read');
    assert.equal(response.status, 401);
    assert.equal(response.body.code, 'unauthenticated');
    assert.match(response.body.detail, /expired/);
    const [listed] = await tessera.ok('GET', '/auth/users/tokens', { token: dev });
    assert.equal(listed.expired, true);
    // An expired token does not count against the limit (PAT-6).
    for (let i = 0; i < 3; i++) await tessera.createPat(dev, { name: `live-${i}`, permissions: ['quotes.read'] });
    for (const name of ['brief', 'live-0', 'live-1', 'live-2']) await tessera.ok('DELETE', `/auth/users/tokens/${name}`, { token: dev });
  });

  it('PAT-11: admins list and delete another user\'s tokens; others may not', async () => {
    await tessera.createPat(dev, { name: 'audited', permissions: ['quotes.read'] });
    const listed = await tessera.ok('GET', `/auth/users/${devLocator}/tokens`, { token: admin });
    assert.deepEqual(listed.map((t) => t.name), ['audited']);
    const adminMe = await tessera.ok('GET', '/auth/users/whoami', { token: admin });
    assert.equal((await tessera.request('GET', `/auth/users/${adminMe.locator}/tokens`, { token: dev })).status, 403);
    assert.deepEqual((await tessera.ok('GET', `/auth/users/${devLocator}/tokens`, { token: dev })).map((t) => t.name), ['audited']);
    assert.equal((await tessera.request('DELETE', `/auth/users/${devLocator}/tokens/audited`, { token: admin })).status, 200);
    assert.deepEqual(await tessera.ok('GET', '/auth/users/tokens', { token: dev }), []);
  });
});
