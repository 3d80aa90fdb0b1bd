// Starts the real `tessera` binary on a free port with a temporary data directory and talks HTTP.
import assert, { AssertionError } from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = process.env.TESSERA_BIN ?? resolve(import.meta.dirname, '../../build/tessera');
export const ADMIN_USER = 'admin@tessera.local';
export const ADMIN_PASSWORD = 'Integration-Test-Passw0rd!';

export async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// The status of a GET over TLS that trusts only `ca`; undefined while nothing answers.
function httpsStatus(url, ca) {
  return new Promise((ok) => {
    const request = httpsGet(url, { ca, agent: false }, (response) => {
      response.resume();
      ok(response.statusCode);
    });
    request.on('error', () => ok(undefined));
  });
}

export class Tessera {
  // `port`: chosen ahead, for instances whose public URL must be known before they start.
  // `tls`: { ca } (PEM) when the instance serves TLS itself (--tls-cert-file); then baseUrl is
  // https and readiness is probed with that CA.
  constructor({ dataDir, env = {}, args = [], port, tls } = {}) {
    this.fixedPort = port;
    this.tls = tls;
    this.ownsDataDir = !dataDir;
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'tessera-it-'));
    this.env = env;
    this.args = args;
    this.output = '';
  }

  async start() {
    this.port = this.fixedPort ?? (await freePort());
    this.baseUrl = `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
    this.process = spawn(
      BIN,
      ['serve', '--data-dir', this.dataDir, '--listen', `127.0.0.1:${this.port}`, '--io-threads', '2', ...this.args],
      {
        env: {
          PATH: process.env.PATH,
          ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? '',
          UBSAN_OPTIONS: process.env.UBSAN_OPTIONS ?? '',
          TSAN_OPTIONS: process.env.TSAN_OPTIONS ?? '',
          TESSERA_ADMIN_PASSWORD: ADMIN_PASSWORD,
          ...this.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.exited = new Promise((ok) => this.process.on('exit', (code, signal) => ok({ code, signal })));
    this.process.stdout.on('data', (chunk) => (this.output += chunk));
    this.process.stderr.on('data', (chunk) => (this.output += chunk));
    const ready = async () => {
      if (this.process.exitCode !== null) throw new Error('tessera exited early');
      if (this.tls) return (await httpsStatus(`${this.baseUrl}/readyz`, this.tls.ca)) === 200;
      const response = await fetch(`${this.baseUrl}/readyz`).catch(() => undefined);  // not listening yet
      return response?.status === 200;
    };
    await eventually(ready, { timeout: 30_000, interval: 50, what: 'tessera to become ready' }).catch((error) => {
      throw new Error(`${error.message}:\n${this.output}`);
    });
    return this;
  }

  // SIGTERM: drains and must exit 0; anything else (a sanitizer report, a crash) fails the test.
  async stop() {
    if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return this.exited;
    this.process.kill('SIGTERM');
    let timer;
    const timeout = new Promise((ok) => (timer = setTimeout(() => ok({ code: 'timeout' }), 20_000)));
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result.code === 'timeout') this.process.kill('SIGKILL');
    if (result.code !== 0) throw new Error(`tessera did not exit cleanly (${JSON.stringify(result)}):\n${this.output.slice(-4000)}`);
    return result;
  }

  async kill9() {
    this.process.kill('SIGKILL');
    return this.exited;
  }

  cleanup() {
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async stopAndCleanup() {
    await this.stop();
    this.cleanup();
  }

  // Raw request: returns { status, headers, body (parsed JSON when JSON), text }.
  async request(method, path, { token, json, body, headers = {} } = {}) {
    const init = { method, headers: { ...headers } };
    if (token) init.headers.authorization = `Bearer ${token}`;
    if (json !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(json);
    } else if (body !== undefined) {
      init.body = body;
    }
    const response = await fetch(this.baseUrl + path, init);
    const text = await response.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  async login(userName = ADMIN_USER, password = ADMIN_PASSWORD, ba = 'default') {
    const response = await this.request('POST', `/auth/realms/${ba}/protocol/openid-connect/token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: userName, password }).toString(),
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
    return response.body;
  }

  async loginToken(userName, password) {
    return (await this.login(userName, password)).access_token;
  }

  // Helpers that must succeed.
  async ok(method, path, options) {
    const response = await this.request(method, path, options);
    if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
    return response.body;
  }

  async createTenant(token, name, type = 'test') {
    return this.ok('POST', '/auth/tenants', { token, json: { name, type, description: `${name} tenant` } });
  }

  async createRole(token, name, permissions) {
    return this.ok('POST', '/auth/roles', { token, json: { name, permissions, description: `${name} role` } });
  }

  async createUser(token, userName, { roles = [], tenants = [], password = 'User-Passw0rd-Long!' } = {}) {
    return this.ok('POST', '/auth/users', {
      token,
      json: { userName, firstName: 'Test', lastName: 'User', password, roles, tenants },
    });
  }

  async createPat(token, { name, permissions, tenants = [], expiresAt, allowedNetworks }) {
    const json = { name, permissions, tenants };
    if (expiresAt !== undefined) json.expiresAt = expiresAt;
    if (allowedNetworks !== undefined) json.allowedNetworks = allowedNetworks;
    return this.ok('POST', '/auth/users/tokens', { token, json });
  }

  async check(token, permission, tenant) {
    const headers = {};
    if (permission) headers['x-required-permission'] = permission;
    if (tenant) headers['x-tenant-locator'] = tenant;
    return this.request('GET', '/auth/check', { token, headers });
  }

  // The credential alone (and the tenant's scope when given), no permission.
  async checkAuthenticated(token, tenant) {
    const headers = tenant ? { 'x-tenant-locator': tenant } : {};
    return this.request('GET', '/auth/check/authenticated', { token, headers });
  }
}

