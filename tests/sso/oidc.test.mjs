// JWT-4 and JWT-5 over OpenID Connect, against a real provider (oidc-provider) started here on
// 127.0.0.1, driven through the console in Debian's chromium. A pass-through proxy in front of the
// provider can tamper with the ID token the token endpoint returns, and keeps the claims of each
// ID token it passed on.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { Tessera, freePort } from '../integration/harness.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CLIENT_SECRET = 'oidc-client-secret-that-must-never-leak-0123';

// JWT-5: provider accounts whose claims the tests choose: login name (= the subject, `sub`) ->
// its other claims, written to the file oidc-idp.mjs reads at every sign-in. No
// preferred_username here names a Tessera user unless said so.
const VERIFIED_EMAIL = 'verified.mail@corp.example';
const emailAsserting = (sub, emailVerified) => ({
  email: VERIFIED_EMAIL,
  preferred_username: `${sub}@idp.example`,
  ...(emailVerified === undefined ? {} : { email_verified: emailVerified }),
});
const ACCOUNTS = {
  'jwt5-string-false': emailAsserting('jwt5-string-false', 'false'),
  'jwt5-zero': emailAsserting('jwt5-zero', 0),
  'jwt5-missing': emailAsserting('jwt5-missing', undefined),
  'jwt5-string-true': emailAsserting('jwt5-string-true', 'true'),
  'jwt5-true': emailAsserting('jwt5-true', true),
  'jwt5-linked': { email: 'linked.old@corp.example', email_verified: true, preferred_username: 'jwt5-linked@idp.example' },
  // Other people who assert the linked user's new email, or its user name.
  'jwt5-intruder': { email: 'linked.new@corp.example', email_verified: true, preferred_username: 'jwt5-intruder@idp.example' },
  'jwt5-intruder-by-name': { email: 'intruder@idp.example', email_verified: true, preferred_username: 'linked@example.com' },
  'jwt5-shared': { email: 'shared@corp.example', email_verified: true, preferred_username: 'jwt5-shared@idp.example' },
};
const claimsOf = (idToken) => JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());

// Forwards everything to the provider; keeps the claims of each ID token in a token response;
// with `tamper` set, flips one character of the ID token's signature in token responses.
function startProxy(target) {
  const state = { tamper: false, idTokenClaims: [] };
  const server = http.createServer((request, response) => {
    const upstream = http.request({ host: '127.0.0.1', port: target, path: request.url, method: request.method, headers: request.headers }, (answer) => {
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        let body = Buffer.concat(chunks);
        const headers = { ...answer.headers };
        if (request.url.startsWith('/token') && answer.statusCode === 200) state.idTokenClaims.push(claimsOf(JSON.parse(body.toString()).id_token));
        if (state.tamper && request.url.startsWith('/token') && answer.statusCode === 200) {
          const json = JSON.parse(body.toString());
          const last = json.id_token.at(-2);
          json.id_token = json.id_token.slice(0, -2) + (last === 'A' ? 'B' : 'A') + json.id_token.at(-1);
          body = Buffer.from(JSON.stringify(json));
          headers['content-length'] = String(body.length);
        }
        response.writeHead(answer.statusCode, headers);
        response.end(body);
      });
    });
    request.pipe(upstream);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, state, port: server.address().port })));
}

