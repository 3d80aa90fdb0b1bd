// The management listener (issue 15, item 4; docs/monitoring.md, docs/deployment.md): with
// --management-listen, /metrics is served there and no longer on the public port, which keeps
// /healthz and /readyz for load balancers; the counters still count the public listener's
// traffic. A bad or clashing address, or one that cannot be bound, fails the start clearly.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { BIN, Tessera, freePort, startWithAdmin, metricSample, assertMetricSamples } from './harness.mjs';

const run = promisify(execFile);

const sample = metricSample;

describe('management listener: --management-listen', () => {
  let tessera, admin, management;
  const onManagement = async (method, path) => {
    const response = await fetch(management + path, { method });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, text, body };
  };

  before(async () => {
    const port = await freePort();
    management = `http://127.0.0.1:${port}`;
    ({ tessera, admin } = await startWithAdmin({ args: ['--management-listen', `127.0.0.1:${port}`] }));
  });
  after(() => tessera?.stopAndCleanup());

  it('serves /metrics in the Prometheus text format on the management port', async () => {
    const response = await onManagement('GET', '/metrics');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    assert.match(response.text, /^# TYPE tessera_http_requests_total counter$/m);
    assert.match(response.text, /^# TYPE tessera_http_request_duration_seconds histogram$/m);
    const checked = spawnSync('promtool', ['check', 'metrics'], { input: response.text, encoding: 'utf8' });
    assert.equal(checked.error, undefined, `promtool runs (scripts/install-deps installs Debian's prometheus): ${checked.error}`);
    assert.equal(checked.status, 0, `promtool check metrics:\n${checked.stdout}${checked.stderr}`);
  });

  it('the public port answers /metrics with a 404 problem, and its OpenAPI document does not list it', async () => {
    const response = await tessera.request('GET', '/metrics');
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(response.body.code, 'not_found');
    assert.ok(!response.text.includes('tessera_'), 'no metric in the answer');
    const document = await tessera.ok('GET', '/openapi.json');
    assert.equal(document.paths['/metrics'], undefined);
    assert.ok(document.paths['/healthz']?.get && document.paths['/readyz']?.get, 'the probes stay documented');
  });

  it('/healthz and /readyz answer on both ports', async () => {
    for (const answer of [await tessera.request('GET', '/healthz'), await onManagement('GET', '/healthz')]) {
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'ok' });
    }
    for (const answer of [await tessera.request('GET', '/readyz'), await onManagement('GET', '/readyz')]) {
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'ready' });
    }
  });

  it('the management port serves nothing else', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/openapi.json'],
      ['GET', '/auth/check'],
      ['GET', '/auth/users/whoami'],
      ['POST', '/auth/realms/default/protocol/openid-connect/token'],
      ['GET', '/auth/realms/default/.well-known/openid-configuration'],
      ['GET', '/no/such/path'],
    ]) {
      const answer = await onManagement(method, path);
      assert.equal(answer.status, 404, `${method} ${path}: ${answer.text}`);
      assert.equal(answer.body?.code, 'not_found', `${method} ${path}`);
    }
    assert.equal((await onManagement('POST', '/metrics')).status, 405);
  });

  it('counts the public listener\'s requests under their operations', async () => {
    const pat = await tessera.createPat(admin, { name: 'counted', permissions: ['quotes.read'] });
    const before = (await onManagement('GET', '/metrics')).text;
    await tessera.check(pat, 'quotes.read');
    await tessera.check(pat, 'quotes.write');
    for (let i = 0; i < 3; i++) await tessera.request('GET', '/readyz');
    await tessera.request('GET', '/metrics');
    const text = (await onManagement('GET', '/metrics')).text;
    const grown = (name) => (sample(text, name) ?? 0) - (sample(before, name) ?? 0);
    assert.equal(grown('tessera_http_requests_total{operation="check",status="200"}'), 1);
    assert.equal(grown('tessera_http_requests_total{operation="check",status="403"}'), 1);
    assert.equal(grown('tessera_check_decisions_total{outcome="allowed"}'), 1);
    // The operations after /metrics in the route table keep their names on the public listener.
    assert.equal(grown('tessera_http_requests_total{operation="readyz",status="200"}'), 3);
    assert.equal(grown('tessera_http_requests_total{operation="unmatched",status="404"}'), 1, 'the public /metrics');
    assert.equal(grown('tessera_http_requests_total{operation="metrics",status="200"}'), 1, 'the scrapes, on the management port');
  });
});

describe('management listener: start-up', () => {
  const serve = async (args, env = {}) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-mgmt-'));
    try {
      await run(BIN, ['serve', '--data-dir', dataDir, ...args], {
        timeout: 20_000,
        env: { PATH: process.env.PATH, TESSERA_ADMIN_PASSWORD: 'Integration-Test-Passw0rd!', ...env },
      });
      return { code: 0, stderr: '' };
    } catch (error) {
      return { code: error.code, signal: error.signal, stderr: error.stderr };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };

  it('refuses the address of --listen, a wildcard covering it, and unparsable values', async () => {
    const port = await freePort();
    const listen = ['--listen', `127.0.0.1:${port}`];
    for (const [management, message] of [
      [`127.0.0.1:${port}`, /--management-listen 127\.0\.0\.1:\d+ is the address of --listen/],
      [`0.0.0.0:${port}`, /is the address of --listen/],
      [`[::]:${port}`, /is the address of --listen/],
      ['nonsense', /--management-listen must be HOST:PORT, got 'nonsense'/],
      ['127.0.0.1:70000', /--management-listen has an invalid port/],
      [`localhost:${port + 1}`, /--management-listen needs an IP address as HOST/],
    ]) {
      const result = await serve([...listen, '--management-listen', management]);
      assert.equal(result.code, 1, `${management}: ${JSON.stringify(result)}`);
      assert.match(result.stderr, message, management);
    }
    const fromEnvironment = await serve(listen, { TESSERA_MANAGEMENT_LISTEN: `127.0.0.1:${port}` });
    assert.equal(fromEnvironment.code, 1);
    assert.match(fromEnvironment.stderr, /is the address of --listen/);
  });

  it('an address in use is a clear error and exit 1, not a hang', async () => {
    const taken = createServer();
    await new Promise((ok) => taken.listen(0, '127.0.0.1', ok));
    try {
      const port = await freePort();
      const result = await serve(['--listen', `127.0.0.1:${port}`, '--management-listen', `127.0.0.1:${taken.address().port}`]);
      assert.equal(result.code, 1, JSON.stringify(result));
      assert.match(result.stderr, /cannot listen on --management-listen 127\.0\.0\.1:\d+: Address already in use/);
    } finally {
      taken.close();
    }
  });

  it('SIGTERM drains and stops both listeners (exit 0)', async () => {
    const port = await freePort();
    const tessera = new Tessera({ args: ['--management-listen', `127.0.0.1:${port}`] });
    await tessera.start();
    try {
      assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
      assert.match(tessera.output, new RegExp(`management listener on 127\\.0\\.0\\.1:${port}`));
      assert.deepEqual(await tessera.stop(), { code: 0, signal: null });
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'the management port is closed');
    } finally {
      await tessera.stopAndCleanup();
    }
  });
});
