// TLS of Tessera's own (--tls-cert-file, --tls-key-file), checked with curl and openssl s_client:
// TLS 1.2 and 1.3 only with forward-secret AEAD suites, HSTS on the console, the certificate's
// expiry on /metrics, reload on SIGHUP and on a file change without a restart, and clear
// start-up errors for a pair that cannot serve.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Tessera, eventually } from './harness.mjs';

const run = promisify(execFile);

// A self-signed P-256 certificate for 127.0.0.1 with the given common name.
async function makePair(dir, name) {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
    '-days', '30', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1']);
  return { cert, key };
}

// s_client's handshake: { ok, output }; stdin closed so that it ends after the handshake.
function sClient(port, args) {
  return new Promise((ok) => {
    const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdin.end();
    child.on('exit', (code) => ok({ ok: code === 0 && /^New, TLSv1\.[23], Cipher is (?!\(NONE\))/m.test(output), output }));
  });
}

async function servedSubject(port, dir) {
  const { output } = await sClient(port, ['-CAfile', join(dir, 'served.crt'), '-showcerts']);
  return output.match(/subject=\/?(?:CN ?= ?)([^\n,/]+)/)?.[1]?.trim();
}

describe('TLS listener', () => {
  let tessera, dir, ca;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-tls-'));
    const first = await makePair(dir, 'tessera-first');
    copyFileSync(first.cert, join(dir, 'served.crt'));
    copyFileSync(first.key, join(dir, 'served.key'));
    ca = readFileSync(first.cert);
    tessera = await new Tessera({ tls: { ca }, args: ['--tls-cert-file', join(dir, 'served.crt'), '--tls-key-file', join(dir, 'served.key')] }).start();
  });
  after(async () => {
    await tessera?.stopAndCleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS, the console with HSTS, and a public URL of https', async () => {
    const { stdout } = await run('curl', ['-sS', '-i', '--cacert', join(dir, 'tessera-first.crt'), `${tessera.baseUrl}/`]);
    assert.match(stdout, /^HTTP\/1\.1 200/);
    assert.match(stdout, /^content-type: text\/html/im);
    assert.match(stdout, /^strict-transport-security: max-age=31536000/im);
    const discovery = JSON.parse((await run('curl', ['-sS', '--cacert', join(dir, 'tessera-first.crt'), `${tessera.baseUrl}/auth/realms/default/.well-known/openid-configuration`])).stdout);
    assert.equal(discovery.issuer, `https://127.0.0.1:${tessera.port}/auth/realms/default`);
    // Plain HTTP on the TLS port gets no answer.
    await assert.rejects(run('curl', ['-sS', '--max-time', '5', `http://127.0.0.1:${tessera.port}/healthz`]));
  });

  it('TLS 1.2 and 1.3 only, with forward-secret AEAD suites', async () => {
    for (const version of ['-tls1_2', '-tls1_3']) {
      const handshake = await sClient(tessera.port, [version]);
      assert.ok(handshake.ok, `${version}:\n${handshake.output}`);
    }
    // The client is let to offer the old protocols and suites (security level 0); the server refuses.
    for (const args of [['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0'], ['-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'],
      ['-tls1_2', '-cipher', 'AES128-SHA:@SECLEVEL=0'], ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA256:@SECLEVEL=0']]) {
      const handshake = await sClient(tessera.port, args);
      assert.ok(!handshake.ok, `${args.join(' ')} must fail:\n${handshake.output}`);
    }
  });

  it('/metrics names when the served certificate expires', async () => {
    const { stdout } = await run('curl', ['-sS', '--cacert', join(dir, 'tessera-first.crt'), `${tessera.baseUrl}/metrics`]);
    const notAfter = Number(stdout.match(/^tessera_tls_certificate_not_after_seconds (\d+)$/m)?.[1]);
    const { stdout: endDate } = await run('openssl', ['x509', '-noout', '-enddate', '-in', join(dir, 'served.crt')]);
    assert.equal(notAfter, Date.parse(endDate.trim().replace('notAfter=', '')) / 1000);
  });

  it('reloads on SIGHUP and on a file change, keeps the old pair when the new one is bad', async () => {
    assert.equal(await servedSubject(tessera.port, dir), 'tessera-first');
    const second = await makePair(dir, 'tessera-second');
    copyFileSync(second.cert, join(dir, 'served.crt'));
    copyFileSync(second.key, join(dir, 'served.key'));
    tessera.process.kill('SIGHUP');
    await eventually(async () => (await servedSubject(tessera.port, dir)) === 'tessera-second', { timeout: 10_000, interval: 100, what: 'the SIGHUP reload' });

    // A mismatched pair (a renewal half written): refused, the served one stays.
    const third = await makePair(dir, 'tessera-third');
    copyFileSync(third.cert, join(dir, 'served.crt'));
    await eventually(async () => /TLS certificate not reloaded .*does not belong/.test(tessera.output), { timeout: 15_000, interval: 100, what: 'the bad pair to be refused' });
    const stillServed = await sClient(tessera.port, ['-CAfile', second.cert, '-verify_return_error']);
    assert.ok(stillServed.ok, stillServed.output);
    // The key follows: the file change alone, no signal, brings the new pair in.
    copyFileSync(third.key, join(dir, 'served.key'));
    await eventually(async () => (await servedSubject(tessera.port, dir)) === 'tessera-third', { timeout: 15_000, interval: 200, what: 'the file-change reload' });
    assert.equal((await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', third.cert, `${tessera.baseUrl}/healthz`])).stdout, '200');
  });
});

describe('TLS start-up errors', () => {
  let dir;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tessera-tls-errors-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refusesToStart = async (args, message) => {
    const tessera = new Tessera({ args });
    await assert.rejects(tessera.start(), message);
    tessera.cleanup();
  };

  it('an unreadable file, a mismatched pair, a file that is no PEM, or one of the two alone', async () => {
    const a = await makePair(dir, 'a');
    const b = await makePair(dir, 'b');
    await refusesToStart(['--tls-cert-file', join(dir, 'missing.crt'), '--tls-key-file', a.key], /cannot read --tls-cert-file .*missing\.crt: No such file/);
    await refusesToStart(['--tls-cert-file', a.cert, '--tls-key-file', b.key], /the private key in .*b\.key does not belong to the certificate in .*a\.crt/);
    await refusesToStart(['--tls-cert-file', a.key, '--tls-key-file', a.key], /holds no PEM certificate/);
    await refusesToStart(['--tls-cert-file', a.cert], /--tls-cert-file and --tls-key-file go together/);
  });
});
