// Several instances on one PostgreSQL (issue 11): real tessera processes sharing a database
// that scripts/with-postgres started, with one master key. Each change made on one instance is
// enforced by the other within 1 s (printed: the measured propagation times).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { BIN, Tessera, assertStoreConsistent, eventually } from './harness.mjs';
import { postgresDeployment } from './postgres.mjs';

const run = promisify(execFile);

// Waits until `condition` holds, at most `ms` (polled every 10 ms: the times printed are
// propagation times); returns how long it took.
const within = (ms, what, condition) => eventually(condition, { timeout: ms, interval: 10, what });

// A session started on one instance reaches the others through the change log (a notification,
// then a read of the log): wait for it before using the token there.
const percentile = (values, p) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// The throwaway server of scripts/with-postgres, stopped and started as its owner.
const pgCtl = (...args) =>
  run('runuser', ['-u', 'postgres', '--', join(process.env.TESSERA_TEST_POSTGRES_BIN, 'pg_ctl'),
    '-D', process.env.TESSERA_TEST_POSTGRES_DATA, ...args], { cwd: process.env.TESSERA_TEST_POSTGRES_DATA });

const seenBy = (instance, token) =>
  within(1000, 'the session on the other instance', async () => (await instance.request('GET', '/auth/users/whoami', { token })).status === 200);

