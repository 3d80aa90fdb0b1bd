// USR-1, ROLE-1, ROLE-3, ROLE-4, TEN-1, SCOPE-3, PERM-2: users, roles and tenants endpoints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_USER, startWithAdmin } from './harness.mjs';

describe('accounts', () => {
  let tessera, admin;
  before(async () => ({ tessera, admin } = await startWithAdmin()));
  after(() => tessera?.stopAndCleanup());

  it('TEN-1: create, get, list, update, retire tenants', async () => {
    const tenant = await tessera.createTenant(admin, 'Acme', 'production');
    assert.match(tenant.locator, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(tenant.type, 'production');
    assert.equal(tenant.businessAccount, 'default');
    assert.match(tenant.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(await tessera.ok('GET', `/auth/tenants/${tenant.locator}`, { token: admin }), tenant);
    const updated = await tessera.ok('PATCH', `/auth/tenants/${tenant.locator}`, { token: admin, json: { name: 'Acme Inc', description: 'renamed' } });
    assert.equal(updated.name, 'Acme Inc');
    const production = await tessera.ok('GET', '/auth/tenants/list?type=production', { token: admin });
    assert.ok(production.some((t) => t.locator === tenant.locator));
    assert.ok(production.every((t) => t.type === 'production'));
    assert.equal((await tessera.request('GET', '/auth/tenants/list?type=weird', { token: admin })).status, 400);
    for (const json of [{ name: 'x', type: 'retired' }, { name: '', type: 'test' }, { name: 'x' }, { name: 'x', type: 'test', extra: 1 }]) {
      assert.equal((await tessera.request('POST', '/auth/tenants', { token: admin, json })).status, 400, JSON.stringify(json));
    }
    assert.equal((await tessera.request('GET', '/auth/tenants/00000000-0000-4000-8000-000000000000', { token: admin })).status, 404);
    const mine = await tessera.ok('GET', '/auth/tenants/mytenants/list', { token: admin });
    assert.equal(mine.listCompleted, true);
    assert.ok(mine.items.some((t) => t.locator === tenant.locator));
  });

  it('ROLE-1, PERM-2: create, get, update with version, list, delete roles; catalogue checks name every entry', async () => {
    const role = await tessera.createRole(admin, 'underwriter', ['quotes.*', 'policies.read']);
    assert.match(role.locator, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.equal(role.version, 1);
    assert.deepEqual(role.permissions, ['quotes.*', 'policies.read']);
    assert.deepEqual(await tessera.ok('GET', `/auth/roles/${role.locator}`, { token: admin }), role);
    const bad = await tessera.request('POST', '/auth/roles', { token: admin, json: { name: 'bad', permissions: ['quotes.read', 'nope.read', 'quotes', '*.write', 'nogroup.*'], description: '' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalid_permission');
    assert.deepEqual(bad.body.invalidEntries, ['nope.read', 'quotes', '*.write', 'nogroup.*']);
    const duplicate = await tessera.request('POST', '/auth/roles', { token: admin, json: { name: 'underwriter', permissions: [], description: '' } });
    assert.equal(duplicate.status, 409);
    const change = { version: 1, name: 'underwriter', description: 'v2', addPermissions: ['policies.write'], removePermissions: ['policies.read'] };
    const v2 = await tessera.ok('PATCH', `/auth/roles/${role.locator}`, { token: admin, json: change });
    assert.equal(v2.version, 2);
    assert.deepEqual(v2.permissions, ['quotes.*', 'policies.write']);
    const stale = await tessera.request('PATCH', `/auth/roles/${role.locator}`, { token: admin, json: change });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'version_conflict');
    const list = await tessera.ok('GET', '/auth/roles/list', { token: admin });
    assert.deepEqual(list.items.filter((r) => r.builtIn).map((r) => r.name).sort(), ['admin', 'read-only']);
    assert.ok(list.items.some((r) => r.locator === role.locator));
    const page = await tessera.ok('GET', '/auth/roles/list?offset=1&count=1', { token: admin });
    assert.equal(page.items.length, 1);
    assert.equal(page.listCompleted, false);
    assert.equal((await tessera.request('GET', '/auth/roles/list?count=0', { token: admin })).status, 400);
    assert.equal((await tessera.request('GET', '/auth/roles/list?offset=-1', { token: admin })).status, 400);
    const catalogue = await tessera.ok('GET', '/auth/roles/permissions', { token: admin });
    assert.equal(catalogue.length, 261);
    assert.ok(catalogue.includes('quotes.write'));
    assert.equal((await tessera.request('DELETE', `/auth/roles/${role.locator}`, { token: admin })).status, 200);
    assert.equal((await tessera.request('GET', `/auth/roles/${role.locator}`, { token: admin })).status, 404);
  });

  it('ROLE-3: built-in roles are read-only; read-only grants read and list only', async () => {
    const list = await tessera.ok('GET', '/auth/roles/list', { token: admin });
    const adminRole = list.items.find((r) => r.name === 'admin');
    const readOnly = list.items.find((r) => r.name === 'read-only');
    assert.deepEqual(adminRole.permissions, ['*.*']);
    assert.ok(readOnly.permissions.every((p) => /\.(read|list)$/.test(p)));
    const edit = await tessera.request('PATCH', `/auth/roles/${adminRole.locator}`, { token: admin, json: { version: 1, name: 'admin', description: '', addPermissions: [], removePermissions: [] } });
    assert.equal(edit.status, 403);
    assert.equal((await tessera.request('DELETE', `/auth/roles/${readOnly.locator}`, { token: admin })).status, 403);
    await tessera.createUser(admin, 'reader@example.com', { roles: ['read-only'] });
    const reader = await tessera.loginToken('reader@example.com', 'User-Passw0rd-Long!');
    assert.equal((await tessera.check(reader, 'quotes.read')).status, 200);
    assert.equal((await tessera.check(reader, 'quotes.write')).status, 403);
    assert.equal((await tessera.request('GET', '/auth/users/list', { token: reader })).status, 200);
    assert.equal((await tessera.request('POST', '/auth/roles', { token: reader, json: { name: 'r', permissions: [], description: '' } })).status, 403);
  });

  it('ROLE-4: a non-admin manages roles and users only within its own permissions; only admins assign admin', async () => {
    const managerRole = await tessera.createRole(admin, 'user-manager', ['users.*', 'roles.*', 'quotes.read']);
    await tessera.createUser(admin, 'manager@example.com', { roles: [managerRole.name], tenants: ['type:test'] });
    const manager = await tessera.loginToken('manager@example.com', 'User-Passw0rd-Long!');
    const tooMuch = await tessera.request('POST', '/auth/roles', { token: manager, json: { name: 'escalate', permissions: ['quotes.read', 'quotes.write', 'policies.*'], description: '' } });
    assert.equal(tooMuch.status, 400);
    assert.equal(tooMuch.body.code, 'permission_not_held');
    assert.deepEqual(tooMuch.body.invalidEntries, ['quotes.write', 'policies.*']);
    const fine = await tessera.request('POST', '/auth/roles', { token: manager, json: { name: 'quote-reader', permissions: ['quotes.read'], description: '' } });
    assert.equal(fine.status, 200);
    const asAdmin = await tessera.request('POST', '/auth/users', { token: manager, json: { userName: 'sneaky@example.com', firstName: 'S', lastName: 'N', roles: ['admin'], password: 'User-Passw0rd-Long!' } });
    assert.equal(asAdmin.status, 400);
    assert.deepEqual(asAdmin.body.invalidEntries, ['admin']);
    const prod = (await tessera.createTenant(admin, 'prod-only', 'production')).locator;
    const outOfScope = await tessera.request('POST', '/auth/users', { token: manager, json: { userName: 'scoped@example.com', firstName: 'S', lastName: 'N', tenants: [prod, 'any'], password: 'User-Passw0rd-Long!' } });
    assert.equal(outOfScope.status, 400);
    assert.equal(outOfScope.body.code, 'tenant_not_held');
    assert.deepEqual(outOfScope.body.invalidEntries, [prod, 'any']);
    const created = await tessera.request('POST', '/auth/users', { token: manager, json: { userName: 'ok@example.com', firstName: 'O', lastName: 'K', roles: ['quote-reader'], tenants: ['type:test'], password: 'User-Passw0rd-Long!' } });
    assert.equal(created.status, 200, created.text);
    const adminMe = await tessera.ok('GET', '/auth/users/whoami', { token: admin });
    // USR-2: an admin is changed by admins only, before any role is looked at.
    const demote = await tessera.request('PATCH', `/auth/users/${adminMe.locator}/roles`, { token: manager, json: { addRoles: [], removeRoles: ['admin'] } });
    assert.equal(demote.status, 403);
    assert.equal(demote.body.code, 'user_beyond_your_rights');
  });

  it('USR-1: create, get, find by name, list, update, enable, delete users, with clear errors', async () => {
    const tenant = (await tessera.createTenant(admin, 'users-tenant')).locator;
    const user = await tessera.createUser(admin, 'Alice@Example.com', { roles: ['read-only'], tenants: [tenant] });
    assert.equal(user.userName, 'Alice@Example.com');
    assert.deepEqual(user.roles, ['read-only']);
    assert.deepEqual(user.tenants, [tenant]);
    assert.equal(user.serviceAccount, false);
    assert.ok(user.permissions.includes('quotes.read'));
    assert.equal(user.password, undefined);
    assert.equal((await tessera.ok('GET', `/auth/users/${user.locator}`, { token: admin })).locator, user.locator);
    const byName = await tessera.ok('GET', '/auth/users/username/alice@example.com', { token: admin });
    // A path parameter is matched decoded: %40 is @, as a client's URL encoder writes it.
    assert.deepEqual(await tessera.ok('GET', '/auth/users/username/alice%40example.com', { token: admin }), byName);
    assert.deepEqual(byName.map((u) => u.locator), [user.locator], 'user names are case-insensitive');
    const dupe = await tessera.request('POST', '/auth/users', { token: admin, json: { userName: 'ALICE@example.com', firstName: 'A', lastName: 'B' } });
    assert.equal(dupe.status, 409);
    const badRequests = [
      [{ userName: 'not-an-email', firstName: 'A', lastName: 'B' }, 'invalid_request'],
      [{ userName: 'x@example.com', firstName: 'A' }, 'invalid_request'],
      [{ userName: 'x@example.com', firstName: 'A', lastName: 'B', roles: ['no-such-role'] }, 'invalid_request'],
      [{ userName: 'x@example.com', firstName: 'A', lastName: 'B', tenants: ['00000000-0000-4000-8000-000000000000'] }, 'unknown_tenant'],
      [{ userName: 'x@example.com', firstName: 'A', lastName: 'B', password: 'short' }, 'invalid_request'],
      [{ userName: 'x@example.com', firstName: 'A', lastName: 'B', permissions: ['quotes.read'] }, 'invalid_request'],
    ];
    for (const [json, code] of badRequests) {
      const response = await tessera.request('POST', '/auth/users', { token: admin, json });
      assert.equal(response.status, 400, JSON.stringify(json));
      assert.equal(response.body.code, code);
    }
    const weak = await tessera.request('POST', '/auth/users', { token: admin, json: { userName: 'x@example.com', firstName: 'A', lastName: 'B', password: 'alllowercaseletters' } });
    assert.ok(weak.body.invalidEntries.length >= 3, 'each policy violation is named');

    const list = await tessera.ok('GET', '/auth/users/list', { token: admin });
    assert.ok(list.items.some((u) => u.locator === user.locator));
    const basic = await tessera.ok('GET', '/auth/users/basic/list', { token: admin });
    assert.deepEqual(Object.keys(basic.items[0]).sort(), ['firstName', 'lastName', 'locator', 'userName']);

    const updated = await tessera.ok('PATCH', `/auth/users/${user.locator}`, { token: admin, json: { firstName: 'Alicia', lastName: 'Smith', tenants: [tenant, 'type:test'], email: 'alicia@example.com' } });
    assert.equal(updated.firstName, 'Alicia');
    assert.deepEqual(updated.tenants, [tenant, 'type:test']);
    const withPermissions = await tessera.request('PATCH', `/auth/users/${user.locator}`, { token: admin, json: { firstName: 'A', lastName: 'B', tenants: [], permissions: ['quotes.read'] } });
    assert.equal(withPermissions.status, 400);
    assert.equal(withPermissions.body.code, 'invalid_request');
    assert.match(withPermissions.body.detail, /roles/);

    const perms = await tessera.ok('GET', `/auth/users/${user.locator}/permissions`, { token: admin });
    assert.ok(perms.includes('quotes.read'));
    const tenantPerms = await tessera.ok('GET', `/auth/users/${user.locator}/tenant/${tenant}/permissions`, { token: admin });
    assert.deepEqual(tenantPerms, perms);
    const other = (await tessera.createTenant(admin, 'other', 'production')).locator;
    assert.deepEqual(await tessera.ok('GET', `/auth/users/${user.locator}/tenant/${other}/permissions`, { token: admin }), []);

    // Self-service: a session reads itself and edits its names only.
    const alice = await tessera.loginToken('alice@example.com', 'User-Passw0rd-Long!');
    assert.equal((await tessera.request('GET', `/auth/users/${user.locator}`, { token: alice })).status, 200);
    const selfEdit = await tessera.request('PATCH', `/auth/users/${user.locator}`, { token: alice, json: { firstName: 'Ali', lastName: 'Smith', tenants: [tenant, 'type:test'] } });
    assert.equal(selfEdit.status, 200, selfEdit.text);
    const selfEscalate = await tessera.request('PATCH', `/auth/users/${user.locator}`, { token: alice, json: { firstName: 'Ali', lastName: 'Smith', tenants: ['any'] } });
    assert.equal(selfEscalate.status, 403);
    const adminMe = await tessera.ok('GET', '/auth/users/whoami', { token: admin });
    assert.equal((await tessera.request('GET', `/auth/users/${adminMe.locator}`, { token: alice })).status, 200, 'read-only holds users.read');

    // A user created without a password is disabled until enabled.
    const sso = await tessera.ok('POST', '/auth/users', { token: admin, json: { userName: 'sso@example.com', firstName: 'S', lastName: 'O' } });
    assert.equal(sso.enabled, false);
    const enabled = await tessera.ok('PATCH', `/auth/users/${sso.locator}/enable`, { token: admin });
    assert.equal(enabled.enabled, true);
    const preEnabled = await tessera.ok('POST', '/auth/users?enableUser=true', { token: admin, json: { userName: 'sso2@example.com', firstName: 'S', lastName: 'O' } });
    assert.equal(preEnabled.enabled, true);

    assert.equal((await tessera.request('DELETE', `/auth/users/${adminMe.locator}`, { token: admin })).status, 409, 'no self-deletion');
    assert.equal((await tessera.request('DELETE', `/auth/users/${user.locator}`, { token: admin })).status, 200);
    assert.equal((await tessera.request('GET', `/auth/users/${user.locator}`, { token: admin })).status, 404);
  });

  it('whoami describes the session caller', async () => {
    const me = await tessera.ok('GET', '/auth/users/whoami', { token: admin });
    assert.equal(me.userName, ADMIN_USER);
    assert.deepEqual(me.roles, ['admin']);
    assert.equal(me.authentication.method, 'jwt');
  });

  it('docs/api.md, errors: unknown endpoints are 404, wrong methods 405 with Allow, never 500', async () => {
    const unknown = await tessera.request('GET', '/auth/nothing/here', { token: admin });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('content-type'), 'application/problem+json');
    const wrong = await tessera.request('DELETE', '/auth/tenants/mytenants/list', { token: admin });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
    const encoded = await tessera.request('GET', '/auth/users/%zz', { token: admin });
    assert.ok(encoded.status === 404 || encoded.status === 400, String(encoded.status));
  });

  it('USR-1: the users list pages with offset and count, each page in a stable order', async () => {
    for (let i = 0; i < 5; i++) await tessera.createUser(admin, `paged-${i}@example.com`);
    const all = await tessera.ok('GET', '/auth/users/list?count=1000', { token: admin });
    assert.equal(all.listCompleted, true);
    assert.ok(all.items.length >= 6);
    const walked = [];
    let completed = false;
    for (let offset = 0; offset <= all.items.length && !completed; offset += 2) {
      const page = await tessera.ok('GET', `/auth/users/list?offset=${offset}&count=2`, { token: admin });
      assert.ok(page.items.length <= 2);
      walked.push(...page.items.map((u) => u.locator));
      completed = page.listCompleted;
    }
    assert.ok(completed, 'the last page says the list is complete');
    assert.deepEqual(walked, all.items.map((u) => u.locator), 'the pages end, together, in the full list');
    const beyond = await tessera.ok('GET', `/auth/users/list?offset=${all.items.length}`, { token: admin });
    assert.deepEqual(beyond, { listCompleted: true, items: [], totalCount: all.items.length });
    const refused = await tessera.request('GET', '/auth/users/list?count=1001', { token: admin });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'invalid_request');
  });
  it('USR-1: search (extension) keeps users whose user name, names or email contain it, before paging, with the total', async () => {
    const make = (userName, firstName, lastName, email) => tessera.ok('POST', '/auth/users?enableUser=true', { token: admin, json: { userName, firstName, lastName, email } });
    await make('s.one@search.example', 'Marguerite', 'Oak', 'one@mail.example');
    await make('s.two@search.example', 'Bob', 'MARGUERITTE', 'two@mail.example');
    await make('s.three@elsewhere.example', 'Carl', 'Pine', 'marguerite@mail.example');
    await make('s.four@elsewhere.example', 'Dora', 'Fir', 'four@mail.example');
    const search = (query) => tessera.ok('GET', `/auth/users/list?${query}`, { token: admin });
    const names = (list) => list.items.map((u) => u.userName);
    const everyone = await search('count=1000');
    assert.equal(everyone.totalCount, everyone.items.length, 'no search: the total is every user');
    const marg = await search('search=MARGUER');
    const order = names(marg); // the full list's order (by creation time, then locator)
    assert.deepEqual([...order].sort(), ['s.one@search.example', 's.three@elsewhere.example', 's.two@search.example'], 'first name, last name, email; case-insensitive');
    assert.deepEqual(order, names(everyone).filter((name) => order.includes(name)), 'in the full list\'s order');
    assert.deepEqual([marg.totalCount, marg.listCompleted], [3, true]);
    assert.deepEqual(names(await search('search=search.example')).sort(), ['s.one@search.example', 's.two@search.example'], 'user name');
    const page = await search('search=marguer&offset=1&count=1');
    assert.deepEqual([names(page), page.totalCount, page.listCompleted], [[order[1]], 3, false], 'paged after the search');
    const last = await search('search=marguer&offset=2&count=1');
    assert.deepEqual([names(last), last.listCompleted], [[order[2]], true]);
    assert.deepEqual(await search('search=no-such-user'), { listCompleted: true, items: [], totalCount: 0 });
    assert.deepEqual(names(await search('search=%20oak')), [], 'the term is taken as given');
    assert.equal((await search('search=')).totalCount, everyone.totalCount, 'an empty search is no search');
    const basic = await tessera.ok('GET', '/auth/users/basic/list?search=fir', { token: admin });
    assert.deepEqual(basic, { listCompleted: true, totalCount: 1, items: [{ locator: basic.items[0].locator, userName: 's.four@elsewhere.example', firstName: 'Dora', lastName: 'Fir' }] });
    const long = await tessera.request('GET', `/auth/users/list?search=${'x'.repeat(255)}`, { token: admin });
    assert.equal(long.status, 400);
    assert.deepEqual([long.body.code, long.body.invalidEntries], ['invalid_request', ['search']]);
    assert.equal((await tessera.request('GET', '/auth/users/list?search=%zz', { token: admin })).status, 400, 'a malformed query string');
  });
});
