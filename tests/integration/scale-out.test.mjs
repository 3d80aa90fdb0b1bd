// Several instances on one PostgreSQL (issue 11): real tessera processes sharing a database
// that scripts/with-postgres started, with one master key. Each change made on one instance is
// enforced by the other within 1 s (printed: the measured propagation times).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { BIN, Tessera } from './harness.mjs';

const run = promisify(execFile);
const ADMIN = process.env.TESSERA_TEST_POSTGRES;

// Waits until `probe` holds, at most `ms`; returns how long it took.
async function within(ms, probe) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await probe()) return Date.now() - started;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  throw new Error(`not within ${ms} ms`);
}

// A session started on one instance reaches the others through the change log (today a poll
// every 250 ms): wait for it before using the token there.
const seenBy = (instance, token) =>
  within(1000, async () => (await instance.request('GET', '/auth/users/whoami', { token })).status === 200);

describe('several instances on one PostgreSQL', () => {
  let a, b, keyDir, url, database, admin;
  before(async () => {
    assert.ok(ADMIN, 'TESSERA_TEST_POSTGRES is set (scripts/with-postgres)');
    database = `scale_${process.pid}`;
    await run('psql', [ADMIN, '-qc', `CREATE DATABASE ${database}`]);
    url = ADMIN.replace(/\/[^/]*$/, `/${database}`);
    keyDir = mkdtempSync(join(tmpdir(), 'tessera-key-'));
    const key = join(keyDir, 'master-key');
    await run(BIN, ['admin', 'generate-master-key', key]);
        // Behind one load balancer every instance has the same public URL (the JWTs' issuer).
    const args = ['--store', url, '--master-key-file', key, '--public-url', 'http://auth.tessera.test'];
    // Both start at the same moment on the empty database: exactly one initialises it.
    a = new Tessera({ args });
    b = new Tessera({ args });
    await Promise.all([a.start(), b.start()]);
        admin = await a.loginToken();
    await seenBy(b, admin);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    a?.cleanup();
    b?.cleanup();
    rmSync(keyDir, { recursive: true, force: true });
    await run('psql', [ADMIN, '-qc', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
  });

  it('the store is initialised once; both instances sign and verify alike', async () => {
    const accounts = await run('psql', [url, '-tAc', "SELECT count(*) FROM business_accounts WHERE name = 'default'"]);
    assert.equal(accounts.stdout.trim(), '1');
        const jwtFromB = await b.loginToken();
    const took = await seenBy(a, jwtFromB);
    console.log(`a login on B was accepted by A after ${took} ms`);
    assert.equal((await b.request('GET', '/auth/users/whoami', { token: admin })).status, 200);
  });

  it('a PAT made on A works on B; its deletion on A is enforced on B within 1 s', async () => {
    const tenant = (await a.createTenant(admin, 'shared')).locator;
    await a.createRole(admin, 'scaled', ['quotes.*', 'users.token']);
    await a.createUser(admin, 'scaled@example.com', { roles: ['scaled'], tenants: [tenant] });
    const dev = await a.loginToken('scaled@example.com', 'User-Passw0rd-Long!');
    const times = [];
    for (let i = 0; i < 5; i++) {
      const pat = await a.createPat(dev, { name: `p${i}`, permissions: ['quotes.read'], tenants: [tenant] });
      await within(1000, async () => (await b.check(pat, 'quotes.read', tenant)).status === 200);
      await a.ok('DELETE', `/auth/users/tokens/p${i}`, { token: dev });
      times.push(await within(1000, async () => (await b.check(pat, 'quotes.read', tenant)).status === 401));
    }
    console.log(`PAT deletion on A enforced on B after ${times.join(', ')} ms`);
  });

  it('a disable on B is enforced on A within 1 s; concurrent edits of one user on two instances both survive', async () => {
    const tenantB = (await b.createTenant(admin, 'second')).locator;
    const user = await a.createUser(admin, 'edited@example.com', { roles: ['scaled'] });
        const jwt = await a.loginToken('edited@example.com', 'User-Passw0rd-Long!');
    await seenBy(b, jwt);
    await within(1000, async () => (await b.request('GET', `/auth/users/${user.locator}`, { token: admin })).status === 200);
    const [roles, tenants] = await Promise.all([
      a.request('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: ['read-only'], removeRoles: [] } }),
      b.request('PATCH', `/auth/users/${user.locator}/tenants`, { token: admin, json: { addTenants: [tenantB], removeTenants: [] } }),
    ]);
    assert.equal(roles.status, 200, roles.text);
    assert.equal(tenants.status, 200, tenants.text);
    await within(1000, async () => {
      const seen = await a.ok('GET', `/auth/users/${user.locator}`, { token: admin });
      return seen.roles.includes('read-only') && seen.tenants.includes(tenantB);
    });
    assert.equal((await b.request('PATCH', `/auth/users/${user.locator}/disable`, { token: admin })).status, 200);
    const took = await within(1000, async () => (await a.request('GET', '/auth/users/whoami', { token: jwt })).status === 401);
    console.log(`disable on B enforced on A after ${took} ms`);
  });

  it('PAT-6: creations spread over both instances never exceed the limit', async () => {
    await a.createUser(admin, 'limited@example.com', { roles: ['scaled'] });
        const jwt = await a.loginToken('limited@example.com', 'User-Passw0rd-Long!');
    await seenBy(b, jwt);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      (i % 2 ? a : b).request('POST', '/auth/users/tokens', { token: jwt, json: { name: `l${i}`, permissions: ['quotes.read'], tenants: [] } })));
    const created = answers.filter((r) => r.status === 200).length;
    assert.equal(created, 3, answers.map((r) => r.status).join(','));
    assert.ok(answers.every((r) => r.status === 200 || r.status === 409));
  });

  it('an operator command on the shared store is seen by both running instances', async () => {
    await run(BIN, ['admin', '--store', url, '--master-key-file', join(keyDir, 'master-key'), 'set-pat-limit', '--user', 'limited@example.com', '--limit', '5']);
            const jwt = await a.loginToken('limited@example.com', 'User-Passw0rd-Long!');
    await seenBy(b, jwt);
    for (const instance of [a, b]) {
      await within(1000, async () => {
        const limits = await instance.request('GET', '/auth/users/tokens/limitRequests', { token: jwt });
        return limits.body?.limit === 5;
      });
    }
  });
});
