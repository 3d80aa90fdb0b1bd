// ROLE-2: per-tenant role permissions, visible on the next request for JWTs and PATs alike.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWithAdmin } from './harness.mjs';

describe('per-tenant role permissions', () => {
  let tessera, admin, tenantA, tenantB, role, user, dev;
  before(async () => {
    ({ tessera, admin } = await startWithAdmin());
    tenantA = (await tessera.createTenant(admin, 'A')).locator;
    tenantB = (await tessera.createTenant(admin, 'B')).locator;
    role = await tessera.createRole(admin, 'quoter', ['quotes.*', 'users.token']);
    user = await tessera.createUser(admin, 'quoter@example.com', { roles: ['quoter'], tenants: [tenantA, tenantB] });
    dev = await tessera.loginToken('quoter@example.com', 'User-Passw0rd-Long!');
  });
  after(() => tessera?.stopAndCleanup());

  it('ROLE-2: an override replaces the base set on its tenant only, from the next request, for a PAT too', async () => {
    const pat = await tessera.createPat(dev, { name: 'both', permissions: ['quotes.write'], tenants: [tenantA, tenantB] });
    assert.equal((await tessera.check(pat, 'quotes.write', tenantA)).status, 200);
    const created = await tessera.ok('POST', `/auth/roles/tenant/${tenantA}/${role.locator}`, {
      token: admin,
      json: { permissions: ['quotes.read'], description: 'read-only on A' },
    });
    assert.deepEqual(created.permissions, ['quotes.read']);
    assert.equal(created.version, 1);
    assert.equal(created.locator, role.locator);
    assert.equal((await tessera.check(pat, 'quotes.write', tenantA)).status, 403);
    assert.equal((await tessera.check(pat, 'quotes.write', tenantB)).status, 200);
    assert.equal((await tessera.check(dev, 'quotes.read', tenantA)).status, 200);
    const onA = await tessera.ok('GET', `/auth/users/${user.locator}/tenant/${tenantA}/permissions`, { token: admin });
    assert.deepEqual(onA, ['quotes.read']);
    const onB = await tessera.ok('GET', `/auth/users/${user.locator}/tenant/${tenantB}/permissions`, { token: admin });
    assert.deepEqual(onB.sort(), ['quotes.*', 'users.token']);

    const updated = await tessera.ok('PATCH', `/auth/roles/tenant/${tenantA}/${role.locator}`, {
      token: admin,
      json: { version: 1, addPermissions: ['quotes.write'], removePermissions: [] },
    });
    assert.equal(updated.version, 2);
    assert.equal((await tessera.check(pat, 'quotes.write', tenantA)).status, 200);
    const stale = await tessera.request('PATCH', `/auth/roles/tenant/${tenantA}/${role.locator}`, {
      token: admin,
      json: { version: 1, addPermissions: [], removePermissions: ['quotes.write'] },
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'version_conflict');

    const list = await tessera.ok('GET', `/auth/roles/tenant/${tenantA}/list`, { token: admin });
    assert.deepEqual(list.items.map((r) => r.locator), [role.locator]);
    assert.deepEqual((await tessera.ok('GET', `/auth/roles/tenant/${tenantB}/list`, { token: admin })).items, []);

    assert.equal((await tessera.request('DELETE', `/auth/roles/tenant/${tenantA}/${role.locator}`, { token: admin })).status, 200);
    assert.equal((await tessera.request('GET', `/auth/roles/tenant/${tenantA}/${role.locator}`, { token: admin })).status, 404);
    await tessera.ok('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: [], removeRoles: [] } });
    assert.equal((await tessera.check(pat, 'quotes.write', tenantA)).status, 200);
  });

  it('ROLE-2: overrides survive an edit of the role', async () => {
    await tessera.ok('POST', `/auth/roles/tenant/${tenantB}/${role.locator}`, { token: admin, json: { permissions: ['quotes.read'] } });
    const current = await tessera.ok('GET', `/auth/roles/${role.locator}`, { token: admin });
    await tessera.ok('PATCH', `/auth/roles/${role.locator}`, {
      token: admin,
      json: { version: current.version, name: 'quoter', description: 'renamed nothing', addPermissions: [], removePermissions: [] },
    });
    const still = await tessera.ok('GET', `/auth/roles/tenant/${tenantB}/${role.locator}`, { token: admin });
    assert.deepEqual(still.permissions, ['quotes.read']);
  });

  it('ROLE-2, ROLE-3, ROLE-4: clear refusals', async () => {
    const roles = await tessera.ok('GET', '/auth/roles/list', { token: admin });
    const builtIn = roles.items.find((r) => r.name === 'admin');
    const refused = await tessera.request('POST', `/auth/roles/tenant/${tenantA}/${builtIn.locator}`, { token: admin, json: { permissions: ['quotes.read'] } });
    assert.equal(refused.status, 403);
    const unknownTenant = await tessera.request('POST', `/auth/roles/tenant/00000000-0000-4000-8000-000000000000/${role.locator}`, { token: admin, json: { permissions: ['quotes.read'] } });
    assert.equal(unknownTenant.status, 404);
    const badPermission = await tessera.request('POST', `/auth/roles/tenant/${tenantA}/${role.locator}`, { token: admin, json: { permissions: ['quotes.fly'] } });
    assert.equal(badPermission.status, 400);
    assert.deepEqual(badPermission.body.invalidEntries, ['quotes.fly']);
    await tessera.createRole(admin, 'role-admin', ['roles.*', 'quotes.read']);
    await tessera.createUser(admin, 'roleadmin@example.com', { roles: ['role-admin'], tenants: [tenantA] });
    const roleAdmin = await tessera.loginToken('roleadmin@example.com', 'User-Passw0rd-Long!');
    const escalate = await tessera.request('POST', `/auth/roles/tenant/${tenantA}/${role.locator}`, { token: roleAdmin, json: { permissions: ['quotes.write'] } });
    assert.equal(escalate.status, 400);
    assert.equal(escalate.body.code, 'permission_not_held');
  });
});
