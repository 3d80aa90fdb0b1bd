// The gateway configurations of docs/gateways.md, run as written: nginx `auth_request` and Caddy
// `forward_auth` in front of a small upstream, with the real Tessera behind them (PERM-4,
// SCOPE-2, PAT-4, PAT-12). The configurations are read out of the document itself, so what the
// document shows is what is tested; only the three addresses are replaced with free ports.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually, freePort, startWithAdmin } from '../integration/harness.mjs';

const DOC = readFileSync(resolve(import.meta.dirname, '../../docs/gateways.md'), 'utf8');
const block = (language) => {
  const match = DOC.match(new RegExp('```' + language + '\\n([\\s\\S]*?)```'));
  assert.ok(match, `docs/gateways.md has a ${language} block`);
  return match[1];
};
const TESSERA = '127.0.0.1:8080';
const UPSTREAM = '127.0.0.1:9000';
const GATEWAY = '127.0.0.1:8000';

// One HTTP request from a chosen loopback address (127.0.0.0/8 is all local on Linux), so that
// the client's address differs from the gateway's own 127.0.0.1.
function send(port, method, path, { headers = {}, from = '127.0.0.2' } = {}) {
  return new Promise((ok, fail) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers, localAddress: from }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        let body;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        ok({ status: response.statusCode, headers: response.headers, body, text });
      });
    });
    outgoing.on('error', fail);
    outgoing.end(method === 'POST' ? '{"amount":1}' : undefined);
  });
}

// The service behind the gateway: records the headers of each request it gets.
async function startUpstream() {
  const seen = [];
  const server = createServer((incoming, response) => {
    seen.push(incoming.headers);
    incoming.resume();
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ upstream: true }));
  });
  const port = await freePort();
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return { seen, port, close: () => new Promise((ok) => server.close(ok)) };
}

