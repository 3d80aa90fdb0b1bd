// For suites on the PostgreSQL of scripts/with-postgres: a database of their own and a master
// key, removed at the end.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN } from './harness.mjs';

const run = promisify(execFile);

export async function postgresDeployment(prefix) {
  const admin = process.env.TESSERA_TEST_POSTGRES;
  assert.ok(admin, 'TESSERA_TEST_POSTGRES is set (scripts/with-postgres)');
  const name = `${prefix}_${process.pid}`;
  await run('psql', [admin, '-qc', `CREATE DATABASE ${name}`]);
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  const keyDir = mkdtempSync(join(tmpdir(), 'tessera-key-'));
  const masterKey = join(keyDir, 'master-key');
  await run(BIN, ['admin', 'generate-master-key', masterKey]);
  return {
    url,
    masterKey,
    keyDir,
    // What `tessera serve` and `tessera admin` need to use it.
    args: ['--store', url, '--master-key-file', masterKey],
    async remove() {
      rmSync(keyDir, { recursive: true, force: true });
      await run('psql', [admin, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    },
  };
}
