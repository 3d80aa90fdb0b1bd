// Issue 11: single sign-on behind a load balancer. A login begun on instance A (state, nonce and
// PKCE verifier stored there) is completed by instance B (the provider redirects to the public
// URL, which is B's here), and the one-time code B issued is redeemed on A (the test sends the
// console's exchange there, as a load balancer without sticky sessions may). Two real tessera processes on
// the PostgreSQL of scripts/with-postgres, a real provider (oidc-provider), Debian's chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { Tessera, freePort } from '../integration/harness.mjs';
import { postgresDeployment } from '../integration/postgres.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CLIENT_SECRET = 'scale-out-client-secret-0123456789';

describe('single sign-on across two instances on one PostgreSQL', () => {
  let a, b, admin, idp, browser, workDir, deployment;

  before(async () => {
    deployment = await postgresDeployment('sso_scale');
    workDir = mkdtempSync(join(tmpdir(), 'tessera-sso-scale-'));
    // The load balancer's address is B's: both instances sign with it as issuer and hand it to
    // the provider as the redirect URI.
    const portB = await freePort();
    const args = [...deployment.args, '--public-url', `http://127.0.0.1:${portB}`];
    a = await new Tessera({ args }).start();
    b = await new Tessera({ args, port: portB }).start();
    admin = await a.loginToken();
    await a.createRole(admin, 'developer', ['quotes.*', 'users.token']);
    await a.createUser(admin, 'dev@example.com', { roles: ['developer'] });

    writeFileSync(join(workDir, 'accounts.json'), JSON.stringify({ 'dev@example.com': { preferred_username: 'dev@example.com' } }));
    const idpPort = await freePort();
    const issuer = `http://127.0.0.1:${idpPort}`;
    idp = spawn(process.execPath, [resolve(import.meta.dirname, 'oidc-idp.mjs')], {
      env: {
        ...process.env,
        IDP_PORT: String(idpPort),
        IDP_ISSUER: issuer,
        CLIENT_ID: 'tessera-console',
        CLIENT_SECRET,
        REDIRECT_URI: `${b.baseUrl}/auth/realms/default/sso/test-idp/callback`,
        IDP_ACCOUNTS_FILE: join(workDir, 'accounts.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise((ok, fail) => {
      idp.stdout.on('data', (chunk) => chunk.toString().includes('ready') && ok());
      idp.on('exit', (code) => fail(new Error(`oidc-provider exited (${code})`)));
    });
    await a.ok('POST', '/auth/identity/oidc', {
      token: admin,
      json: { id: 'test-idp', displayName: 'Test IdP', clientId: 'tessera-console', clientSecret: CLIENT_SECRET, importConfigUrl: `${issuer}/.well-known/openid-configuration` },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    idp?.kill();
    await Promise.all([a?.stop(), b?.stop()]);
    a?.cleanup();
    b?.cleanup();
    rmSync(workDir, { recursive: true, force: true });
    await deployment?.remove();
  });

  it('JWT-4: a login begun on A completes on B, and B\'s one-time code is redeemed on A', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const begun = [];
    const callbacks = [];
    const exchanged = [];
    page.on('request', (request) => {
      if (request.url().includes('/sso/test-idp/login')) begun.push(new URL(request.url()).origin);
      if (request.url().includes('/sso/test-idp/callback')) callbacks.push(new URL(request.url()).origin);
    });
    // The console (served by B) exchanges the one-time code: send that request to A.
    await page.route(`${b.baseUrl}/auth/realms/default/protocol/openid-connect/token`, async (route) => {
      const response = await route.fetch({ url: route.request().url().replace(b.baseUrl, a.baseUrl) });
      exchanged.push(response.status());
      await route.fulfill({ response });
    });
    await page.goto(`${a.baseUrl}/`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.locator('input[name=login]').fill('dev@example.com');
    await page.locator('input[name=password]').fill('any password');
    await page.locator('button[type=submit]').click();
    const consent = page.locator('button[type=submit]', { hasText: 'Continue' });
    if (await consent.count()) await consent.click();
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#who').textContent(), 'dev@example.com');
    assert.deepEqual(begun, [a.baseUrl], 'A began the login');
    assert.deepEqual(callbacks, [b.baseUrl], 'B completed it');
    assert.deepEqual(exchanged, [200], 'A redeemed the code B issued');
    await context.close();

    const events = await a.ok('GET', '/auth/events/list?type=auth.login.success&pageSize=100', { token: admin });
    assert.equal(events.items.filter((e) => e.actor.method === 'sso').length, 1);
  });
});
