// Issue 16 item 5: the console's webhooks page in a real browser (Debian's chromium driven by
// playwright-core) against a fresh tessera that delivers to a receiver on 127.0.0.1: the
// server's validation errors on their fields, the one-time secret (copied, then gone), a test
// event really delivered and in the log, rotation, a failing endpoint retried, disabled and
// enabled again, the log paged, deletion, and all of it by keyboard on a narrow screen.
// Screenshots go to build/screenshots/.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { ADMIN_PASSWORD, ADMIN_USER, eventually, startWithAdmin } from '../integration/harness.mjs';
import { CHROMIUM, SCREENSHOTS, consolePages } from './browser.mjs';

// Fast retries, and an endpoint failing for 3 s is disabled.
const ARGS = ['--webhook-allow-loopback', '--webhook-first-retry-ms', '200', '--webhook-timeout-ms', '1000', '--webhook-disable-after', '3'];
const ALL_TYPES = ['token.expiring', 'token.expired', 'token.dormant', 'token.restored', 'token.leaked',
  'token.created', 'token.deleted', 'user.locked', 'limitRequest.decided'];
const within = (seconds, what) => ({ timeout: seconds * 1000, interval: 200, what });

// Standard Webhooks: v1 = base64 HMAC-SHA256 of "id.timestamp.body" under the secret's key.
function signedWith(secret, request) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures } = request.headers;
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64');
  return signatures.split(' ').includes(`v1,${expected}`);
}

