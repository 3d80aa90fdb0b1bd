// What the console's browser tests share: pages in a fresh browser context that collect every
// script error and CSP violation, logging in as the admin (and tests that start so), screenshots
// and the narrow-screen check.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ADMIN_PASSWORD, ADMIN_USER } from '../integration/harness.mjs';

export const SCREENSHOTS = resolve(import.meta.dirname, '../../build/screenshots');
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

// `browser()` and `baseUrl()` are read when a page is opened (both are set up in `before`);
// `problems` collects what the console must never produce; `contextOptions` go to every context.
export function consolePages({ browser, baseUrl, problems, contextOptions = {} }) {
  return {
    async newPage(viewport = { width: 1200, height: 900 }) {
      const context = await browser().newContext({ viewport, ...contextOptions });
      const page = await context.newPage();
      page.on('console', (message) => message.type() === 'error' && !/status of 4\d\d/.test(message.text()) && problems.push(message.text()));
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${baseUrl()}/`);
      return page;
    },
    async logIn(page, userName, password) {
      await page.getByLabel('User name').fill(userName);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
    },
    async logInAsAdmin(page) {
      await this.logIn(page, ADMIN_USER, ADMIN_PASSWORD);
      await page.getByRole('heading', { name: 'Personal Access Tokens' }).waitFor();
    },
    // A test body for `it` that runs `test(page)` on a new page logged in as the admin, then closes
    // the page's context (also when the test fails, so that a failure leaves no browser context).
    asAdmin(test) {
      return async () => {
        const page = await this.newPage();
        try {
          await this.logInAsAdmin(page);
          await test(page);
        } finally {
          await page.context().close();
        }
      };
    },
    shot(page, name) {
      return page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
    },
    async noHorizontalScrolling(page, what) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `${what}: no horizontal scrolling (${overflow}px)`);
    },
  };
}
