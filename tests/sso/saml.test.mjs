// JWT-4 over SAML 2.0, against a SAML identity provider built on samlp (auth0's library) started
// here on 127.0.0.1, driven through the console in Debian's chromium: SP-initiated
// HTTP-Redirect AuthnRequest, signed HTTP-POST response to the ACS URL.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { Tessera, freePort } from '../integration/harness.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const run = promisify(execFile);

describe('single sign-on with SAML 2.0', () => {
  let tessera, admin, idp, browser, keys, idpUrl;
  const posted = [];

  // Through the console: "Sign in with Test SAML", the provider's login form, then the browser
  // posts the signed response to Tessera. `transform` may rewrite the response on the way.
  const samlLogin = async (login, { expired = false, transform } = {}) => {
    const context = await browser.newContext();
    await context.route('**/sso/test-saml/acs', async (route) => {
      const form = new URLSearchParams(route.request().postData());
      posted.push(form.toString());
      if (transform) {
        const xml = Buffer.from(form.get('SAMLResponse'), 'base64').toString();
        form.set('SAMLResponse', Buffer.from(transform(xml)).toString('base64'));
      }
      await route.continue({ postData: form.toString() });
    });
    const page = await context.newPage();
    await page.goto(`${tessera.baseUrl}/`);
    await page.getByRole('link', { name: 'Sign in with Test SAML' }).click();
    await page.getByLabel('User').fill(login);
    if (expired) await page.getByLabel('issue an expired assertion').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === tessera.baseUrl && !url.hash.startsWith('#/sso/'), { timeout: 15_000 });
    return page;
  };

  before(async () => {
    keys = mkdtempSync(join(tmpdir(), 'tessera-saml-'));
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=Test SAML IdP', '-days', '2',
      '-keyout', join(keys, 'key.pem'), '-out', join(keys, 'cert.pem')]);
    tessera = await new Tessera().start();
    admin = await tessera.loginToken();
    const port = await freePort();
    idpUrl = `http://127.0.0.1:${port}`;
    idp = spawn(process.execPath, [resolve(import.meta.dirname, 'saml-idp.mjs')], {
      env: {
        ...process.env,
        IDP_PORT: String(port),
        ISSUER: 'urn:test:saml-idp',
        ACS_URL: `${tessera.baseUrl}/auth/realms/default/sso/test-saml/acs`,
        CERT_FILE: join(keys, 'cert.pem'),
        KEY_FILE: join(keys, 'key.pem'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise((ok, fail) => {
      idp.stdout.on('data', (chunk) => chunk.toString().includes('ready') && ok());
      idp.on('exit', (code) => fail(new Error(`saml idp exited (${code})`)));
    });
    await tessera.createRole(admin, 'developer', ['quotes.*', 'users.token']);
    await tessera.createUser(admin, 'dev@example.com', { roles: ['developer'] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    idp?.kill();
    await tessera.stop();
    tessera.cleanup();
    rmSync(keys, { recursive: true, force: true });
  });

  it('registration needs something to check signatures against; metadata gives it', async () => {
    const nothing = await tessera.request('POST', '/auth/identity/saml', { token: admin, json: { id: 'test-saml', displayName: 'Test SAML', singleSignOnServiceUrl: `${idpUrl}/sso` } });
    assert.equal(nothing.status, 400);
    assert.deepEqual(nothing.body.invalidEntries, ['metadataUrl', 'signingCertificate']);
    const garbage = await tessera.request('POST', '/auth/identity/saml', { token: admin, json: { id: 'test-saml', displayName: 'Test SAML', singleSignOnServiceUrl: `${idpUrl}/sso`, signingCertificate: 'not a certificate' } });
    assert.deepEqual(garbage.body.invalidEntries, ['signingCertificate']);
    const missing = await tessera.request('POST', '/auth/identity/saml', { token: admin, json: { id: 'test-saml', displayName: 'Test SAML', metadataUrl: `${idpUrl}/nothing` } });
    assert.deepEqual(missing.body.invalidEntries, ['metadataUrl']);

    const registered = await tessera.ok('POST', '/auth/identity/saml', { token: admin, json: { id: 'test-saml', displayName: 'Test SAML', metadataUrl: `${idpUrl}/metadata` } });
    assert.equal(registered.type, 'saml');
    assert.equal(registered.singleSignOnServiceUrl, `${idpUrl}/sso`, 'from the metadata');
    assert.equal(registered.acsUrl, `${tessera.baseUrl}/auth/realms/default/sso/test-saml/acs`);
    assert.equal(registered.entityId, `${tessera.baseUrl}/auth/realms/default`);
    const metadata = await tessera.request('GET', '/auth/realms/default/sso/test-saml/metadata');
    assert.equal(metadata.status, 200);
    assert.match(metadata.text, new RegExp(`entityID="${registered.entityId}"`));
    assert.match(metadata.text, new RegExp(`Location="${registered.acsUrl}"`));
  });

  it('JWT-4: a known user signs in through the SAML provider', async () => {
    const page = await samlLogin('dev@example.com');
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    assert.equal(await page.locator('#who').textContent(), 'dev@example.com');
    await page.context().close();
    const events = await tessera.ok('GET', '/auth/events/list?type=auth.login.success&pageSize=100', { token: admin });
    assert.equal(events.items.filter((e) => e.actor.method === 'sso' && e.data.provider === 'test-saml').length, 1);
  });

  it('JWT-4: refused: an unknown user, a tampered, unsigned or wrapped response, an expired assertion', async () => {
    const cases = [
      ['stranger@example.com', {}, /no user of this business account matches 'stranger@example.com'/],
      ['dev@example.com', { transform: (xml) => xml.replaceAll('dev@example.com', 'admin@tessera.local') }, /no valid signature/],
      ['dev@example.com', { transform: (xml) => xml.replace(/<(\w+:)?Signature[\s\S]*?<\/(\w+:)?Signature>/, '') }, /no valid signature/],
      ['dev@example.com', {
        // Signature wrapping: an unsigned copy naming someone else, beside the signed original.
        transform: (xml) => {
          const assertion = xml.match(/<(saml:)?Assertion[\s\S]*<\/(saml:)?Assertion>/)[0];
          const evil = assertion.replace(/ID="[^"]+"/, 'ID="_evil"').replaceAll('dev@example.com', 'admin@tessera.local').replace(/<(\w+:)?Signature[\s\S]*?<\/(\w+:)?Signature>/, '');
          return xml.replace(assertion, evil + assertion);
        },
      }, /exactly one Assertion/],
      ['dev@example.com', { expired: true }, /has expired/],
    ];
    for (const [login, options, message] of cases) {
      const page = await samlLogin(login, options);
      await page.getByText(message).waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Log in to Tessera' }).count(), 1, 'no session');
      await page.context().close();
    }
  });

  it('JWT-4: a replayed response is refused', async () => {
    const page = await samlLogin('dev@example.com');
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    await page.context().close();
    const replay = await fetch(`${tessera.baseUrl}/auth/realms/default/sso/test-saml/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: posted.at(-1),
      redirect: 'manual',
    });
    assert.equal(replay.status, 302);
    assert.match(decodeURIComponent(replay.headers.get('location')), /^\/#\/sso-error\/.*already used/);
  });

  it('JWT-4: a deleted provider logs nobody in', async () => {
    await tessera.ok('DELETE', '/auth/identity/instances/test-saml', { token: admin });
    const start = await fetch(`${tessera.baseUrl}/auth/realms/default/sso/test-saml/login`, { redirect: 'manual' });
    assert.match(decodeURIComponent(start.headers.get('location')), /no identity provider 'test-saml'/);
    const late = await fetch(`${tessera.baseUrl}/auth/realms/default/sso/test-saml/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: posted.at(-1),
      redirect: 'manual',
    });
    assert.match(decodeURIComponent(late.headers.get('location')), /^\/#\/sso-error\//);
  });
});