const gateways = {
  nginx: {
    async start(dir, config) {
      writeFileSync(join(dir, 'site.conf'), config);
      writeFileSync(join(dir, 'nginx.conf'), `daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
  access_log off;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  include ${dir}/site.conf;
}
`);
      return spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    },
    config: () => block('nginx'),
  },
  caddy: {
    async start(dir, config) {
      writeFileSync(join(dir, 'Caddyfile'), config);
      return spawn('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      });
    },
    config: () => block('caddyfile'),
  },
};

for (const [name, gateway] of Object.entries(gateways)) {
  describe(`${name} in front of an upstream, Tessera authorizing`, () => {
    let tessera, admin, upstream, process, output = '', dir, port, tenant, otherTenant, dev, readPat;
    const through = (method, path, options) => send(port, method, path, options);
    const bearer = (token, extra = {}) => ({ headers: { authorization: `Bearer ${token}`, ...extra } });

    before(async () => {
      // The gateway connects from 127.0.0.1: it is the one trusted proxy.
      ({ tessera, admin } = await startWithAdmin({ args: ['--trusted-proxies', '127.0.0.1/32'] }));
      tenant = (await tessera.createTenant(admin, 'Alpha')).locator;
      otherTenant = (await tessera.createTenant(admin, 'Beta')).locator;
      await tessera.createRole(admin, 'quoter', ['quotes.*', 'users.token']);
      await tessera.createUser(admin, 'dev@example.com', { roles: ['quoter'], tenants: [tenant] });
      dev = await tessera.loginToken('dev@example.com', 'User-Passw0rd-Long!');
      readPat = await tessera.createPat(dev, { name: 'reader', permissions: ['quotes.read'], tenants: [tenant] });
      upstream = await startUpstream();
      port = await freePort();
      dir = mkdtempSync(join(tmpdir(), `tessera-${name}-`));
      const config = gateway.config()
        .replaceAll(TESSERA, `127.0.0.1:${tessera.port}`)
        .replaceAll(UPSTREAM, `127.0.0.1:${upstream.port}`)
        .replaceAll(GATEWAY, `127.0.0.1:${port}`);
      process = await gateway.start(dir, config);
      process.stdout.on('data', (chunk) => (output += chunk));
      process.stderr.on('data', (chunk) => (output += chunk));
      await eventually(async () => {
        if (process.exitCode !== null) throw new Error(`${name} exited: ${output}`);
        return (await send(port, 'GET', '/healthz', { from: '127.0.0.1' }).catch(() => undefined)) !== undefined;
      }, { timeout: 20_000, interval: 50, what: `${name} to listen` });
    });
    after(async () => {
      if (process && process.exitCode === null) {
        const exited = new Promise((ok) => process.on('exit', ok));
        process.kill('SIGTERM');
        await exited;
      }
      await upstream?.close();
      await tessera?.stopAndCleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('PERM-4, PAT-4: a PAT with the permission passes, and the upstream gets who the caller is', async () => {
      const before = upstream.seen.length;
      const response = await through('GET', `/tenants/${tenant}/quotes/1`, bearer(readPat));
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body, { upstream: true });
      assert.equal(upstream.seen.length, before + 1);
      const headers = upstream.seen.at(-1);
      assert.equal(headers['x-auth-user-name'], 'dev@example.com');
      assert.equal(headers['x-auth-method'], 'pat');
      assert.equal(headers['x-auth-token-name'], 'reader');
      assert.equal(headers['x-auth-business-account'], 'default');
      assert.match(headers['x-auth-user-locator'], /^[0-9a-f-]{36}$/);
      assert.equal(headers.authorization, undefined, 'the credential stays at the gateway');
      assert.equal(headers['x-auth-tenant-locator'], tenant, 'the tenant that was checked');
    });

    it('SCOPE-2: a path that reads as another tenant once cleaned is refused before any check', async () => {
      const before = upstream.seen.length;
      for (const path of [
        `/tenants/${otherTenant}/quotes/../../${tenant}/quotes/1`,
        `/tenants/${otherTenant}/quotes/%2e%2e/%2e%2e/${tenant}/quotes/1`,
        `/tenants/${otherTenant}/quotes/..%2F..%2F..%2Ftenants/${tenant}/quotes/1`,
        `/tenants/${tenant}//quotes/1`,
      ]) {
        const response = await through('GET', path, bearer(readPat));
        assert.equal(response.status, 400, path);
      }
      // A tenant outside the locators' alphabet (CR LF, to inject a header) matches no route.
      const injected = await through('GET', '/tenants/x%0d%0aX-Injected:%20yes/quotes/1', bearer(readPat));
      assert.notEqual(injected.status, 200);
      assert.equal(upstream.seen.length, before, 'the upstream saw none of them');
    });

    it('identity headers a client sends itself never reach the upstream', async () => {
      const spoofed = {
        'x-auth-user-name': 'admin@tessera.local', 'x-auth-method': 'jwt', 'x-auth-business-account': 'other',
        'x-auth-user-locator': 'forged', 'x-auth-token-name': 'forged', 'x-auth-tenant-locator': otherTenant,
        // CGI-style upstreams (PHP, WSGI, Rack) read these as the same names.
        'x_auth_user_name': 'admin@tessera.local', 'x_auth_user_locator': 'forged',
      };
      const response = await through('GET', `/tenants/${tenant}/quotes`, bearer(dev, spoofed));
      assert.equal(response.status, 200, response.text);
      const headers = upstream.seen.at(-1);
      assert.equal(headers['x-auth-user-name'], 'dev@example.com');
      assert.equal(headers['x-auth-method'], 'jwt', 'a JWT works the same way');
      assert.equal(headers['x-auth-business-account'], 'default');
      assert.notEqual(headers['x-auth-user-locator'], 'forged');
      assert.equal(headers['x-auth-token-name'], undefined, 'a JWT has no token name, and the forged one is gone');
      assert.equal(headers['x-auth-tenant-locator'], tenant);
      for (const name of Object.keys(headers)) assert.ok(!name.startsWith('x_auth'), `${name} reached the upstream`);
    });

    it('without the permission: 403 with the problem body, and the upstream is not reached', async () => {
      const before = upstream.seen.length;
      const response = await through('POST', `/tenants/${tenant}/quotes`, bearer(readPat, { 'content-type': 'application/json' }));
      assert.equal(response.status, 403);
      assert.equal(response.headers['content-type'], 'application/problem+json');
      assert.equal(response.body.code, 'forbidden');
      assert.match(response.body.detail, /quotes\.write/);
      assert.equal(upstream.seen.length, before);
    });

    it('SCOPE-2: the wrong tenant is 403', async () => {
      const before = upstream.seen.length;
      const response = await through('GET', `/tenants/${otherTenant}/quotes`, bearer(readPat));
      assert.equal(response.status, 403);
      assert.equal(response.body.code, 'forbidden');
      assert.match(response.body.detail, /tenant/);
      assert.equal(upstream.seen.length, before);
    });

    it('no credential: 401 with WWW-Authenticate and the problem body', async () => {
      const response = await through('GET', `/tenants/${tenant}/quotes`, { headers: { 'x-auth-user-name': 'admin@tessera.local' } });
      assert.equal(response.status, 401);
      assert.match(response.headers['www-authenticate'], /^Bearer /);
      assert.equal(response.body.code, 'unauthenticated');
    });

    it('PAT-1, PAT-12: the client address reaches Tessera, and a token bound to a network is held to it', async () => {
      const bound = await tessera.createPat(dev, { name: 'bound', permissions: ['quotes.read'], tenants: [tenant], allowedNetworks: ['127.0.0.2/32'] });
      // A client's own X-Forwarded-For is replaced by the gateway, not believed.
      const allowed = await through('GET', `/tenants/${tenant}/quotes`, bearer(bound, { 'x-forwarded-for': '127.0.0.3' }));
      assert.equal(allowed.status, 200, allowed.text);
      const refused = await through('GET', `/tenants/${tenant}/quotes`, { ...bearer(bound, { 'x-forwarded-for': '127.0.0.2' }), from: '127.0.0.3' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'network_not_allowed');
      assert.equal((await tessera.ok('GET', '/auth/users/tokens/bound', { token: dev })).lastUsedIp, '127.0.0.2');
      await tessera.ok('DELETE', '/auth/users/tokens/bound', { token: dev });
    });

    it('PAT-4: a deleted PAT is 401 on the very next request', async () => {
      const pat = await tessera.createPat(dev, { name: 'short-lived', permissions: ['quotes.read'], tenants: [tenant] });
      assert.equal((await through('GET', `/tenants/${tenant}/quotes`, bearer(pat))).status, 200);
      await tessera.ok('DELETE', '/auth/users/tokens/short-lived', { token: dev });
      const response = await through('GET', `/tenants/${tenant}/quotes`, bearer(pat));
      assert.equal(response.status, 401);
      assert.equal(response.body.code, 'unauthenticated');
    });

    it('fails closed: with Tessera gone the gateway answers 5xx and the upstream is not reached', async () => {
      await tessera.stop();
      const before = upstream.seen.length;
      const response = await through('GET', `/tenants/${tenant}/quotes`, bearer(readPat));
      assert.ok(response.status >= 500, `status ${response.status}`);
      assert.equal(upstream.seen.length, before);
    });
  });
}
