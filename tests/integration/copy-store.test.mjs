// Issue 11: tessera admin copy-store moves a one-machine deployment (SQLite) onto an empty
// PostgreSQL database: users, roles, tenants, tokens (which keep working), sessions and the
// audit trail, verified by counts; a target that holds anything is refused.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { BIN, Tessera } from './harness.mjs';
import { postgresDeployment } from './postgres.mjs';

const run = promisify(execFile);

describe('copy-store from SQLite to PostgreSQL', () => {
  let source, target, keyDir, url, deployment;
  before(async () => {
    deployment = await postgresDeployment('copy');
    ({ url, keyDir } = deployment);
  });
  after(async () => {
    await target?.stop();
    target?.cleanup();
    source?.cleanup();
    await deployment?.remove();
  });

  it('copies everything; PATs, sessions and passwords keep working; a non-empty target is refused', async () => {
    // The deployment keeps its public URL (the JWTs' issuer) when it moves.
    const publicUrl = ['--public-url', 'http://auth.tessera.test'];
    source = await new Tessera({ args: publicUrl }).start();
    const admin = await source.loginToken();
    const tenant = (await source.createTenant(admin, 'moved')).locator;
    await source.createRole(admin, 'mover', ['quotes.*', 'users.token']);
    await source.createUser(admin, 'mover@example.com', { roles: ['mover'], tenants: [tenant] });
    const session = await source.login('mover@example.com', 'User-Passw0rd-Long!');
    const pat = await source.createPat(session.access_token, { name: 'moved', permissions: ['quotes.read'], tenants: [tenant] });
    const events = (await source.ok('GET', '/auth/events/list?pageSize=1000', { token: admin })).items.length;
    await source.stop();

    const key = deployment.masterKey;
    await assert.rejects(run(BIN, ['admin', '--master-key-file', key, 'copy-store', '--from', join(keyDir, 'nothing'), '--to', url]), /holds no Tessera store/);
    const copied = await run(BIN, ['admin', '--master-key-file', key, 'copy-store', '--from', source.dataDir, '--to', url]);
    assert.match(copied.stdout, /users: 2 row\(s\)/);
    assert.match(copied.stdout, /tokens: 1 row\(s\)/);
    assert.match(copied.stdout, /copied and verified/);

    target = await new Tessera({ args: ['--store', url, '--master-key-file', key, ...publicUrl] }).start();
    const checked = await target.check(pat, 'quotes.read', tenant);
    assert.equal(checked.status, 200, 'the PAT works on the new store');
    assert.equal((await target.request('GET', '/auth/users/whoami', { token: session.access_token })).status, 200, 'the JWT and its session too');
    const refreshed = await target.request('POST', '/auth/realms/default/protocol/openid-connect/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refresh_token }).toString(),
    });
    assert.equal(refreshed.status, 200, refreshed.text);
    const newAdmin = await target.loginToken();
    const moved = await target.ok('GET', '/auth/events/list?pageSize=1000', { token: newAdmin });
    assert.ok(moved.items.length >= events, 'the audit trail came along');

    const again = await run(BIN, ['admin', '--master-key-file', key, 'copy-store', '--from', source.dataDir, '--to', url]).catch((error) => error);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /not empty/);
  });
});
