// Issue 16 item 5: the console's pages for administrators in a real browser (Debian's chromium
// driven by playwright-core) against a fresh tessera: users searched and paged by the server,
// the audit trail, identity providers, the password and token policies and the token-limit
// requests; each also by keyboard alone on a narrow screen. Screenshots go to build/screenshots/.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { ADMIN_PASSWORD, ADMIN_USER, BIN, eventually, startWithAdmin } from '../integration/harness.mjs';
import { CHROMIUM, SCREENSHOTS, consolePages } from './browser.mjs';

const run = promisify(execFile);
const BULK = 120; // users beyond the admin and dev: three pages of 50

describe('console pages for administrators', () => {
  let tessera, admin, dev, devJwt, browser, keys;
  const problems = [];

  const pages = consolePages({ browser: () => browser, baseUrl: () => tessera.baseUrl, problems });
  const { newPage, shot, noHorizontalScrolling } = pages;
  const asAdmin = (test) => pages.asAdmin(test);
  const logInAsAdmin = (page) => pages.logInAsAdmin(page);
  const open = async (page, link, heading = link) => {
    await page.getByRole('link', { name: link }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ tessera, admin } = await startWithAdmin());
    const tenant = await tessera.createTenant(admin, 'Acme Test');
    await tessera.createRole(admin, 'developer', ['quotes.*', 'users.token']);
    dev = await tessera.createUser(admin, 'dev@example.com', { roles: ['developer'], tenants: [tenant.locator] });
    devJwt = await tessera.loginToken('dev@example.com', 'User-Passw0rd-Long!');
    // Users without passwords (no argon2id per user), created a few at a time.
    const numbers = Array.from({ length: BULK }, (_, i) => String(i).padStart(3, '0'));
    for (let i = 0; i < numbers.length; i += 10) {
      await Promise.all(numbers.slice(i, i + 10).map((n) => tessera.ok('POST', '/auth/users?enableUser=true', {
        token: admin, json: { userName: `member-${n}@bulk.example`, firstName: `Member${n}`, lastName: 'Bulk' },
      })));
    }
    keys = mkdtempSync(join(tmpdir(), 'tessera-e2e-saml-'));
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=Console SAML IdP', '-days', '2',
      '-keyout', join(keys, 'key.pem'), '-out', join(keys, 'cert.pem')]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await tessera?.stopAndCleanup();
    if (keys) rmSync(keys, { recursive: true, force: true });
  });

  it('USR-1: the users table is searched and paged by the server, 50 at a time', async () => {
    const page = await newPage();
    const asked = [];
    page.on('request', (request) => request.url().includes('/auth/users/list') && asked.push(new URL(request.url()).searchParams));
    await logInAsAdmin(page);
    await open(page, 'Users');
    const total = BULK + 2;
    await page.getByText(`Users 1–50 of ${total}.`).waitFor();
    assert.equal(await page.getByRole('row').count(), 51, 'a heading row and one page of users');
    assert.equal(await page.getByRole('button', { name: 'Previous page' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(`Users 51–100 of ${total}.`).waitFor();
    await shot(page, '20-users-paged');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(`Users 101–${total} of ${total}.`).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Next page' }).isDisabled(), true, 'the last page');

    await page.getByLabel('Search users').fill('MEMBER07');
    await page.getByLabel('Search users').press('Enter');
    await page.getByText('Users 1–10 of 10 matching “MEMBER07”.').waitFor();
    const names = await page.getByRole('row').allTextContents();
    assert.ok(names.slice(1).every((row) => /member-07\d@bulk\.example/.test(row)), 'first names matched, case-insensitively');
    await shot(page, '21-users-search');
    await page.getByLabel('Search users').fill('nobody-at-all');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No users matching “nobody-at-all”.').waitFor();

    assert.ok(asked.every((query) => query.get('count') === '50'), 'never more than a page asked for');
    assert.ok(asked.some((query) => query.get('search') === 'MEMBER07' && query.get('offset') === '0'), 'the server searched');
    await page.context().close();
  });

  it('AUD-1: the audit trail filters by type, actor (user name or locator) and time, a page at a time', async () => {
    await tessera.createPat(devJwt, { name: 'audit-me', permissions: ['quotes.read'] });
    const page = await newPage();
    await logInAsAdmin(page);
    await open(page, 'Audit trail');
    await page.getByText('Page 1: 50 events, oldest first.').waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(/^Page 2: 50 events/).waitFor();
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1: 50 events, oldest first.').waitFor();

    await page.getByLabel('Event type').fill('auth.token.*');
    await page.getByLabel('Actor').fill('dev@example.com');
    await page.getByRole('button', { name: 'Show events' }).click();
    await page.getByText('Page 1: 1 event, oldest first; no more.').waitFor();
    const row = page.getByRole('row', { name: /auth\.token\.create/ });
    assert.match(await row.textContent(), /dev@example\.com \(jwt\)/, 'the actor by name, with how it authenticated');
    assert.match(await row.textContent(), /tokenName=audit-me/);
    await shot(page, '22-audit-filtered');

    await page.getByLabel('Actor').fill(dev.locator); // a locator works as well
    await page.getByRole('button', { name: 'Show events' }).click();
    await page.getByText('Page 1: 1 event, oldest first; no more.').waitFor();
    await page.getByLabel('Actor').fill('not-a-locator');
    await page.getByRole('button', { name: 'Show events' }).click();
    await page.getByText(/actor a user locator \(UUID\) \(actor\)/).waitFor();
    assert.equal(await page.getByLabel('Actor').getAttribute('aria-invalid'), 'true', 'the field the server named');
    await shot(page, '23-audit-bad-actor');
    await page.getByLabel('Actor').fill('');
    await page.getByLabel('Event type').fill('');
    await page.getByLabel('From (UTC)').fill('2999-01-01T00:00');
    await page.getByRole('button', { name: 'Show events' }).click();
    await page.getByText('No events match.').waitFor();
    assert.equal(await page.getByLabel('Actor').getAttribute('aria-invalid'), null, 'cleared once accepted');
    await page.context().close();
  });

  it('JWT-4: identity providers: the server\'s validation errors on their fields, register SAML, delete', asAdmin(async (page) => {
    await open(page, 'Identity providers');
    await page.getByText('No identity providers yet').waitFor();
    await page.getByLabel('Id', { exact: true }).fill('okta');
    await page.getByLabel('Display name').fill('Okta');
    await page.getByLabel('Discovery URL').fill('http://127.0.0.1:9/.well-known/openid-configuration');
    await page.getByLabel('Client id').fill('client');
    await page.getByLabel('Client secret').fill('secret');
    await page.getByRole('button', { name: 'Register OpenID Connect provider' }).click();
    await page.getByText(/\(importConfigUrl\)$/).waitFor();
    assert.equal(await page.getByLabel('Discovery URL').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Client id').getAttribute('aria-invalid'), null);
    await shot(page, '24-providers-oidc-error');

    await page.getByLabel('Kind of provider to register').selectOption('saml');
    await page.getByLabel('Id', { exact: true }).fill('console-saml');
    await page.getByLabel('Display name').fill('Console SAML');
    await page.getByLabel('Single sign-on URL').fill('http://127.0.0.1:9/sso');
    await page.getByRole('button', { name: 'Register SAML 2.0 provider' }).click();
    await page.getByText(/\(metadataUrl; signingCertificate\)$/).waitFor();
    await page.getByLabel('Signing certificate (PEM)').fill(readFileSync(join(keys, 'cert.pem'), 'utf8'));
    await page.getByRole('button', { name: 'Register SAML 2.0 provider' }).click();
    await page.getByText('Registered Console SAML.').waitFor();
    const row = page.getByRole('row', { name: /Console SAML/ });
    assert.match(await row.textContent(), /ACS URL.*\/auth\/realms\/default\/sso\/console-saml\/acs/);
    await shot(page, '25-providers');
    assert.deepEqual((await tessera.ok('GET', '/auth/identity/instances', { token: admin })).map((p) => p.id), ['console-saml']);

    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Removed Console SAML.').waitFor();
    await page.getByText('No identity providers yet').waitFor();
    assert.deepEqual(await tessera.ok('GET', '/auth/identity/instances', { token: admin }), []);
  }));

  it('JWT-3, PAT-8: the password and token policy forms save, and show what the server refuses', asAdmin(async (page) => {
    await open(page, 'Policies');
    assert.equal(await page.getByLabel('Minimum length').inputValue(), '16', "Socotra's default");
    await page.getByLabel('Minimum length').fill('20');
    await page.getByLabel('Maximum length').fill('12');
    await page.getByRole('button', { name: 'Save password policy' }).click();
    await page.getByText(/^out of range: .*\(maxLength\)$/).waitFor();
    assert.equal(await page.getByLabel('Maximum length').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Maximum length').fill('64');
    await page.getByRole('button', { name: 'Save password policy' }).click();
    await page.getByText('Saved. It applies from now on.').waitFor();
    assert.equal((await tessera.ok('GET', '/auth/identity/passwordPolicy', { token: admin })).passwordPolicies.length, 20);

    await page.getByLabel('New tokens must have an expiry').check();
    await page.getByLabel('Maximum lifetime of new tokens, in days').fill('5000');
    await page.getByRole('button', { name: 'Save token policy' }).click();
    await page.getByText(/\(maxLifetimeDays\)$/).waitFor();
    assert.equal(await page.getByLabel('Maximum lifetime of new tokens, in days').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Maximum lifetime of new tokens, in days').fill('30');
    await page.getByRole('button', { name: 'Save token policy' }).click();
    await page.locator('form', { hasText: 'Token policy' }).getByText('Saved. It applies from now on.').waitFor();
    assert.deepEqual(await tessera.ok('GET', '/auth/identity/tokenPolicy', { token: admin }), { requireExpiry: true, maxLifetimeDays: 30 });
    await shot(page, '26-policies');
    await tessera.ok('PUT', '/auth/identity/tokenPolicy', { token: admin, json: { requireExpiry: false, maxLifetimeDays: null } });
  }));

  it('PAT-6: administrators see the token-limit requests and the operator command that decides one', async () => {
    const filed = await tessera.ok('POST', '/auth/users/tokens/limitRequests', { token: devJwt, json: { requestedLimit: 5, reason: 'one token per CI pipeline' } });
    const page = await newPage();
    await logInAsAdmin(page);
    await open(page, 'Token limit requests');
    const row = page.getByRole('row', { name: /dev@example\.com/ });
    await row.waitFor();
    assert.match(await row.textContent(), /3 → 5/);
    assert.match(await row.textContent(), /one token per CI pipeline/);
    assert.match(await row.textContent(), new RegExp(`tessera admin approve-limit-request ${filed.locator}`));
    await shot(page, '27-limit-requests');

    await run(BIN, ['admin', '--data-dir', tessera.dataDir, 'approve-limit-request', filed.locator, '--note', 'ok for CI']);
    await page.getByLabel('Show').selectOption('');
    await eventually(async () => /approved.*ok for CI/.test(await page.getByRole('row', { name: /dev@example\.com/ }).textContent()),
      { timeout: 5000, interval: 100, what: 'the decision in the list' });
    await page.getByLabel('Show').selectOption('pending');
    await page.getByText('No pending requests.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), await page.getByLabel('Show').getAttribute('id'), 'the focus stays on the filter');
    await page.context().close();
  });

  it('each page is usable by keyboard alone on a narrow screen', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.keyboard.type(ADMIN_USER);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    // Tab to a navigation link (from the top of the page) and follow it with Enter.
    const follow = async (link, heading = link) => {
      await page.locator('.brand').focus();
      for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement.textContent)) !== link; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    };
    // A list page whose first field (Tab from the page's start) filters it: `term` typed there
    // and submitted with Enter shows `filtered`.
    const filterByKeyboard = async ({ link, listed, term, filtered, what, screenshot }) => {
      await follow(link);
      await page.getByText(listed).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type(term);
      await page.keyboard.press('Enter');
      await page.getByText(filtered).waitFor();
      await noHorizontalScrolling(page, what);
      await shot(page, screenshot);
    };
    await filterByKeyboard({ // the search field
      link: 'Users', listed: /^Users 1–50 of/, term: 'member-11',
      filtered: 'Users 1–10 of 10 matching “member-11”.', what: 'users', screenshot: '28-narrow-users',
    });
    await filterByKeyboard({ // the event type filter
      link: 'Audit trail', listed: /^Page 1: /, term: 'auth.token.create',
      filtered: 'Page 1: 1 event, oldest first; no more.', what: 'audit trail', screenshot: '29-narrow-audit',
    });

    await follow('Identity providers');
    await noHorizontalScrolling(page, 'identity providers');
    await follow('Policies');
    await noHorizontalScrolling(page, 'policies');
    await shot(page, '30-narrow-policies');
    await follow('Token limit requests');
    await page.keyboard.press('Tab'); // the filter
    await page.keyboard.press('End'); // its last option: Denied
    await page.getByText('No denied requests.').waitFor();
    await noHorizontalScrolling(page, 'token limit requests');
    await page.context().close();
    assert.deepEqual(problems, [], 'no script errors or CSP violations');
  });
});
