// Regression tests for the escalation paths found when Tessera was attacked (issue 10), each
// named after the rule it protects. Real binary, real HTTP; raw sockets where fetch would
// normalise what an attacker sends.
import assert from 'node:assert/strict';
import { statSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWithAdmin } from './harness.mjs';

const PASSWORD = 'User-Passw0rd-Long!';

// Sends `text` as it is and reads the whole answer (the request asks the server to close).
function raw(port, text) {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    const chunks = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', fail);
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('latin1');
      const split = answer.indexOf('\r\n\r\n');
      const head = answer.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(head.slice(1).map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const body = answer.slice(split + 4);
      let json;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      ok({ status: Number(head[0].split(' ')[1]), headers, body, json });
    });
  });
}

const get = (path, headerLines) => `GET ${path} HTTP/1.1\r\n${headerLines.map((line) => `${line}\r\n`).join('')}Connection: close\r\n\r\n`;

describe('escalation paths stay closed', () => {
  let tessera, admin, adminMe, tenantA, tenantV, scoped, scopedPat;
  before(async () => {
    ({ tessera, admin } = await startWithAdmin());
    adminMe = await tessera.ok('GET', '/auth/users/whoami', { token: admin });
    tenantA = (await tessera.createTenant(admin, 'tenant-a', 'production')).locator;
    tenantV = (await tessera.createTenant(admin, 'victim-v', 'production')).locator;
    await tessera.createRole(admin, 'tenant-manager', ['tenants.*', 'roles.*', 'users.token', 'quotes.*']);
    await tessera.createUser(admin, 'scoped@example.com', { roles: ['tenant-manager'], tenants: [tenantA] });
    scoped = await tessera.loginToken('scoped@example.com', PASSWORD);
    scopedPat = await tessera.createPat(scoped, { name: 'manage', permissions: ['tenants.*', 'roles.*'], tenants: [tenantA] });
  });
  after(() => tessera?.stopAndCleanup());

  it('SCOPE-2: a tenant outside the scope is refused before the permission on every tenant route, for a JWT and a PAT', async () => {
    const role = await tessera.createRole(admin, 'per-tenant', ['quotes.read']);
    await tessera.ok('POST', `/auth/roles/tenant/${tenantV}/${role.locator}`, { token: admin, json: { permissions: ['quotes.read'] } });
    const attempts = [
      ['GET', `/auth/tenants/${tenantV}`],
      ['PATCH', `/auth/tenants/${tenantV}`, { name: 'renamed', description: 'x' }],
      ['PATCH', `/auth/tenants/${tenantV}/retire`],
      ['GET', `/auth/roles/tenant/${tenantV}/list`],
      ['GET', `/auth/roles/tenant/${tenantV}/${role.locator}`],
      ['POST', `/auth/roles/tenant/${tenantV}/${role.locator}`, { permissions: ['quotes.read'] }],
      ['PATCH', `/auth/roles/tenant/${tenantV}/${role.locator}`, { version: 1, addPermissions: ['quotes.write'], removePermissions: [] }],
      ['DELETE', `/auth/roles/tenant/${tenantV}/${role.locator}`],
      ['GET', `/auth/users/${adminMe.locator}/tenant/${tenantV}/permissions`],
    ];
    for (const token of [scoped, scopedPat]) {
      for (const [method, path, json] of attempts) {
        const refused = await tessera.request(method, path, { token, json });
        assert.equal(refused.status, 403, `${method} ${path}: ${refused.text}`);
        assert.equal(refused.body.code, 'tenant_not_in_scope');
      }
    }
    // Nothing changed, and the tenant is not even listed to the scoped user.
    const tenant = await tessera.ok('GET', `/auth/tenants/${tenantV}`, { token: admin });
    assert.equal(tenant.name, 'victim-v');
    assert.equal(tenant.type, 'production');
    const override = await tessera.ok('GET', `/auth/roles/tenant/${tenantV}/${role.locator}`, { token: admin });
    assert.deepEqual(override.permissions, ['quotes.read']);
    const listed = await tessera.ok('GET', '/auth/tenants/list', { token: scoped });
    assert.deepEqual(listed.map((t) => t.locator), [tenantA]);
    // In scope, the same routes work; an unknown tenant is 404.
    assert.equal((await tessera.request('PATCH', `/auth/tenants/${tenantA}`, { token: scoped, json: { name: 'a-renamed', description: 'x' } })).status, 200);
    assert.equal((await tessera.request('GET', '/auth/tenants/00000000-0000-4000-8000-000000000000', { token: scoped })).status, 404);
    // Retired tenants stay readable by those whose scope names them (admins: any).
    const retired = (await tessera.createTenant(admin, 'old', 'test')).locator;
    await tessera.ok('PATCH', `/auth/tenants/${retired}/retire`, { token: admin });
    assert.equal((await tessera.ok('GET', `/auth/tenants/${retired}`, { token: admin })).type, 'retired');
  });

  it('USR-2: a non-admin cannot take over, reset, revoke or disable a user who holds more than it does', async () => {
    await tessera.createRole(admin, 'user-admin', ['users.*', 'quotes.read']);
    await tessera.createUser(admin, 'helpdesk@example.com', { roles: ['user-admin'], tenants: [tenantA] });
    const helpdesk = await tessera.loginToken('helpdesk@example.com', PASSWORD);
    await tessera.createRole(admin, 'underwriter', ['quotes.*', 'policies.*']);
    const richer = await tessera.createUser(admin, 'richer@example.com', { roles: ['underwriter'], tenants: [tenantA] });
    await tessera.createRole(admin, 'reader', ['quotes.read']);
    const within = await tessera.createUser(admin, 'within@example.com', { roles: ['reader'], tenants: [tenantA] });
    const adminSession = await tessera.login();
    const richerSession = await tessera.login('richer@example.com', PASSWORD);

    const takeover = (locator) => [
      ['PATCH', `/auth/users/${locator}`, { firstName: 'X', lastName: 'Y', tenants: locator === adminMe.locator ? ['any'] : [tenantA], email: 'attacker@evil.example' }],
      ['PATCH', `/auth/users/${locator}/passwordreset`, 'Attacker-Chosen-Passw0rd!'],
      ['POST', `/auth/users/${locator}/revoke`],
      ['PATCH', `/auth/users/${locator}/disable`],
      ['PATCH', `/auth/users/${locator}/roles`, { addRoles: [], removeRoles: ['underwriter'] }],
      ['PATCH', `/auth/users/${locator}/tenants`, { addTenants: [], removeTenants: [tenantA] }],
      ['DELETE', `/auth/users/${locator}/credentials`],
      ['DELETE', `/auth/users/${locator}/tokens/none`],
      ['DELETE', `/auth/users/${locator}`],
    ];
    for (const target of [adminMe.locator, richer.locator]) {
      for (const [method, path, json] of takeover(target)) {
        const refused = await tessera.request(method, path, { token: helpdesk, json });
        assert.equal(refused.status, 403, `${method} ${path}: ${refused.text}`);
        assert.equal(refused.body.code, 'user_beyond_your_rights');
      }
    }
    // Nothing changed: both still log in with their passwords, their sessions live on.
    assert.equal((await tessera.ok('GET', `/auth/users/${adminMe.locator}`, { token: admin })).email, adminMe.email);
    assert.equal((await tessera.ok('GET', `/auth/users/${richer.locator}`, { token: admin })).email, richer.email);
    await tessera.login('richer@example.com', PASSWORD);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: adminSession.access_token })).status, 200);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: richerSession.access_token })).status, 200);
    // A user within the helpdesk's rights can be managed.
    assert.equal((await tessera.request('PATCH', `/auth/users/${within.locator}`, { token: helpdesk, json: { firstName: 'W', lastName: 'I', tenants: [tenantA], email: 'within2@example.com' } })).status, 200);
    assert.equal((await tessera.request('PATCH', `/auth/users/${within.locator}/passwordreset`, { token: helpdesk, json: 'Another-Valid-Passw0rd!' })).status, 200);
    assert.equal((await tessera.request('POST', `/auth/users/${within.locator}/revoke`, { token: helpdesk })).status, 200);
  });

  it('USR-1, ROLE-5: a disable racing a role change is never undone (8 rounds of 8)', async () => {
    await tessera.createRole(admin, 'extra', ['quotes.read']);
    await tessera.createRole(admin, 'racer', ['quotes.read', 'users.token']);
    for (let round = 0; round < 8; round++) {
      const user = await tessera.createUser(admin, `race${round}@example.com`, { roles: ['racer'], tenants: [tenantA] });
      const jwt = await tessera.loginToken(`race${round}@example.com`, PASSWORD);
      const pat = await tessera.createPat(jwt, { name: 'p', permissions: ['quotes.read'], tenants: [tenantA] });
      const writes = [];
      for (let i = 0; i < 8; i++) {
        writes.push(i === 3
          ? tessera.request('PATCH', `/auth/users/${user.locator}/disable`, { token: admin })
          : tessera.request('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: i % 2 ? { addRoles: ['extra'], removeRoles: [] } : { addRoles: [], removeRoles: ['extra'] } }));
      }
      for (const answer of await Promise.all(writes)) assert.equal(answer.status, 200, answer.text);
      const after = await tessera.ok('GET', `/auth/users/${user.locator}`, { token: admin });
      assert.equal(after.enabled, false, `round ${round}: the disable was undone`);
      assert.equal((await tessera.check(pat, 'quotes.read', tenantA)).status, 401, `round ${round}: the PAT still works`);
    }
  });

  it('USR-1: concurrent role and tenant edits of one user both survive', async () => {
    const tenantB = (await tessera.createTenant(admin, 'tenant-b')).locator;
    for (let round = 0; round < 8; round++) {
      const user = await tessera.createUser(admin, `both${round}@example.com`, { roles: ['reader'], tenants: [tenantA] });
      const [roles, tenants] = await Promise.all([
        tessera.request('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: ['extra'], removeRoles: [] } }),
        tessera.request('PATCH', `/auth/users/${user.locator}/tenants`, { token: admin, json: { addTenants: [tenantB], removeTenants: [] } }),
      ]);
      assert.equal(roles.status, 200);
      assert.equal(tenants.status, 200);
      const after = await tessera.ok('GET', `/auth/users/${user.locator}`, { token: admin });
      assert.deepEqual(after.roles.sort(), ['extra', 'reader'], `round ${round}`);
      assert.deepEqual(after.tenants.sort(), [tenantA, tenantB].sort(), `round ${round}`);
    }
  });

  it('ROLE-2: of eight concurrent creations of one tenant role exactly one succeeds, the rest get 409', async () => {
    const role = await tessera.createRole(admin, 'contested', ['quotes.read', 'quotes.write']);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      tessera.request('POST', `/auth/roles/tenant/${tenantA}/${role.locator}`, { token: admin, json: { permissions: [i % 2 ? 'quotes.read' : 'quotes.write'], description: `try ${i}` } })));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 200).body;
    const stored = await tessera.ok('GET', `/auth/roles/tenant/${tenantA}/${role.locator}`, { token: admin });
    assert.deepEqual(stored.permissions, winner.permissions);
    assert.equal(stored.description, winner.description);
  });

  it('SCOPE-2, PERM-4: repeated security headers are 400; /auth/check fails closed without X-Required-Permission', async () => {
    const host = `Host: 127.0.0.1:${tessera.port}`;
    const bearer = `Authorization: Bearer ${scopedPat}`;
    for (const lines of [
      [host, bearer, 'X-Required-Permission: quotes.read', `X-Tenant-Locator: ${tenantA}`, `X-Tenant-Locator: ${tenantV}`],
      [host, bearer, 'X-Required-Permission: quotes.read', 'X-Required-Permission: tenants.read', `X-Tenant-Locator: ${tenantA}`],
      [host, bearer, `Authorization: Bearer ${admin}`, 'X-Required-Permission: tenants.read'],
    ]) {
      const answer = await raw(tessera.port, get('/auth/check', lines));
      assert.equal(answer.status, 400, answer.body);
      assert.equal(answer.json.status, 400);
      assert.equal(answer.json.invalidEntries.length, 1);
    }
    const missing = await tessera.request('GET', '/auth/check', { token: scopedPat });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.invalidEntries, ['X-Required-Permission']);
    assert.equal((await tessera.checkAuthenticated(scopedPat)).status, 200);
    assert.equal((await tessera.checkAuthenticated(scopedPat, tenantA)).status, 200);
    assert.equal((await tessera.checkAuthenticated(scopedPat, tenantV)).status, 403);
    assert.equal((await tessera.checkAuthenticated('tsr_bogus')).status, 401);
    const mixed = await tessera.request('GET', '/auth/check/authenticated', { token: scopedPat, headers: { 'x-required-permission': 'quotes.read' } });
    assert.equal(mixed.status, 400, 'a permission sent to the authentication-only check is not silently ignored');
  });

  it('RFC 9112: Host is required once, absolute-form is served, HEAD answers the probes, 431 says 431', async () => {
    const noHost = await raw(tessera.port, 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    assert.equal(noHost.status, 400);
    assert.deepEqual(noHost.json.invalidEntries, ['Host']);
    const twoHosts = await raw(tessera.port, get('/healthz', ['Host: a.example', 'Host: b.example']));
    assert.equal(twoHosts.status, 400);
    const http10 = await raw(tessera.port, 'GET /healthz HTTP/1.0\r\n\r\n');
    assert.equal(http10.status, 200, 'HTTP/1.0 needs no Host');
    const absolute = await raw(tessera.port, get(`http://127.0.0.1:${tessera.port}/healthz`, [`Host: 127.0.0.1:${tessera.port}`]));
    assert.equal(absolute.status, 200, absolute.body);
    const absoluteCheck = await raw(tessera.port, get(`http://127.0.0.1:${tessera.port}/auth/check?x=1`, [`Host: 127.0.0.1:${tessera.port}`, `Authorization: Bearer ${scopedPat}`, 'X-Required-Permission: tenants.read', `X-Tenant-Locator: ${tenantA}`]));
    assert.equal(absoluteCheck.status, 200, absoluteCheck.body);
    for (const path of ['/healthz', '/readyz']) {
      const head = await raw(tessera.port, `HEAD ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.equal(head.status, 200, path);
      assert.equal(head.body, '', 'HEAD has no body');
      assert.ok(Number(head.headers['content-length']) > 0, 'but the length of the GET body');
    }
    const huge = await raw(tessera.port, get('/healthz', ['Host: x', `X-Padding: ${'a'.repeat(17 * 1024)}`]));
    assert.equal(huge.status, 431);
    assert.equal(huge.json.status, 431);
    assert.equal(huge.json.code, 'headers_too_large');
  });

  it('JWT-1: the high-S twin of a valid JWT signature is refused', async () => {
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const [header, payload, signature] = admin.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
    assert.ok(s <= n / 2n, 'Tessera signs low-S');
    const twin = Buffer.concat([bytes.subarray(0, 32), Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex')]);
    const malleated = `${header}.${payload}.${twin.toString('base64url')}`;
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: admin })).status, 200);
    assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: malleated })).status, 401);
  });

  it('PAT-9, TEN-1, ROLE-1, USR-1: names with control or bidirectional formatting characters are refused, naming the field', async () => {
    const refusals = [
      ['POST', '/auth/tenants', { name: 'bad\u0000name', type: 'test', description: '' }, 'name'],
      ['POST', '/auth/tenants', { name: 'fine', type: 'test', description: 'line\u0085' }, 'description'],
      ['POST', '/auth/roles', { name: 'role\u202e', permissions: ['quotes.read'], description: '' }, 'name'],
      ['POST', '/auth/users', { userName: 'bidi@example.com', firstName: 'A\u2066', lastName: 'B', password: PASSWORD }, 'firstName'],
      ['POST', '/auth/users/tokens', { name: 'txt\u202egpj.exe', permissions: ['quotes.read'], tenants: [] }, 'name'],
    ];
    for (const [method, path, json, field] of refusals) {
      const refused = await tessera.request(method, path, { token: admin, json });
      assert.equal(refused.status, 400, `${path}: ${refused.text}`);
      assert.deepEqual(refused.body.invalidEntries, [field]);
    }
    const tenants = await tessera.ok('GET', '/auth/tenants/list', { token: admin });
    assert.ok(!tenants.some((t) => t.name === 'fine' || t.name.includes('\u0000')), 'nothing was created');
    assert.equal((await tessera.request('POST', '/auth/tenants', { token: admin, json: { name: 'Zürich 東京', type: 'test', description: 'ok' } })).status, 200);
  });

  it('files of the data directory are 0600 (the database, its WAL and SHM too)', async () => {
    const files = readdirSync(tessera.dataDir);
    assert.ok(files.includes('tessera.db'));
    assert.ok(files.some((f) => f.endsWith('-wal')), files.join(','));
    for (const file of files) {
      const mode = statSync(join(tessera.dataDir, file)).mode & 0o777;
      assert.equal(mode, 0o600, `${file} is ${mode.toString(8)}`);
    }
  });
});
