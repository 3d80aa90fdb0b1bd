// HTTP/1.1 helpers shared by the benchmark clients (scale-out.mjs, pat-creations.mjs). Node 20 and
// the standard library only; every request goes through a keep-alive agent.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export const ADMIN_USER = 'admin@tessera.local';
export const USER_PASSWORD = 'Bench-User-Passw0rd-Long!';

const sharedAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });

// One request; `at` is performance.now() when the response head arrived.
export function request(base, method, path, { token, json, form, headers = {}, agent = sharedAgent } = {}) {
  return new Promise((ok, fail) => {
    const head = { ...headers };
    let body;
    if (token) head.authorization = `Bearer ${token}`;
    if (json !== undefined) {
      body = JSON.stringify(json);
      head['content-type'] = 'application/json';
    } else if (form !== undefined) {
      body = new URLSearchParams(form).toString();
      head['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (body !== undefined) head['content-length'] = Buffer.byteLength(body);
    const outgoing = http.request(new URL(path, base), { method, headers: head, agent }, (response) => {
      const at = performance.now();
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        ok({ status: response.statusCode, body: parsed, text, at });
      });
    });
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}

// A request that must succeed (2xx); its parsed body.
export async function ok(base, method, path, options) {
  const response = await request(base, method, path, options);
  if (response.status < 200 || response.status > 299)
    throw new Error(`${method} ${base}${path}: ${response.status} ${response.text}`);
  return response.body;
}

// A password login; the access token.
export async function login(base, userName, password) {
  const body = await ok(base, 'POST', '/auth/realms/default/protocol/openid-connect/token', {
    form: { grant_type: 'password', username: userName, password },
  });
  return body.access_token;
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// Polls `probe` every 10 ms until it holds, at most `ms`.
export async function eventually(ms, what, probe) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(10);
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}

// On BASE, as ADMIN_TOKEN: a tenant and a role (ROLE) with quotes.* and users.token (so that its
// holders may create PATs), then one user per name in USER_NAMES with that role on the tenant.
// Returns the tenant's locator.
export async function createBenchUsers(base, adminToken, role, userNames) {
  const tenant = (await ok(base, 'POST', '/auth/tenants', {
    token: adminToken,
    json: { name: role, type: 'test', description: 'benchmark tenant' },
  })).locator;
  await ok(base, 'POST', '/auth/roles', {
    token: adminToken,
    json: { name: role, permissions: ['quotes.*', 'users.token'], description: 'benchmark role' },
  });
  for (const userName of userNames) {
    await ok(base, 'POST', '/auth/users', {
      token: adminToken,
      json: { userName, firstName: 'Bench', lastName: 'User', password: USER_PASSWORD, roles: [role], tenants: [tenant] },
    });
  }
  return tenant;
}

// Waits until BASE enforces PAT limit LIMIT (raised by `tessera admin set-pat-limit` on the store)
// for the user holding JWT.
export async function awaitPatLimit(base, jwt, limit) {
  await eventually(5000, `PAT limit ${limit} on ${base}`, async () =>
    (await request(base, 'GET', '/auth/users/tokens/limitRequests', { token: jwt })).body?.limit === limit);
}

// Runs one loop per entry of LOOPS ({ jwt, name }) until `stopping()` holds: each creates the PAT
// NAME (PERMISSION on TENANT) with the user's JWT and deletes it again, so that a loop never holds
// more than one PAT. Returns { created, deleted, failed }.
export async function createDeleteLoops(base, loops, permission, tenant, stopping) {
  const counts = { created: 0, deleted: 0, failed: 0 };
  const loop = async ({ jwt, name }) => {
    while (!stopping()) {
      const made = await request(base, 'POST', '/auth/users/tokens', {
        token: jwt,
        json: { name, permissions: [permission], tenants: [tenant] },
      });
      if (made.status === 200) counts.created++;
      else counts.failed++;
      // Deleted even when stopping, so that the next round starts without it.
      const removed = await request(base, 'DELETE', `/auth/users/tokens/${name}`, { token: jwt });
      if (removed.status >= 200 && removed.status <= 299) counts.deleted++;
      else if (made.status === 200) counts.failed++;
    }
  };
  await Promise.all(loops.map(loop));
  return counts;
}
