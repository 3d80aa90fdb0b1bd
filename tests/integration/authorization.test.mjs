// ROLE-5, PAT-4, SCOPE-1..3, TEN-1, USR-1: a change is visible to the very next request.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWithAdmin } from './harness.mjs';

describe('authorization follows current rights', () => {
  let tessera, admin;
  before(async () => ({ tessera, admin } = await startWithAdmin()));
  after(() => tessera?.stopAndCleanup());

  async function developer(name, { permissions = ['quotes.*', 'users.token'], tenants } = {}) {
    const tenant = (await tessera.createTenant(admin, `${name}-tenant`)).locator;
    const role = await tessera.createRole(admin, `${name}-role`, permissions);
    const user = await tessera.createUser(admin, `${name}@example.com`, { roles: [role.name], tenants: tenants ?? [tenant] });
    const jwt = await tessera.loginToken(`${name}@example.com`, 'User-Passw0rd-Long!');
    return { tenant, role, user, jwt };
  }

  it('ROLE-5, PAT-4: losing a role takes effect on the next request for the JWT and the PAT; the grant goes dormant', async () => {
    const { tenant, role, user, jwt } = await developer('loses-role');
    const pat = await tessera.createPat(jwt, { name: 'ci', permissions: ['quotes.write'], tenants: [tenant] });
    assert.equal((await tessera.check(pat, 'quotes.write', tenant)).status, 200);
    assert.equal((await tessera.check(jwt, 'quotes.write', tenant)).status, 200);
    await tessera.ok('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: [], removeRoles: [role.name] } });
    assert.equal((await tessera.check(pat, 'quotes.write', tenant)).status, 403);
    assert.equal((await tessera.check(jwt, 'quotes.write', tenant)).status, 403);
    const [listed] = await tessera.ok('GET', `/auth/users/${user.locator}/tokens`, { token: admin });
    assert.deepEqual(listed.permissions, ['quotes.write'], 'the grant is kept');
    assert.deepEqual(listed.dormantPermissions, ['quotes.write']);
    assert.deepEqual(listed.effectivePermissions, []);
    // Given back, the dormant right works again.
    await tessera.ok('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: [role.name], removeRoles: [] } });
    assert.equal((await tessera.check(pat, 'quotes.write', tenant)).status, 200);
  });

  it('PAT-4: introspection reports the rights of the moment, though it computes them once per change', async () => {
    const { tenant, role, user, jwt } = await developer('introspected-rights');
    const pat = await tessera.createPat(jwt, { name: 'rs', permissions: ['quotes.write'], tenants: [tenant] });
    const introspect = async () => (await tessera.ok('POST', '/auth/introspect', {
      token: admin, body: `token=${pat}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }));
    for (let i = 0; i < 2; i++) {
      const live = await introspect();
      assert.deepEqual([live.permissions, live.tenants], [['quotes.write'], [tenant]]);
    }
    await tessera.ok('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: [], removeRoles: [role.name] } });
    assert.deepEqual((await introspect()).permissions, []);
    await tessera.ok('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: [role.name], removeRoles: [] } });
    assert.deepEqual((await introspect()).permissions, ['quotes.write']);
    await tessera.ok('PATCH', `/auth/tenants/${tenant}/retire`, { token: admin });
    assert.deepEqual((await introspect()).tenants, []);
    const [listed] = await tessera.ok('GET', '/auth/users/tokens', { token: jwt });
    assert.deepEqual(listed.dormantTenants, [tenant]);
  });

  it('ROLE-5: removing a permission from a role takes effect at once; a wildcard grant shows what is left', async () => {
    const { tenant, role, jwt } = await developer('loses-permission');
    const pat = await tessera.createPat(jwt, { name: 'wide', permissions: ['quotes.*'], tenants: [tenant] });
    assert.equal((await tessera.check(pat, 'quotes.write', tenant)).status, 200);
    const updated = await tessera.ok('PATCH', `/auth/roles/${role.locator}`, {
      token: admin,
      json: { version: role.version, name: role.name, description: role.description, addPermissions: ['quotes.read'], removePermissions: ['quotes.*'] },
    });
    assert.equal(updated.version, role.version + 1);
    assert.equal((await tessera.check(pat, 'quotes.write', tenant)).status, 403);
    assert.equal((await tessera.check(pat, 'quotes.read', tenant)).status, 200);
    const [listed] = await tessera.ok('GET', '/auth/users/tokens', { token: jwt });
    assert.deepEqual(listed.dormantPermissions, ['quotes.*']);
    assert.deepEqual(listed.effectivePermissions, ['quotes.read']);
  });

  it('SCOPE-2, PAT-4: losing a tenant takes effect on the next request', async () => {
    const { tenant, user, jwt } = await developer('loses-tenant');
    const pat = await tessera.createPat(jwt, { name: 'scoped', permissions: ['quotes.read'], tenants: [tenant] });
    assert.equal((await tessera.check(pat, 'quotes.read', tenant)).status, 200);
    await tessera.ok('PATCH', `/auth/users/${user.locator}/tenants`, { token: admin, json: { addTenants: [], removeTenants: [tenant] } });
    const denied = await tessera.check(pat, 'quotes.read', tenant);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.code, 'forbidden');
    assert.match(denied.body.detail, /tenant/);
    assert.equal((await tessera.check(pat, 'quotes.read')).status, 200, 'no tenant named: permission only');
    const [listed] = await tessera.ok('GET', '/auth/users/tokens', { token: jwt });
    assert.deepEqual(listed.dormantTenants, [tenant]);
  });

  it('TEN-1: a retired tenant grants nothing, even to an admin', async () => {
    const { tenant, jwt } = await developer('retired');
    const pat = await tessera.createPat(jwt, { name: 'r', permissions: ['quotes.read'], tenants: [tenant] });
    const retired = await tessera.ok('PATCH', `/auth/tenants/${tenant}/retire`, { token: admin });
    assert.equal(retired.type, 'retired');
    assert.equal((await tessera.check(pat, 'quotes.read', tenant)).status, 403);
    assert.equal((await tessera.check(admin, 'quotes.read', tenant)).status, 403);
    assert.equal((await tessera.request('PATCH', `/auth/tenants/${tenant}/retire`, { token: admin })).status, 409);
  });

  it('SCOPE-1: type entries cover every live tenant of that type; unknown tenants are 403 at the gateway', async () => {
    const prod = (await tessera.createTenant(admin, 'prod-x', 'production')).locator;
    const test = (await tessera.createTenant(admin, 'test-x', 'test')).locator;
    const role = await tessera.createRole(admin, 'typed-role', ['quotes.read']);
    await tessera.createUser(admin, 'typed@example.com', { roles: [role.name], tenants: ['type:production'] });
    const jwt = await tessera.loginToken('typed@example.com', 'User-Passw0rd-Long!');
    assert.equal((await tessera.check(jwt, 'quotes.read', prod)).status, 200);
    assert.equal((await tessera.check(jwt, 'quotes.read', test)).status, 403);
    assert.equal((await tessera.check(jwt, 'quotes.read', '00000000-0000-4000-8000-000000000000')).status, 403);
    assert.equal((await tessera.checkAuthenticated(jwt, prod)).status, 200, 'tenant membership alone');
    assert.equal((await tessera.checkAuthenticated(jwt, test)).status, 403);
  });

  it('USR-1: deleting a user stops its JWT and PATs and deletes the PATs', async () => {
    const { user, jwt, tenant } = await developer('deleted');
    const pat = await tessera.createPat(jwt, { name: 'gone', permissions: ['quotes.read'], tenants: [tenant] });
    assert.equal((await tessera.request('DELETE', `/auth/users/${user.locator}`, { token: admin })).status, 200);
    assert.equal((await tessera.check(pat, 'quotes.read')).status, 401);
    assert.equal((await tessera.check(jwt, 'quotes.read')).status, 401);
    assert.equal((await tessera.request('GET', `/auth/users/${user.locator}`, { token: admin })).status, 404);
    assert.equal((await tessera.request('GET', `/auth/users/${user.locator}/tokens`, { token: admin })).status, 404);
  });

  it('ROLE-1: deleting a role takes its permissions away from holders at once', async () => {
    const { role, jwt, tenant } = await developer('role-deleted');
    const pat = await tessera.createPat(jwt, { name: 'p', permissions: ['quotes.read'], tenants: [tenant] });
    assert.equal((await tessera.request('DELETE', `/auth/roles/${role.locator}`, { token: admin })).status, 200);
    assert.equal((await tessera.check(pat, 'quotes.read', tenant)).status, 403);
    // A new role of the same name grants nothing to the former holders.
    await tessera.createRole(admin, role.name, ['quotes.read']);
    assert.equal((await tessera.check(pat, 'quotes.read', tenant)).status, 403);
  });

  it('SCOPE-2: endpoints refuse callers without the permission with 403 naming it', async () => {
    const { jwt } = await developer('no-admin');
    const response = await tessera.request('GET', '/auth/users/list', { token: jwt });
    assert.equal(response.status, 403);
    assert.equal(response.body.code, 'forbidden');
    assert.match(response.body.detail, /users\.read, users\.list/);
  });
});
