// The authorization of every route, generated from the route table (served as /openapi.json)
// × every kind of caller (PERM-4, PERM-6, SCOPE-2, USR-2, PAT-4, BA-1). Each route must have a
// row below: a new route without one fails here, so a route cannot ship unauthorized. The walk
// also proves that no route declared memory-only blocks an I/O thread (docs/architecture.md).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { BIN, eventually, startWithAdmin } from './harness.mjs';

const run = promisify(execFile);
const P = 'pass'; // got past authentication and authorization: neither 401 nor 403
const KINDS = ['none', 'otherBa', 'admin', 'user', 'patWith', 'patWithout', 'patBare'];
//  none        no credential
//  otherBa     the admin of another business account (a JWT)
//  admin       the admin (a JWT)
//  user        a plain user's JWT (quotes.read, no tenants)
//  patWith     an admin's PAT with just the route's permission (users.token where it has none)
//  patWithout  an admin's PAT without the route's permission, with users.token
//  patBare     an admin's PAT with quotes.read only (no users.token)
const row = (...outcomes) => Object.fromEntries(KINDS.map((kind, i) => [kind, outcomes[i]]));
const publicRoute = row(P, P, P, P, P, P, P);
const permission = row(401, P, P, 403, P, 403, 403);
const onTenant = row(401, 404, P, 403, P, 403, 403); // SCOPE-2: tenant first, of the caller's BA
const onUser = row(401, 404, P, 403, P, 403, 403); // USR-2: the path's user, of the caller's BA
const anyCaller = row(401, P, P, P, P, P, P);
const ownTokens = row(401, P, P, P, P, P, 403); // PERM-6: a session, or a PAT with users.token
const adminOnly = row(401, P, P, 403, 403, 403, 403); // ROLE-3: admins acting with full rights

const EXPECTED = {
  token: publicRoute, discovery: publicRoute, certs: publicRoute, changePassword: publicRoute,
  listLoginProviders: publicRoute, startSsoLogin: publicRoute, ssoCallback: publicRoute,
  samlMetadata: publicRoute, samlAcs: publicRoute, logout: publicRoute,
  authorizationServerMetadata: publicRoute, revoke: publicRoute,
  // Any caller of this realm: another realm's credential is not valid here (401).
  userinfo: row(401, 401, P, P, P, P, P), userinfoPost: row(401, 401, P, P, P, P, P),

  createAuthToken: row(401, P, P, 403, P, P, 403),
  fetchAuthTokens: ownTokens, fetchAuthToken: ownTokens, deleteAuthToken: ownTokens,
  updateAuthToken: publicRoute, patchAuthToken: publicRoute,
  getGroupedTokenPermissions: anyCaller,
  createServiceAccountAuthToken: row(401, 404, P, 403, 403, 403, 403),
  fetchAuthTokensForUser: onUser, deleteAuthTokenForUser: onUser,
  updateAuthTokenForUser: publicRoute, patchAuthTokenForUser: publicRoute,
  fetchGrantableRights: ownTokens, requestTokenLimit: ownTokens, fetchTokenLimitRequests: ownTokens,
  listAccountLimitRequests: permission,
  revokeUserOauthTokens: onUser,

  createUser: permission, fetchMyUserDetails: anyCaller, fetchMultipleUsers: permission,
  fetchMultipleBasicUsers: permission, fetchUserByName: permission,
  fetchUserByLocator: onUser, updateUser: onUser, updateUserRoles: onUser,
  updateUserTenantAssignments: onUser, enableUser: onUser, disableUser: onUser, deleteUser: onUser,
  fetchUserPermissions: onUser, fetchUserTenantPermissions: onTenant,
  resetUserPassword: onUser, removeCredentials: onUser, fetchCredentialStatus: onUser,

  addOIDCIdentityProvider: adminOnly, addSAMLIdentityProvider: adminOnly,
  fetchIdentityProviders: permission, fetchIdentityProviderByName: permission,
  deleteIdentityServerInstance: adminOnly,
  fetchPasswordPolicy: permission, updatePasswordPolicy: permission,
  fetchTokenPolicy: permission, updateTokenPolicy: permission,
  listEvents: permission,
  // AUD-2: managing where notifications go is for admins; reading endpoints and their log is a
  // permission (auth-webhooks.read/list).
  createWebhookEndpoint: adminOnly, deleteWebhookEndpoint: adminOnly, rotateWebhookSecret: adminOnly,
  enableWebhookEndpoint: adminOnly, testWebhookEndpoint: adminOnly,
  listWebhookEndpoints: permission, getWebhookEndpoint: permission, listWebhookDeliveries: permission,

  createRole: permission, fetchMultipleRoles: permission, fetchAvailablePermissions: permission,
  getRole: onUser, updateRole: permission, deleteRole: onUser, // the role of another BA is 404
  listTenantRoles: onTenant, getTenantRole: onTenant, createTenantRole: onTenant,
  updateTenantRole: onTenant, deleteTenantRole: onTenant,

  fetchMyTenants: anyCaller, fetchTenants: permission, createTenant: permission,
  fetchTenant: onTenant, updateTenant: onTenant, retireTenant: onTenant,

  revokeLeakedTokens: publicRoute, introspect: permission,
  check: anyCaller, checkAuthenticated: anyCaller,
  console: publicRoute, consoleAsset: publicRoute, healthz: publicRoute, openapi: publicRoute,
  metrics: publicRoute, readyz: publicRoute,
};