describe('single sign-on with OpenID Connect', () => {
  let tessera, admin, idp, proxy, browser, issuer, accountsDir;
  const callbacks = [];
  const accountsFile = () => join(accountsDir, 'accounts.json');
  const writeAccounts = () => writeFileSync(accountsFile(), JSON.stringify(ACCOUNTS));

  const startIdp = async (port) => {
    const child = spawn(process.execPath, [resolve(import.meta.dirname, 'oidc-idp.mjs')], {
      env: {
        ...process.env,
        IDP_PORT: String(port),
        IDP_ISSUER: issuer,
        CLIENT_ID: 'tessera-console',
        CLIENT_SECRET,
        REDIRECT_URI: `${tessera.baseUrl}/auth/realms/default/sso/test-idp/callback`,
        IDP_ACCOUNTS_FILE: accountsFile(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise((ok, fail) => {
      child.stdout.on('data', (chunk) => chunk.toString().includes('ready') && ok());
      child.on('exit', (code) => fail(new Error(`oidc-provider exited (${code})`)));
    });
    return child;
  };

  // Through the console: "Sign in with Test IdP", then the provider's own login and consent pages.
  const ssoLogin = async (login) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('request', (request) => request.url().includes('/sso/test-idp/callback') && callbacks.push(request.url()));
    await page.goto(`${tessera.baseUrl}/`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.locator('button[type=submit]').click();
    const consent = page.locator('button[type=submit]', { hasText: 'Continue' });
    if (await consent.count()) await consent.click();
    await page.waitForURL((url) => url.origin === tessera.baseUrl && !url.hash.startsWith('#/sso/'), { timeout: 15_000 });
    return page;
  };

  const ssoFailures = async () => (await tessera.ok('GET', '/auth/events/list?type=auth.login.failure&pageSize=1000', { token: admin })).items.filter((e) => e.actor.method === 'sso');
  // A refused sign-in: the provider signed the person in, Tessera refused; the console shows why
  // and stays on its login page.
  const refusedLogin = async (login, message) => {
    const failures = (await ssoFailures()).length;
    const page = await ssoLogin(login);
    await page.getByText(message).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Log in to Tessera' }).count(), 1, `${login}: no session`);
    assert.equal(await page.locator('#who').textContent(), '', `${login}: signed in as nobody`);
    await page.context().close();
    assert.equal(proxy.state.idTokenClaims.at(-1).sub, login, 'the provider issued its ID token');
    const now = await ssoFailures();
    assert.equal(now.length, failures + 1);
    assert.equal(now.at(-1).data.reason, 'no_matching_user');
  };
  const signedInAs = async (login, userName) => {
    const page = await ssoLogin(login);
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    assert.equal(await page.locator('#who').textContent(), userName, login);
    assert.equal(proxy.state.idTokenClaims.at(-1).sub, login);
    await page.context().close();
  };
  const createUser = (userName, email) => tessera.ok('POST', '/auth/users', {
    token: admin,
    json: { userName, firstName: 'Test', lastName: 'User', password: 'User-Passw0rd-Long!', roles: ['developer'], tenants: [], email },
  });
  const eventsOf = async (type, userLocator) => {
    const events = await tessera.ok('GET', `/auth/events/list?type=${type}&pageSize=1000`, { token: admin });
    assert.equal(events.listCompleted, true);
    return events.items.filter((e) => (e.data.userLocator ?? e.actor.locator) === userLocator);
  };
  const linkEventsOf = async (userLocator) => (await eventsOf('auth.user.sso.*', userLocator)).filter((e) => e.type === 'auth.user.sso.link');
  const ssoLoginsOf = async (userLocator) => (await eventsOf('auth.login.success', userLocator)).filter((e) => e.actor.method === 'sso');

  before(async () => {
    tessera = await new Tessera().start();
    admin = await tessera.loginToken();
    accountsDir = mkdtempSync(join(tmpdir(), 'tessera-oidc-'));
    writeAccounts();
    const idpPort = await freePort();
    proxy = await startProxy(idpPort);
    issuer = `http://127.0.0.1:${proxy.port}`;
    idp = await startIdp(idpPort);
    await tessera.createRole(admin, 'developer', ['quotes.*', 'users.token']);
    await tessera.createUser(admin, 'dev@example.com', { roles: ['developer'] });
    await tessera.createUser(admin, 'off@example.com', { roles: ['developer'] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    idp?.kill();
    proxy?.server.close();
    await tessera.stop();
    tessera.cleanup();
    rmSync(accountsDir, { recursive: true, force: true });
  });

  it('registration fetches and checks the discovery document; the client secret is never shown', async () => {
    const base = { id: 'test-idp', displayName: 'Test IdP', clientId: 'tessera-console', clientSecret: CLIENT_SECRET };
    const unreachable = await tessera.request('POST', '/auth/identity/oidc', { token: admin, json: { ...base, importConfigUrl: 'http://127.0.0.1:9/.well-known/openid-configuration' } });
    assert.equal(unreachable.status, 400);
    assert.deepEqual(unreachable.body.invalidEntries, ['importConfigUrl']);
    assert.match(unreachable.body.detail, /unusable: cannot reach/);
    const plain = await tessera.request('POST', '/auth/identity/oidc', { token: admin, json: { ...base, importConfigUrl: 'http://idp.example.com/.well-known/openid-configuration' } });
    assert.equal(plain.status, 400);
    assert.match(plain.body.detail, /https/);
    const notDiscovery = await tessera.request('POST', '/auth/identity/oidc', { token: admin, json: { ...base, importConfigUrl: `${issuer}/jwks` } });
    assert.equal(notDiscovery.status, 400);
    const badId = await tessera.request('POST', '/auth/identity/oidc', { token: admin, json: { ...base, id: 'Bad Id', importConfigUrl: `${issuer}/.well-known/openid-configuration` } });
    assert.deepEqual(badId.body.invalidEntries, ['id']);

    const registered = await tessera.ok('POST', '/auth/identity/oidc', { token: admin, json: { ...base, importConfigUrl: `${issuer}/.well-known/openid-configuration` } });
    assert.equal(registered.type, 'oidc');
    assert.equal(registered.callbackUrl, `${tessera.baseUrl}/auth/realms/default/sso/test-idp/callback`);
    assert.equal(registered.singleSignOnServiceUrl, `${issuer}/auth`);
    assert.ok(registered.acsUrl && registered.entityId);
    const again = await tessera.request('POST', '/auth/identity/oidc', { token: admin, json: { ...base, importConfigUrl: `${issuer}/.well-known/openid-configuration` } });
    assert.equal(again.status, 409);
    const listed = await tessera.ok('GET', '/auth/identity/instances', { token: admin });
    assert.deepEqual(listed.map((p) => p.id), ['test-idp']);
    const one = await tessera.ok('GET', '/auth/identity/instances/test-idp', { token: admin });
    assert.equal(one.displayName, 'Test IdP');
    assert.ok(!JSON.stringify([registered, listed, one]).includes(CLIENT_SECRET));
    const open = await tessera.ok('GET', '/auth/realms/default/identity-providers');
    assert.deepEqual(open, [{ id: 'test-idp', displayName: 'Test IdP', type: 'oidc', loginUrl: '/auth/realms/default/sso/test-idp/login' }]);
    const dev = await tessera.loginToken('dev@example.com', 'User-Passw0rd-Long!');
    assert.equal((await tessera.request('GET', '/auth/identity/instances', { token: dev })).status, 403);
  });

  it('JWT-4: a known user signs in through the provider and gets a normal session', async () => {
    const page = await ssoLogin('DEV@example.com');
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    assert.equal(await page.locator('#who').textContent(), 'dev@example.com', 'matched case-insensitively');
    // The session works like a password session: it creates a PAT that works at /auth/check.
    await page.getByRole('button', { name: 'Create Token' }).click();
    await page.getByLabel('Name').fill('from-sso');
    await page.getByLabel('quotes.read').check();
    await page.getByRole('button', { name: 'Create Token' }).click();
    const value = (await page.locator('#token-value').textContent()).trim();
    assert.equal((await tessera.check(value, 'quotes.read')).status, 200);
    await page.context().close();
    const events = await tessera.ok('GET', '/auth/events/list?type=auth.login.success&pageSize=100', { token: admin });
    const sso = events.items.filter((e) => e.actor.method === 'sso');
    assert.equal(sso.length, 1);
    assert.equal(sso[0].data.provider, 'test-idp');
  });

  it('JWT-4: an unknown user, a disabled user and a tampered ID token get a clear error and no session', async () => {
    let page = await ssoLogin('stranger@example.com');
    await page.getByText(/no user of this business account matches 'stranger@example.com'/).waitFor();
    await page.context().close();

    const off = (await tessera.ok('GET', '/auth/users/username/off@example.com', { token: admin }))[0];
    await tessera.ok('PATCH', `/auth/users/${off.locator}/disable`, { token: admin });
    page = await ssoLogin('off@example.com');
    await page.getByText(/is disabled/).waitFor();
    await page.context().close();

    proxy.state.tamper = true;
    try {
      page = await ssoLogin('dev@example.com');
      await page.getByText(/ID token has no valid signature/).waitFor();
      await page.context().close();
    } finally {
      proxy.state.tamper = false;
    }
    const failures = await tessera.ok('GET', '/auth/events/list?type=auth.login.failure&pageSize=100', { token: admin });
    assert.deepEqual(failures.items.filter((e) => e.actor.method === 'sso').map((e) => e.data.reason), ['no_matching_user', 'no_matching_user', 'invalid_id_token']);
  });

  it('JWT-4: a wrong state, a replayed callback and a replayed one-time code are refused', async () => {
    const wrongState = await fetch(`${tessera.baseUrl}/auth/realms/default/sso/test-idp/callback?code=abc&state=forged`, { redirect: 'manual' });
    assert.equal(wrongState.status, 302);
    assert.match(decodeURIComponent(wrongState.headers.get('location')), /^\/#\/sso-error\/.*\(state\)/);

    // The subject the first login linked dev to (JWT-5: another subject could not take dev).
    const page = await ssoLogin('DEV@example.com');
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    await page.context().close();
    const replayed = await fetch(callbacks.at(-1), { redirect: 'manual' });
    assert.match(decodeURIComponent(replayed.headers.get('location')), /^\/#\/sso-error\/.*already used/);

    // A fresh flow stopped before the console redeems its code: the code works once only.
    const context = await browser.newContext();
    const stopped = await context.newPage();
    await context.route('**/protocol/openid-connect/token', (route) => route.abort());
    await stopped.goto(`${tessera.baseUrl}/auth/realms/default/sso/test-idp/login`);
    await stopped.locator('input[name=login]').fill('DEV@example.com');
    await stopped.locator('input[name=password]').fill('x');
    const callback = stopped.waitForResponse((response) => response.url().includes('/sso/test-idp/callback'));
    await stopped.locator('button[type=submit]').click();
    const consent = stopped.locator('button[type=submit]', { hasText: 'Continue' });
    if (await consent.count()) await consent.click();
    const location = (await callback).headers().location;
    assert.match(location, /^\/#\/sso\/default\/[0-9A-Za-z]{43}$/, 'tokens never appear in a URL: only a one-time code');
    const code = location.split('/').at(-1);
    await context.close();
    const exchange = () => tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code }).toString(),
    });
    const first = await exchange();
    assert.equal(first.status, 200, first.text);
    assert.ok(first.body.access_token && first.body.refresh_token);
    const second = await exchange();
    assert.equal(second.status, 400);
    assert.equal(second.body.error, 'invalid_grant');
  });

  it('JWT-5: an asserted email matches a user only when email_verified is the JSON boolean true', async () => {
    const user = await createUser('verified@example.com', VERIFIED_EMAIL);
    for (const login of ['jwt5-string-false', 'jwt5-zero', 'jwt5-missing', 'jwt5-string-true']) {
      await refusedLogin(login, `no user of this business account matches '${ACCOUNTS[login].preferred_username}'`);
      // The provider did send the matching email with exactly that email_verified.
      const sent = proxy.state.idTokenClaims.at(-1);
      assert.equal(sent.email, VERIFIED_EMAIL);
      if ('email_verified' in ACCOUNTS[login]) assert.deepEqual(sent.email_verified, ACCOUNTS[login].email_verified, login);
      else assert.ok(!('email_verified' in sent), login);
    }
    assert.equal((await ssoLoginsOf(user.locator)).length, 0, 'no session for the user');
    assert.equal((await linkEventsOf(user.locator)).length, 0, 'nobody was linked to the user');

    await signedInAs('jwt5-true', 'verified@example.com');
    assert.equal(proxy.state.idTokenClaims.at(-1).email_verified, true);
    assert.equal((await ssoLoginsOf(user.locator)).length, 1);
    const links = await linkEventsOf(user.locator);
    assert.equal(links.length, 1);
    assert.deepEqual([links[0].data.userName, links[0].data.provider], ['verified@example.com', 'test-idp']);
  });

  it('JWT-5: once linked, the subject alone picks the user; another subject cannot take it by email or name', async () => {
    const user = await createUser('linked@example.com', 'linked.old@corp.example');
    await signedInAs('jwt5-linked', 'linked@example.com');
    assert.equal((await linkEventsOf(user.locator)).length, 1, 'linked on the first login');
    await signedInAs('jwt5-linked', 'linked@example.com');
    assert.equal((await linkEventsOf(user.locator)).length, 1, 'a later login links nothing more');

    // An admin changes the user's email: the link, not the email, identifies the person.
    const current = await tessera.ok('GET', `/auth/users/${user.locator}`, { token: admin });
    const changed = await tessera.ok('PATCH', `/auth/users/${user.locator}`, {
      token: admin,
      json: { firstName: current.firstName, lastName: current.lastName, tenants: current.tenants, email: 'linked.new@corp.example' },
    });
    assert.equal(changed.email, 'linked.new@corp.example');
    await signedInAs('jwt5-linked', 'linked@example.com');
    // Whatever the mutable attributes then say: here the person's provider account names another
    // user, with that user's verified email.
    ACCOUNTS['jwt5-linked'] = { email: 'dev@example.com', email_verified: true, preferred_username: 'dev@example.com' };
    writeAccounts();
    await signedInAs('jwt5-linked', 'linked@example.com');
    assert.deepEqual([proxy.state.idTokenClaims.at(-1).preferred_username, proxy.state.idTokenClaims.at(-1).email], ['dev@example.com', 'dev@example.com']);
    assert.equal((await ssoLoginsOf(user.locator)).length, 4);

    // Someone else whose verified email is now the user's, or whose user name is the user's.
    await refusedLogin('jwt5-intruder', "the user 'linked@example.com' is linked to another identity at this provider");
    assert.deepEqual([proxy.state.idTokenClaims.at(-1).email, proxy.state.idTokenClaims.at(-1).email_verified], ['linked.new@corp.example', true]);
    await refusedLogin('jwt5-intruder-by-name', "the user 'linked@example.com' is linked to another identity at this provider");
    assert.equal((await ssoLoginsOf(user.locator)).length, 4, 'no session for the intruders');
    const links = await linkEventsOf(user.locator);
    assert.equal(links.length, 1, 'the intruders were not linked');
    assert.deepEqual([links[0].data.userName, links[0].data.provider], ['linked@example.com', 'test-idp']);
    // Across this suite: one link event per first link, none for a login through a link.
    const all = (await tessera.ok('GET', '/auth/events/list?type=auth.user.sso.*&pageSize=1000', { token: admin })).items;
    assert.ok(all.every((e) => e.type === 'auth.user.sso.link' && e.data.provider === 'test-idp'));
    const linkedUsers = all.map((e) => e.data.userName);
    assert.equal(new Set(linkedUsers).size, linkedUsers.length, `each user linked once: ${linkedUsers}`);
    assert.ok(linkedUsers.includes('verified@example.com') && linkedUsers.includes('linked@example.com'));
  });

  it('JWT-5: two users with the same verified email: ambiguous, nobody is signed in', async () => {
    const one = await createUser('shared-one@example.com', 'shared@corp.example');
    const two = await createUser('shared-two@example.com', 'SHARED@corp.example');
    await refusedLogin('jwt5-shared', "more than one user has the email 'shared@corp.example'");
    for (const user of [one, two]) {
      assert.equal((await ssoLoginsOf(user.locator)).length, 0);
      assert.equal((await linkEventsOf(user.locator)).length, 0);
    }
  });

  it('JWT-4: a deleted provider logs nobody in; the secret never reached the log', async () => {
    await tessera.ok('DELETE', '/auth/identity/instances/test-idp', { token: admin });
    const start = await fetch(`${tessera.baseUrl}/auth/realms/default/sso/test-idp/login`, { redirect: 'manual' });
    assert.equal(start.status, 302);
    assert.match(decodeURIComponent(start.headers.get('location')), /^\/#\/sso-error\/no identity provider 'test-idp'/);
    assert.deepEqual(await tessera.ok('GET', '/auth/realms/default/identity-providers'), []);
    assert.equal((await tessera.request('GET', '/auth/identity/instances/test-idp', { token: admin })).status, 404);
    await tessera.stop();
    assert.ok(!tessera.output.includes(CLIENT_SECRET));
    await tessera.start();
  });
});