describe('several instances on one PostgreSQL', () => {
  let a, b, keyDir, url, deployment, admin, args;
  before(async () => {
    deployment = await postgresDeployment('scale');
    ({ url, keyDir } = deployment);
    // Behind one load balancer every instance has the same public URL (the JWTs' issuer).
    args = [...deployment.args, '--public-url', 'http://auth.tessera.test'];
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
    await deployment?.remove();
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
      await within(1000, 'B to accept the PAT', async () => (await b.check(pat, 'quotes.read', tenant)).status === 200);
      await a.ok('DELETE', `/auth/users/tokens/p${i}`, { token: dev });
      times.push(await within(1000, 'B to reject the deleted PAT', async () => (await b.check(pat, 'quotes.read', tenant)).status === 401));
    }
    console.log(`PAT deletion on A enforced on B after ${times.join(', ')} ms`);
  });

  it('a disable on B is enforced on A within 1 s; concurrent edits of one user on two instances both survive', async () => {
    const tenantB = (await b.createTenant(admin, 'second')).locator;
    const user = await a.createUser(admin, 'edited@example.com', { roles: ['scaled'] });
    const jwt = await a.loginToken('edited@example.com', 'User-Passw0rd-Long!');
    await seenBy(b, jwt);
    await within(1000, 'B to know the user', async () => (await b.request('GET', `/auth/users/${user.locator}`, { token: admin })).status === 200);
    const [roles, tenants] = await Promise.all([
      a.request('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: ['read-only'], removeRoles: [] } }),
      b.request('PATCH', `/auth/users/${user.locator}/tenants`, { token: admin, json: { addTenants: [tenantB], removeTenants: [] } }),
    ]);
    assert.equal(roles.status, 200, roles.text);
    assert.equal(tenants.status, 200, tenants.text);
    await within(1000, 'A to see both edits', async () => {
      const seen = await a.ok('GET', `/auth/users/${user.locator}`, { token: admin });
      return seen.roles.includes('read-only') && seen.tenants.includes(tenantB);
    });
    assert.equal((await b.request('PATCH', `/auth/users/${user.locator}/disable`, { token: admin })).status, 200);
    const took = await within(1000, 'A to reject the disabled user\'s session', async () => (await a.request('GET', '/auth/users/whoami', { token: jwt })).status === 401);
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
      await within(1000, 'the new PAT limit on both instances', async () => {
        const limits = await instance.request('GET', '/auth/users/tokens/limitRequests', { token: jwt });
        return limits.body?.limit === 5;
      });
    }
  });

  it('revocations on one instance are enforced on the other within 1 s: role removal, logout', async () => {
    const tenant = (await a.createTenant(admin, 'revoked')).locator;
    const user = await a.createUser(admin, 'revoked@example.com', { roles: ['scaled'], tenants: [tenant] });
    const session = await a.login('revoked@example.com', 'User-Passw0rd-Long!');
    await seenBy(b, session.access_token);
    const pat = await a.createPat(session.access_token, { name: 'r1', permissions: ['quotes.read'], tenants: [tenant] });
    await within(1000, 'B to accept the PAT', async () => (await b.check(pat, 'quotes.read', tenant)).status === 200);
    // PAT-4: a PAT never does more than its owner can do now; removing the role ends it.
    await a.ok('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: [], removeRoles: ['scaled'] } });
    const roleTook = await within(1000, 'B to refuse the PAT without the role', async () => (await b.check(pat, 'quotes.read', tenant)).status === 403);
    await a.ok('PATCH', `/auth/users/${user.locator}/roles`, { token: admin, json: { addRoles: ['scaled'], removeRoles: [] } });
    await within(1000, 'B to accept the PAT with the role back', async () => (await b.check(pat, 'quotes.read', tenant)).status === 200);
    const logout = await a.request('POST', '/auth/realms/default/protocol/openid-connect/logout', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ refresh_token: session.refresh_token }).toString(),
    });
    assert.ok([200, 204].includes(logout.status), logout.text);
    const logoutTook = await within(1000, 'B to reject the logged-out session', async () => (await b.request('GET', '/auth/users/whoami', { token: session.access_token })).status === 401);
    console.log(`role removal on A enforced on B after ${roleTook} ms; logout after ${logoutTook} ms`);
  });

  it('JWT-3: five failed logins spread over both instances lock the user on both', async () => {
    await a.createUser(admin, 'guessed@example.com', { roles: ['scaled'] });
    const attempt = (instance, password) => instance.request('POST', '/auth/realms/default/protocol/openid-connect/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'guessed@example.com', password }).toString(),
    });
    await within(1000, 'B to know the user', async () => (await attempt(b, 'User-Passw0rd-Long!')).status === 200);
    for (let i = 0; i < 5; i++) assert.equal((await attempt(i % 2 ? b : a, `wrong-${i}`)).status, 400);
    for (const instance of [a, b]) {
      const locked = await attempt(instance, 'User-Passw0rd-Long!');
      assert.equal(locked.status, 429, locked.text);
    }
  });

  it('over 100 PAT deletions on A, each enforced on B (propagation p50/p99 printed)', async () => {
    await a.createUser(admin, 'many@example.com', { roles: ['scaled'] });
    const jwt = await a.loginToken('many@example.com', 'User-Passw0rd-Long!');
    await seenBy(b, jwt);
    const pats = [];
    for (let i = 0; i < 100; i++) {
      const made = await a.request('POST', '/auth/users/tokens', { token: jwt, json: { name: `m${i}`, permissions: ['quotes.read'], tenants: [] } });
      if (made.status !== 200) break;  // PAT-6: the user's limit bounds how many exist at once
      pats.push([`m${i}`, made.body]);
    }
    assert.ok(pats.length >= 3, 'some PATs were made');
    const times = [];
    for (let round = 0; times.length < 100; round++) {
      for (const [name, pat] of pats) {
        await within(1000, 'B to accept the PAT', async () => (await b.checkAuthenticated(pat)).status === 200);
        await a.ok('DELETE', `/auth/users/tokens/${name}`, { token: jwt });
        times.push(await within(1000, 'B to reject the deleted PAT', async () => (await b.checkAuthenticated(pat)).status === 401));
      }
      // Make them again for the next round.
      for (const entry of pats) {
        const made = await a.request('POST', '/auth/users/tokens', { token: jwt, json: { name: entry[0], permissions: ['quotes.read'], tenants: [] } });
        assert.equal(made.status, 200, made.text);
        entry[1] = made.body;
      }
    }
    console.log(`PAT deletion propagation over ${times.length}: p50 ${percentile(times, 50)} ms, p99 ${percentile(times, 99)} ms, max ${Math.max(...times)} ms`);
    assert.ok(Math.max(...times) <= 1000);
  });

  it('kill -9 of an instance during a write storm loses no acknowledged write; the others keep serving', async () => {
    const c = new Tessera({ args });
    await c.start();
    const checker = await a.createPat(admin, { name: 'storm-check', permissions: ['quotes.read'], tenants: ['any'] });
    await within(1000, 'B to accept the PAT', async () => (await b.check(checker, 'quotes.read')).status === 200);
    const acknowledged = [];
    let stop = false;
    const storm = Array.from({ length: 4 }, async (_, lane) => {
      for (let i = 0; !stop; i++) {
        try {
          const made = await c.request('POST', '/auth/tenants', { token: admin, json: { name: `storm-${lane}-${i}`, type: 'test', description: 'storm' } });
          if (made.status === 200 || made.status === 201) acknowledged.push(made.body.locator);
        } catch {
          return;  // the instance is gone
        }
      }
    });
    const answersOfB = [];
    const serving = (async () => {
      while (!stop) answersOfB.push((await b.check(checker, 'quotes.read')).status);
    })();
    await within(5000, '20 acknowledged writes', async () => acknowledged.length >= 20);
    await c.kill9();
    const answeredBefore = answersOfB.length;  // B keeps serving after the kill, too
    await within(2000, '20 answers of B after the kill', async () => answersOfB.length >= answeredBefore + 20);
    stop = true;
    await Promise.all([...storm, serving]);
    assert.ok(answersOfB.length > 0 && answersOfB.every((status) => status === 200), `B answered ${[...new Set(answersOfB)]}`);
    c.cleanup();
    // Every acknowledged tenant is committed, and seen by A and B.
    const stored = await run('psql', [url, '-tAc', "SELECT locator FROM tenants WHERE name LIKE 'storm-%'"]);
    const committed = new Set(stored.stdout.trim().split('\n'));
    for (const locator of acknowledged) assert.ok(committed.has(locator), `acknowledged ${locator} was committed`);
    await assertStoreConsistent(deployment.args);
    for (const instance of [a, b]) {
      await within(1000, 'every acknowledged tenant on both instances', async () => {
        const listed = await instance.request('GET', '/auth/tenants/list', { token: admin });
        const seen = new Set((listed.body ?? []).map((t) => t.locator));
        return acknowledged.every((locator) => seen.has(locator));
      });
    }
    console.log(`kill -9 after ${acknowledged.length} acknowledged writes: all committed and seen by the others`);
  });

  it('a database restart is survived: not ready while it is down, checks answered from memory, writes 503, following resumes', async () => {
    const tenant = (await a.createTenant(admin, 'outage')).locator;
    const pat = await a.createPat(admin, { name: 'outage', permissions: ['quotes.read'], tenants: [tenant] });
    await within(1000, 'B to accept the PAT', async () => (await b.check(pat, 'quotes.read', tenant)).status === 200);
    await pgCtl('-m', 'fast', '-w', 'stop');
    try {
      await within(5000, 'B to be not ready without its database', async () => (await b.request('GET', '/readyz')).status === 503);
      assert.equal((await b.check(pat, 'quotes.read', tenant)).status, 200, 'answered from memory');
      const write = await b.request('POST', '/auth/tenants', { token: admin, json: { name: 'during-outage', type: 'test', description: 'x' } });
      assert.equal(write.status, 503, write.text);
      assert.equal(write.headers.get('content-type'), 'application/problem+json');
    } finally {
      await pgCtl('-l', process.env.TESSERA_TEST_POSTGRES_LOG, '-w', 'start');
    }
    for (const instance of [a, b]) await within(10_000, 'both instances to be ready again', async () => (await instance.request('GET', '/readyz')).status === 200);
    await a.ok('DELETE', '/auth/users/tokens/outage', { token: admin });
    const took = await within(1000, 'B to reject the deleted PAT', async () => (await b.check(pat, 'quotes.read', tenant)).status === 401);
    console.log(`after the database restart, a deletion on A was enforced on B after ${took} ms`);
  });

  it('a pooled connection the server dropped is replaced without failing the request', async () => {
    // As after a database restart or a failover: every connection Tessera holds is closed by the
    // server while idle, and libpq learns of it only when it next sends a statement.
    const ended = await run('psql', [url, '-tAc', 'SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) AS t']);
    assert.ok(Number(ended.stdout.trim()) >= 2, `terminated ${ended.stdout.trim()} connections`);
    for (const [name, instance] of [['a', a], ['b', b]]) {
      for (let i = 0; i < 3; i++) {
        const made = await instance.request('POST', '/auth/tenants', { token: admin, json: { name: `after-drop-${name}-${i}`, type: 'test', description: 'x' } });
        assert.ok(made.status === 201 || made.status === 200, `write ${i} on ${name}: ${made.status} ${made.text}`);
      }
    }
  });

  it('JWT-1: rotate-signing-key; both instances sign with the new key, tokens of the old one keep working', async () => {
    const kids = async (instance) => (await instance.ok('GET', '/auth/realms/default/protocol/openid-connect/certs')).keys.map((k) => k.kid);
    const kidOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid;
    const before = await a.loginToken();
    const [oldKid] = await kids(a);
    assert.deepEqual(await kids(b), [oldKid]);
    assert.equal(kidOf(before), oldKid);
    const rotated = await run(BIN, ['admin', '--store', url, '--master-key-file', join(keyDir, 'master-key'), 'rotate-signing-key']);
    const newKid = rotated.stdout.match(/signing key (\S+) signs/)[1];
    assert.notEqual(newKid, oldKid);
    for (const instance of [a, b]) {
      await within(1000, 'both keys in the JWKS', async () => JSON.stringify(await kids(instance)) === JSON.stringify([newKid, oldKid]));
      const fresh = await instance.loginToken();
      assert.equal(kidOf(fresh), newKid, 'the new key signs');
      await seenBy(instance === a ? b : a, fresh);  // and the other instance verifies it
      assert.equal((await instance.request('GET', '/auth/users/whoami', { token: before })).status, 200, 'the old key still verifies');
    }
    admin = await a.loginToken();
    await seenBy(b, admin);
  });

  it('a pg_dump holds no token, password or key in usable form', async () => {
    const session = await a.login();
    const pat = await a.createPat(session.access_token, { name: 'dumped', permissions: ['quotes.read'], tenants: [] });
    const { readFileSync } = await import('node:fs');
    const masterKey = readFileSync(join(keyDir, 'master-key'));
    const dump = (await run(join(process.env.TESSERA_TEST_POSTGRES_BIN, 'pg_dump'), [url], { maxBuffer: 256 * 1024 * 1024 })).stdout;
    assert.ok(dump.includes('key_material'), 'the dump is a real one');
    for (const secret of [pat, session.access_token, session.refresh_token, 'Integration-Test-Passw0rd!', 'User-Passw0rd-Long!',
      masterKey.toString('hex'), masterKey.toString('base64'), masterKey.toString('base64url')]) {
      assert.ok(!dump.includes(secret), 'a secret is in the dump');
    }
    // The PAT's secret part alone is not there either.
    assert.ok(!dump.includes(pat.slice(-30)));
  });
});