describe('every route × every kind of caller', () => {
  let tessera, admin, routes;
  const credentials = {};
  const otherLogin = () => tessera.request('POST', '/auth/realms/other/protocol/openid-connect/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: 'boss@other.example', password: 'Other-Admin-Passw0rd-1!' }).toString(),
  });
  const sessions = [
    ['admin', () => tessera.loginToken()],
    ['user', () => tessera.loginToken('plain@example.com', 'User-Passw0rd-Long!')],
    ['otherBa', async () => (await otherLogin()).body.access_token],
  ];

  before(async () => {
    ({ tessera, admin } = await startWithAdmin());
    const document = await tessera.ok('GET', '/openapi.json');
    routes = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const content = operation.requestBody?.content ?? {};
        routes.push({ method: method.toUpperCase(), path, operation, form: 'application/x-www-form-urlencoded' in content, json: 'application/json' in content });
      }
    }
    await run(BIN, ['admin', '--data-dir', tessera.dataDir, 'create-business-account', 'other', '--admin-user', 'boss@other.example'], {
      env: { ...process.env, TESSERA_ADMIN_PASSWORD: 'Other-Admin-Passw0rd-1!' },
    });
    // The running server picks the operator's change up from the change log (within a second).
    await eventually(async () => (credentials.otherBa = (await otherLogin()).body?.access_token), { interval: 50, what: 'the other business account to log in' });
    await tessera.createRole(admin, 'plain', ['quotes.read']);
    await tessera.createUser(admin, 'plain@example.com', { roles: ['plain'] });
    credentials.user = await tessera.loginToken('plain@example.com', 'User-Passw0rd-Long!');
    credentials.admin = admin;
    credentials.patWithout = await tessera.createPat(admin, { name: 'without', permissions: ['quotes.read', 'users.token'], tenants: ['any'] });
    credentials.patBare = await tessera.createPat(admin, { name: 'bare', permissions: ['quotes.read'], tenants: ['any'] });
  });
  after(() => tessera?.stopAndCleanup());

  it('PERM-4: every route has an expected row, and every row a route', () => {
    const ids = routes.map((r) => r.operation.operationId);
    assert.deepEqual(ids.filter((id) => !(id in EXPECTED)), [], 'routes without an authorization row');
    assert.deepEqual(Object.keys(EXPECTED).filter((id) => !ids.includes(id)), [], 'rows without a route');
  });

  it('PERM-4, PERM-6, SCOPE-2, USR-2, PAT-4, BA-1: each kind of caller gets what the table says', async () => {
    const failures = [];
    let fixture = 0;
    for (const route of routes) {
      const id = route.operation.operationId;
      const expected = EXPECTED[id];
      if (!expected) continue;
      // Fresh targets for every route: a destructive route passed by one caller leaves the next
      // route's targets intact. The victim holds nothing, so USR-2 lets anyone with the
      // permission act on it.
      fixture++;
      const tenant = (await tessera.createTenant(admin, `walk-${fixture}`)).locator;
      const role = await tessera.createRole(admin, `walk-${fixture}`, ['quotes.read']);
      const victim = await tessera.ok('POST', '/auth/users', { token: admin, json: { userName: `victim${fixture}@example.com`, firstName: 'V', lastName: 'W' } });
      const values = {
        ba: 'default', id: 'no-such-provider', name: 'no-such-provider', tokenOrName: 'no-such-token',
        username: victim.userName, userLocator: victim.locator, tenantLocator: tenant, roleLocator: role.locator, file: 'app.js',
        locator: route.path.startsWith('/auth/roles/') ? role.locator : route.path.startsWith('/auth/tenants/') ? tenant : victim.locator,
      };
      const path = route.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(values[name]));
      const needs = route.operation['x-securityPermission']?.filter((a) => a !== 'custom') ?? [];
      const group = route.operation['x-securityGroup'];
      const granted = needs.length ? [`${group}.${needs[0]}`] : ['users.token'];
      credentials.patWith = await tessera.createPat(admin, { name: `with-${fixture}`, permissions: granted, tenants: ['any'] });
      // Refusals first, then the callers that pass (and may consume the targets).
      for (const kind of ['none', 'otherBa', 'user', 'patWithout', 'patBare', 'patWith', 'admin']) {
        const options = { token: credentials[kind] };
        if (route.json) options.json = {};
        if (route.form) {
          options.headers = { 'content-type': 'application/x-www-form-urlencoded' };
          options.body = '';
        }
        const answer = await tessera.request(route.method, path, options);
        const outcome = answer.status === 401 || answer.status === 403 || (answer.status === 404 && expected[kind] === 404) ? answer.status : P;
        if (outcome !== expected[kind]) failures.push(`${id} (${route.method} ${route.path}) as ${kind}: expected ${expected[kind]}, got ${answer.status} ${answer.text.slice(0, 160)}`);
        if (answer.status === 500) failures.push(`${id} as ${kind}: 500`);
      }
      // The logout route, passed a session's bearer, ends it: log in again where it did.
      for (const [kind, login] of sessions) {
        if ((await tessera.checkAuthenticated(credentials[kind])).status === 401) credentials[kind] = await login();
      }
      admin = credentials.admin;
      await tessera.ok('DELETE', `/auth/users/tokens/with-${fixture}`, { token: admin });
    }
    assert.deepEqual(failures, []);
  });

  it('docs/architecture.md: no route declared memory-only blocked an I/O thread during the walk', async () => {
    const metrics = await tessera.request('GET', '/metrics');
    const line = metrics.text.split('\n').find((l) => l.startsWith('tessera_io_thread_blocking_total '));
    assert.equal(line, 'tessera_io_thread_blocking_total 0', tessera.output.split('\n').filter((l) => l.includes('I/O thread')).join('\n'));
  });
});