export async function withTessera(options, body) {
  const tessera = new Tessera(options);
  await tessera.start();
  try {
    return await body(tessera);
  } finally {
    await tessera.stopAndCleanup();
  }
}

// The set-up most describe blocks share: a fresh instance and an admin's JWT for their tests, the
// instance stopped (it must exit cleanly) and its data removed after them:
//   before(async () => ({ tessera, admin } = await startWithAdmin()));
//   after(() => tessera?.stopAndCleanup());
export async function startWithAdmin(options) {
  const tessera = await new Tessera(options).start();
  return { tessera, admin: await tessera.loginToken() };
}

export const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

// `tessera admin check-store` on a stopped or running instance's store: every invariant holds.
// `storeArgs`: the admin options naming the store (default: the instance's SQLite data directory).
export async function assertStoreConsistent(storeArgs) {
  const { stdout } = await promisify(execFile)(BIN, ['admin', ...storeArgs, 'check-store']).catch((error) => {
    throw new Error(`check-store failed (${error.code}):\n${error.stdout}${error.stderr}`);
  });
  if (!/^store consistent: /m.test(stdout)) throw new Error(`check-store: ${stdout}`);
  return stdout;
}

// Awaits a condition instead of sleeping a fixed time: calls `condition` (async) every `interval`
// ms until it returns a truthy value, and resolves to the milliseconds that took; when it has not
// held within `timeout` ms, throws an AssertionError naming `what` (phrased as what is awaited:
// 'the token to be rejected'). An error thrown by `condition` ends the wait at once.
export async function eventually(condition, { timeout = 10_000, interval = 20, what = 'a condition' } = {}) {
  const started = Date.now();
  for (;;) {
    if (await condition()) return Date.now() - started;
    if (Date.now() - started > timeout) {
      throw new AssertionError({ message: `timed out after ${timeout} ms waiting for ${what}`, operator: 'eventually' });
    }
    await sleep(interval);
  }
}

// The value of one series of a /metrics exposition (its name with its labels, as served), or
// undefined when it is not served.
export function metricSample(text, series) {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

// Each series of `expected` ({ series: value }) has that value.
export function assertMetricSamples(text, expected) {
  for (const [series, value] of Object.entries(expected)) assert.equal(metricSample(text, series), value, series);
}
