// The start-up contract (README, configuration), persistence across kill -9, the change log, and log hygiene.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { ADMIN_PASSWORD, BIN, Tessera, assertStoreConsistent, eventually, withTessera } from './harness.mjs';

const run = promisify(execFile);

describe('start-up and operations', () => {
  it('start-up: an empty data directory gets a BA, an admin with a generated password printed once, 0600 secrets', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-boot-'));
    try {
      const first = new Tessera({ dataDir, env: { TESSERA_ADMIN_PASSWORD: '', TESSERA_ADMIN_USER: 'root@example.org' } });
      await first.start();
      const match = first.output.match(/One-time admin password \(shown once, store it now\): (\S+)/);
      assert.ok(match, first.output);
      const session = await first.login('root@example.org', match[1]);
      assert.ok(session.access_token);
            // The key material lives in the store, sealed with the master key beside it (issue 11).
      for (const file of ['master-key', 'tessera.db']) {
        assert.equal(statSync(join(dataDir, file)).mode & 0o777, 0o600, file);
      }
      assert.equal(statSync(join(dataDir, 'master-key')).size, 32);
      assert.ok(!existsSync(join(dataDir, 'token-pepper')) && !existsSync(join(dataDir, 'signing-key.pem')), 'no key file of its own');
      assert.deepEqual(await first.stop(), { code: 0, signal: null }, 'SIGTERM exits 0');
      const second = new Tessera({ dataDir, env: { TESSERA_ADMIN_PASSWORD: '' } });
      await second.start();
      assert.ok(!second.output.includes(match[1]), 'the password is not printed again');
      await second.login('root@example.org', match[1]);
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('start-up: healthz and readyz; bad flags fail clearly', async () => {
    await withTessera({}, async (tessera) => {
      assert.deepEqual(await tessera.ok('GET', '/healthz'), { status: 'ok' });
      assert.deepEqual(await tessera.ok('GET', '/readyz'), { status: 'ready' });
    });
    await assert.rejects(run(BIN, ['serve', '--listen', 'nonsense']), (error) => error.code !== 0 && /HOST:PORT/.test(error.stderr));
  });

  it('PAT-7, USR-1, ROLE-1: tokens, deletions and users survive kill -9 after a 200', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-crash-'));
    try {
      // One public URL for both runs: the issuer in the JWT must match after the restart.
      const args = ['--public-url', 'http://tessera.test'];
      const tessera = new Tessera({ dataDir, args });
      await tessera.start();
      const admin = await tessera.loginToken();
      const tenant = (await tessera.createTenant(admin, 'durable')).locator;
      await tessera.createRole(admin, 'durable-role', ['quotes.*', 'users.token']);
      await tessera.createUser(admin, 'durable@example.com', { roles: ['durable-role'], tenants: [tenant] });
      const dev = await tessera.loginToken('durable@example.com', 'User-Passw0rd-Long!');
      const kept = await tessera.createPat(dev, { name: 'kept', permissions: ['quotes.write'], tenants: [tenant] });
      const deleted = await tessera.createPat(dev, { name: 'deleted', permissions: ['quotes.read'] });
      await tessera.ok('DELETE', '/auth/users/tokens/deleted', { token: dev });
      await tessera.kill9();
      await assertStoreConsistent(['--data-dir', dataDir]);

      const restarted = new Tessera({ dataDir, args });
      await restarted.start();
      assert.equal((await restarted.check(kept, 'quotes.write', tenant)).status, 200);
      assert.equal((await restarted.check(deleted, 'quotes.read')).status, 401);
      assert.equal((await restarted.check(dev, 'quotes.write')).status, 200, 'the session survives too');
      const users = await restarted.ok('GET', '/auth/users/list', { token: await restarted.loginToken() });
      assert.ok(users.items.some((u) => u.userName === 'durable@example.com'));
      await restarted.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('PAT-6, docs/architecture.md: an operator command on a running server is seen within a second (change log)', async () => {
    await withTessera({}, async (tessera) => {
      const admin = await tessera.loginToken();
      for (let i = 0; i < 3; i++) await tessera.createPat(admin, { name: `t${i}`, permissions: ['quotes.read'] });
      const refused = await tessera.request('POST', '/auth/users/tokens', { token: admin, json: { name: 't3', permissions: ['quotes.read'], tenants: [] } });
      assert.equal(refused.status, 409);
      await run(BIN, ['admin', '--data-dir', tessera.dataDir, 'set-pat-limit', '--user', 'admin@tessera.local', '--limit', '5']);
      await eventually(async () => (await tessera.request('POST', '/auth/users/tokens', { token: admin, json: { name: 't3', permissions: ['quotes.read'], tenants: [] } })).status === 200,
        { timeout: 1500, interval: 100, what: 'a fourth token under the raised limit' });
      await assert.rejects(run(BIN, ['admin', '--data-dir', tessera.dataDir, 'set-pat-limit', '--limit', '11']), /at most|1 to 10/);
    });
  });

  it('JWT-1: rotate-signing-key beside a running server (SQLite): the new key signs, the old one still verifies', async () => {
    await withTessera({}, async (tessera) => {
      const kidOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid;
      const jwks = async () => (await tessera.ok('GET', '/auth/realms/default/protocol/openid-connect/certs')).keys.map((k) => k.kid);
      const before = await tessera.loginToken();
      const rotated = await run(BIN, ['admin', '--data-dir', tessera.dataDir, 'rotate-signing-key']);
      const newKid = rotated.stdout.match(/signing key (\S+) signs/)[1];
      await eventually(async () => JSON.stringify(await jwks()) === JSON.stringify([newKid, kidOf(before)]), { timeout: 1500, what: 'the JWKS to publish both keys' });
      assert.deepEqual(await jwks(), [newKid, kidOf(before)], 'the JWKS publishes both keys');
      assert.equal(kidOf(await tessera.loginToken()), newKid);
      assert.equal((await tessera.request('GET', '/auth/users/whoami', { token: before })).status, 200);
    });
  });

  it('PAT-7, JWT-3: no token value, password or refresh token reaches the log', async () => {
    await withTessera({}, async (tessera) => {
      const session = await tessera.login();
      const admin = session.access_token;
      const value = await tessera.createPat(admin, { name: 'secret', permissions: ['quotes.read'] });
      await tessera.check(value, 'quotes.read');
      await tessera.request('DELETE', `/auth/users/tokens/${value}`, { token: admin });
      await tessera.request('GET', `/auth/users/tokens/${value}`, { token: admin });
      await tessera.createUser(admin, 'logged@example.com', { password: 'Another-Passw0rd-99!' });
      await tessera.login('logged@example.com', 'Another-Passw0rd-99!');
      await tessera.login('logged@example.com', 'Wrong-Passw0rd-99!x').catch(() => {});
      await tessera.stop();
      const log = tessera.output;
      assert.ok(log.includes('DELETE /auth/users/tokens/[redacted]'), 'the request is logged with the value redacted');
      for (const secret of [value, value.slice(4, 30), ADMIN_PASSWORD, 'Another-Passw0rd-99!', 'Wrong-Passw0rd-99!x', session.refresh_token, admin.split('.')[2]]) {
        assert.ok(!log.includes(secret), `log contains a secret: ${secret.slice(0, 8)}…`);
      }
    });
  });
});
