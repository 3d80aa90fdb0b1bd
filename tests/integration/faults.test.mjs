// Faults (docs/api.md, errors: 503 with Retry-After, never a 500 or a crash; no write half-done):
// a full disk under the data directory, and a saturated worker queue. A handler that throws
// is covered by tests/http/ServerTest.cpp (no route of the real table throws on purpose).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, rmdirSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { ADMIN_PASSWORD, ADMIN_USER, Tessera, assertStoreConsistent, eventually, withTessera } from './harness.mjs';

const run = promisify(execFile);

// Writes zeros into `file` until the file system refuses with ENOSPC.
function fillDisk(file) {
  const chunk = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'w');
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch (error) {
        if (error.code !== 'ENOSPC') throw error;
        // Whatever still fits in the last partial block.
        for (let size = chunk.length / 2; size >= 1; size = Math.floor(size / 2)) {
          try {
            writeSync(fd, chunk.subarray(0, size));
          } catch {
            // smaller next time
          }
        }
        return;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('faults', () => {
  it('docs/api.md, errors: a full disk makes writes 503 with a log line, changes nothing, keeps reads and checks working, and recovers', async () => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'tessera-full-'));
    const tessera = new Tessera({ dataDir: join(mountPoint, 'data') });
    try {
      // A small tmpfs of its own: filling it touches nothing else on the machine. Mounting needs
      // root, which scripts/test has (it installs packages too).
      await run('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', mountPoint]);
      await tessera.start();
      const admin = await tessera.loginToken();
      const tenant = (await tessera.createTenant(admin, 'before-full')).locator;
      const pat = await tessera.createPat(admin, { name: 'reader', permissions: ['quotes.read'], tenants: [tenant] });
      const tenantsBefore = (await tessera.ok('GET', '/auth/tenants/list', { token: admin })).map((t) => t.locator).sort();

      const filler = join(mountPoint, 'filler');
      fillDisk(filler);
      // SQLite may still fit a few writes into pages it already owns (its WAL is reused after a
      // checkpoint); large descriptions use them up. Every write is answered, none with a 500.
      const description = 'x'.repeat(1000);
      let refused;
      for (let i = 0; i < 400 && !refused; i++) {
        const attempt = await tessera.request('POST', '/auth/tenants', { token: admin, json: { name: `during-${i}`, type: 'test', description } });
        if (attempt.status === 503) refused = { ...attempt, name: `during-${i}` };
        else assert.equal(attempt.status, 200, attempt.text);
      }
      assert.ok(refused, 'a write is refused once the disk is full');
      assert.equal(refused.body.code, 'service_unavailable');
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.match(refused.body.detail, /try again/);
      assert.match(tessera.output, /store unavailable: .*(full|disk)/i, 'the cause is logged for the operator');

      // Reads and the hot path go on from memory; the refused write left nothing behind.
      assert.equal((await tessera.check(pat, 'quotes.read', tenant)).status, 200);
      const listed = await tessera.ok('GET', '/auth/tenants/list', { token: admin });
      assert.ok(!listed.some((t) => t.name === refused.name), 'the refused tenant does not exist');
      for (const locator of tenantsBefore) assert.ok(listed.some((t) => t.locator === locator));
      // The same write again needs the same space: refused again, the disk is still full.
      const again = await tessera.request('POST', '/auth/tenants', { token: admin, json: { name: refused.name, type: 'test', description } });
      assert.equal(again.status, 503, again.text);
      assert.deepEqual(await tessera.ok('GET', '/readyz'), { status: 'ready' }, 'reading the store still works');

      // Space returns: the same writes succeed, with nothing lost from before.
      rmSync(filler);
      const made = await tessera.request('POST', '/auth/tenants', { token: admin, json: { name: refused.name, type: 'test', description: 'after' } });
      assert.equal(made.status, 200, made.text);
      await tessera.createPat(admin, { name: 'after-full', permissions: ['quotes.read'], tenants: [] });
      const tokens = (await tessera.ok('GET', '/auth/users/tokens', { token: admin })).map((t) => t.name);
      assert.ok(tokens.includes('reader') && tokens.includes('after-full'), tokens.join());
      assert.equal((await tessera.ok('GET', '/auth/tenants/list', { token: admin })).filter((t) => t.name === refused.name).length, 1);
      await tessera.stop();
      await assertStoreConsistent(['--data-dir', tessera.dataDir]);
    } finally {
      await tessera.stop().catch(() => {});
      await run('umount', [mountPoint]).catch(() => {});
      rmdirSync(mountPoint);
    }
  });

  it('docs/api.md, errors: a saturated worker queue answers 503 with Retry-After at once, while /auth/check keeps answering', async () => {
    await withTessera({ args: ['--worker-threads', '1', '--worker-queue', '1'] }, async (tessera) => {
      const admin = await tessera.loginToken();
      const pat = await tessera.createPat(admin, { name: 'checker', permissions: ['quotes.read'], tenants: ['any'] });
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const login = () =>
        tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', {
          headers: form,
          body: new URLSearchParams({ grant_type: 'password', username: ADMIN_USER, password: ADMIN_PASSWORD }).toString(),
        });
      // One worker hashing a password at a time and one waiting slot: a burst overflows it.
      const [answers, checks] = await Promise.all([
        Promise.all(Array.from({ length: 24 }, login)),
        Promise.all(Array.from({ length: 24 }, () => tessera.check(pat, 'quotes.read'))),
      ]);
      const busy = answers.filter((answer) => answer.status === 503);
      assert.ok(busy.length > 0, `statuses ${answers.map((a) => a.status)}`);
      assert.ok(answers.every((answer) => answer.status === 200 || answer.status === 503));
      for (const answer of busy) {
        assert.equal(answer.body.code, 'service_unavailable');
        assert.equal(answer.headers.get('retry-after'), '1');
      }
      assert.ok(checks.every((check) => check.status === 200), 'the hot path is not queued');
      const metrics = await (await fetch(`${tessera.baseUrl}/metrics`)).text();
      assert.equal(Number(metrics.match(/^tessera_worker_queue_full_total (\d+)$/m)[1]), busy.length);
      // The queue drains: the next login is served.
      await eventually(async () => (await login()).status === 200, { what: 'a login after the burst' });
    });
  });
});