describe('console: webhooks', () => {
  let tessera, admin, browser, receiver, port;
  const requests = []; // { path, headers, body }
  const failing = new Set(['/fail']); // paths answered with 500
  const problems = [];
  const shared = {}; // what one test leaves the next: the endpoint, its secrets, message ids

  const url = (path) => `http://127.0.0.1:${port}${path}`;
  const pages = consolePages({
    browser: () => browser, baseUrl: () => tessera.baseUrl, problems,
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  });
  const { newPage, shot, noHorizontalScrolling } = pages;
  const asAdmin = (test) => pages.asAdmin(test);
  const logInAsAdmin = (page) => pages.logInAsAdmin(page);
  const openWebhooks = async (page) => {
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
  };
  const openEndpoint = async (page, path) => {
    await openWebhooks(page);
    await page.getByRole('link', { name: url(path) }).click();
    await page.getByRole('heading', { name: /^Webhook endpoint/, level: 1 }).waitFor();
    await page.locator('#deliveries-summary:not(:empty)').waitFor();
  };
  // Refreshes the log until a row for the message shows the outcome.
  const logShows = (page, messageId, pattern, what) => eventually(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    const rows = await page.getByRole('row', { name: new RegExp(messageId) }).allTextContents();
    return rows.some((row) => pattern.test(row));
  }, within(15, what));
  const sendTest = async (page) => {
    await page.getByRole('button', { name: 'Send test event' }).click();
    const text = await page.locator('#test-sent', { hasText: /queued as msg_/ }).textContent();
    return text.match(/msg_[0-9A-Z]+/)[0];
  };
  // POST answered 201 or 202.
  const accepted = async (path, json) => {
    const response = await tessera.request('POST', path, { token: admin, json });
    assert.ok([201, 202].includes(response.status), `POST ${path}: ${response.status} ${response.text}`);
    return response.body;
  };
  const delivered = (messageId) => requests.filter((request) => request.headers['webhook-id'] === messageId);
  const secretInPage = (page, secret) => page.evaluate((value) => document.documentElement.outerHTML.includes(value.slice(6)), secret);

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        requests.push({ path: request.url, headers: request.headers, body });
        response.writeHead(failing.has(request.url) ? 500 : 200, { 'content-type': 'text/plain' });
        response.end('thanks');
      });
    });
    await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
    port = receiver.address().port;
    ({ tessera, admin } = await startWithAdmin({ args: ARGS }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await tessera?.stopAndCleanup();
    receiver?.closeAllConnections();
    await new Promise((ok) => (receiver ? receiver.close(ok) : ok()));
  });

  it('AUD-2: create shows the server\'s errors on their fields, then the one-time secret with a copy button', asAdmin(async (page) => {
    await openWebhooks(page);
    await page.getByText('No webhook endpoints yet.').waitFor();
    await page.getByLabel('URL', { exact: true }).fill('http://example.com/hook');
    await page.getByLabel('Description (optional)').fill('Security alerts');
    await page.getByLabel('token.leaked').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText(/^url must use https \(plain http only on the loopback/).waitFor();
    assert.equal(await page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid'), 'true', 'the field the server named');
    assert.equal(await page.getByLabel('Description (optional)').getAttribute('aria-invalid'), null);
    await shot(page, '40-webhooks-create-error');

    await page.getByLabel('URL', { exact: true }).fill(url('/ok'));
    await page.getByLabel('token.leaked').uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText(/^eventTypes must name at least one event type/).waitFor();
    assert.equal(await page.getByRole('group', { name: 'Event types' }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid'), null, 'cleared once accepted');

    await page.getByLabel('All event types').check();
    for (const type of ALL_TYPES) assert.equal(await page.getByLabel(type).isChecked(), true, `select-all ticks ${type}`);
    await page.getByLabel('user.locked').uncheck();
    assert.equal(await page.getByLabel('All event types').evaluate((box) => box.indeterminate), true, 'some, not all');
    await page.getByLabel('user.locked').check();
    assert.equal(await page.getByLabel('All event types').isChecked(), true);
    await page.getByRole('button', { name: 'Add endpoint' }).click();

    await page.getByRole('heading', { name: 'Endpoint added: its signing secret' }).waitFor();
    await page.getByText('It will not be shown again').waitFor();
    const secret = (await page.locator('#webhook-secret').textContent()).trim();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Copy secret', 'the copy button has the focus');
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByText('Copied.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await shot(page, '41-webhook-secret');

    const [endpoint] = (await tessera.ok('GET', '/auth/webhooks', { token: admin })).items;
    assert.equal(endpoint.url, url('/ok'));
    assert.equal(endpoint.description, 'Security alerts');
    assert.deepEqual(endpoint.eventTypes, ALL_TYPES);
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    assert.equal(await page.locator('#webhook-secret').count(), 0);
    assert.equal(await secretInPage(page, secret), false, 'dismissed: the secret has left the page');
    shared.endpoint = endpoint;
    shared.secret = secret;
  }));

  it('AUD-2: a test event is really delivered, signed with that secret, and shows in the log as delivered', asAdmin(async (page) => {
    await openEndpoint(page, '/ok');
    await page.getByText('No delivery attempts yet.').waitFor();
    const messageId = await sendTest(page);
    await logShows(page, messageId, /webhook\.test.*delivered.*HTTP 200/, 'the test event delivered in the log');
    const [request] = delivered(messageId);
    assert.equal(request.path, '/ok');
    assert.ok(signedWith(shared.secret, request), 'signed with the secret the page showed');
    await shot(page, '42-webhook-delivered');
    shared.messages = [messageId];
  }));

  it('AUD-2: rotating shows the new secret once; both sign during the grace period (a day by default)', asAdmin(async (page) => {
    await openEndpoint(page, '/ok');
    assert.equal(await page.getByLabel('Grace period (hours)').inputValue(), '24');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('heading', { name: 'New signing secret' }).waitFor();
    const secret = (await page.locator('#webhook-secret').textContent()).trim();
    assert.match(secret, /^whsec_/);
    assert.notEqual(secret, shared.secret);
    await page.locator('#endpoint-status').waitFor();
    const retires = new Date((await tessera.ok('GET', `/auth/webhooks/${shared.endpoint.locator}`, { token: admin })).previousSecretRetiresAt);
    assert.ok(Math.abs(retires - Date.now() - 86_400_000) < 60_000, 'the previous secret signs for a day');
    await page.getByText(/^signs until /).waitFor();
    await shot(page, '43-webhook-rotated');

    const messageId = await sendTest(page);
    await eventually(() => delivered(messageId).length > 0, within(10, 'the delivery after rotation'));
    const [request] = delivered(messageId);
    assert.ok(signedWith(secret, request) && signedWith(shared.secret, request), 'signed with the new and the previous secret');
    shared.messages.push(messageId);

    // Leaving the page takes the secret with it; coming back does not show it again.
    await page.getByRole('link', { name: 'Back to webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    assert.equal(await secretInPage(page, secret), false, 'left: the secret has left the page');
    await page.goBack();
    await page.getByRole('heading', { name: /^Webhook endpoint/, level: 1 }).waitFor();
    assert.equal(await page.locator('#webhook-secret').count(), 0);
  }));

  it('AUD-2: a failing endpoint shows retrying attempts, then disabled with its reason, and can be enabled', async () => {
    const failingEndpoint = await accepted('/auth/webhooks', { url: url('/fail'), eventTypes: ['token.leaked'] });
    const page = await newPage();
    await logInAsAdmin(page);
    await openEndpoint(page, '/fail');
    const messageId = await sendTest(page);
    await logShows(page, messageId, /retrying.*HTTP 500.*next try/, 'a retrying attempt answered 500');
    await shot(page, '44-webhook-retrying');
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return /disabled/.test(await page.getByRole('heading', { level: 1 }).textContent());
    }, within(15, 'the endpoint disabled for failing'));
    assert.match(await page.locator('#endpoint-status').textContent(), /disabled.*Disabled: failing since .*Failing since/);
    assert.equal(await page.getByRole('button', { name: 'Send test event' }).isDisabled(), true, 'no test event while disabled');

    await openWebhooks(page);
    const row = page.getByRole('row', { name: new RegExp(url('/fail')) });
    assert.match(await row.textContent(), /disabled.*Disabled: failing since.*Failing since/);
    await shot(page, '45-webhooks-list-disabled');

    failing.delete('/fail');
    await row.getByRole('link').click();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByText('Enabled: deliveries resume.').waitFor();
    assert.match(await page.getByRole('heading', { level: 1 }).textContent(), /enabled/);
    assert.equal(await page.getByRole('button', { name: 'Enable', exact: true }).isHidden(), true);
    assert.equal((await tessera.ok('GET', `/auth/webhooks/${failingEndpoint.locator}`, { token: admin })).enabled, true);
    await page.context().close();
  });

  it('AUD-2: the delivery log is paged with the pagingToken, newest first', async () => {
    for (let i = 0; i < 11; i++) {
      const sent = await accepted(`/auth/webhooks/${shared.endpoint.locator}/test`);
      shared.messages.push(sent.messageId);
    }
    const path = `/auth/webhooks/${shared.endpoint.locator}/deliveries?pageSize=500`;
    await eventually(async () => (await tessera.ok('GET', path, { token: admin })).items.length >= 13, within(15, '13 attempts logged'));
    const page = await newPage();
    const asked = [];
    page.on('request', (request) => request.url().includes('/deliveries') && asked.push(new URL(request.url()).searchParams));
    await logInAsAdmin(page);
    await openEndpoint(page, '/ok');
    await page.getByLabel('Per page').selectOption('10');
    await page.getByText('Page 1: 10 attempts, newest first.').waitFor();
    const newest = (await tessera.ok('GET', path, { token: admin })).items[0];
    assert.match(await page.getByRole('row').nth(1).textContent(), new RegExp(newest.messageId), 'newest first');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2: 3 attempts, newest first; no more.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Next page' }).isDisabled(), true);
    await shot(page, '46-webhook-deliveries-paged');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1: 10 attempts, newest first.').waitFor();
    assert.ok(asked.some((query) => query.get('pageSize') === '10' && query.get('pagingToken')), 'the server paged');
    await page.context().close();
  });

  it('AUD-2: delete asks first', asAdmin(async (page) => {
    await openEndpoint(page, '/fail');
    page.once('dialog', (dialog) => dialog.dismiss());
    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    assert.equal((await tessera.ok('GET', '/auth/webhooks', { token: admin })).items.length, 2, 'kept when not confirmed');
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText(`Deleted the endpoint ${url('/fail')}.`).waitFor();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: url('/fail') }).count(), 0);
    assert.deepEqual((await tessera.ok('GET', '/auth/webhooks', { token: admin })).items.map((e) => e.url), [url('/ok')]);
  }));

  it('is usable by keyboard alone on a narrow screen', async () => {
    const page = await newPage({ width: 390, height: 844 });
    const focused = () => page.evaluate(() => ({ text: document.activeElement.textContent, name: document.activeElement.name ?? '' }));
    const tabTo = async (matches, what) => {
      for (let i = 0; i < 40; i++) {
        if (matches(await focused())) return;
        await page.keyboard.press('Tab');
      }
      assert.fail(`tabbed to ${what}`);
    };
    await page.keyboard.type(ADMIN_USER);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    await page.locator('.brand').focus();
    await tabTo((f) => f.text === 'Webhooks', 'the Webhooks link');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await tabTo((f) => f.name === 'url', 'the URL field');
    await page.keyboard.type(url('/keyboard'));
    await page.keyboard.press('Tab');
    await page.keyboard.type('Typed, not clicked');
    await page.keyboard.press('Tab'); // All event types
    await page.keyboard.press('Space');
    await tabTo((f) => f.text === 'Add endpoint', 'the submit button');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Endpoint added: its signing secret' }).waitFor();
    const secret = (await page.locator('#webhook-secret').textContent()).trim();
    assert.equal((await focused()).text, 'Copy secret');
    await noHorizontalScrolling(page, 'the secret');
    await shot(page, '47-narrow-webhook-secret');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).text, 'I have stored the secret');
    await page.keyboard.press('Enter');
    assert.equal(await secretInPage(page, secret), false);
    await tabTo((f) => f.text === 'Send test event', 'Send test event');
    await page.keyboard.press('Enter');
    const messageId = (await page.locator('#test-sent', { hasText: /queued as msg_/ }).textContent()).match(/msg_[0-9A-Z]+/)[0];
    await tabTo((f) => f.text === 'Refresh', 'Refresh');
    await eventually(async () => {
      await page.keyboard.press('Enter');
      return /delivered/.test((await page.getByRole('row', { name: new RegExp(messageId) }).allTextContents()).join());
    }, within(15, 'the delivery in the log'));
    await noHorizontalScrolling(page, 'an endpoint');
    await shot(page, '48-narrow-webhook');
    assert.equal((await tessera.ok('GET', '/auth/webhooks', { token: admin })).items.find((e) => e.url === url('/keyboard')).eventTypes.length, 9);

    await page.locator('.brand').focus();
    await tabTo((f) => f.text === 'Webhooks', 'the Webhooks link');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await noHorizontalScrolling(page, 'the webhooks list');
    await shot(page, '49-narrow-webhooks');
    await page.context().close();
    assert.deepEqual(problems, [], 'no script errors or CSP violations');
  });
});
