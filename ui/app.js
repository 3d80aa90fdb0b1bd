import { api, hasSession, loginWithSsoCode, logout, onSessionEnd } from './api.js';
import { renderRoles, renderTenants } from './admin.js';
import { renderAudit } from './audit.js';
import { clearNotice, showNotice } from './dom.js';
import { renderLimitRequests } from './limit-requests.js';
import { renderLogin } from './login.js';
import { renderPolicies } from './policies.js';
import { renderProviders } from './providers.js';
import { renderCreateToken, renderTokenDetails, renderTokens } from './tokens.js';
import { renderUsers } from './users.js';
import { renderWebhook, renderWebhooks } from './webhooks.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let me = null; // whoami of the session

// PERM-3/PERM-4 as the console needs them: a held pattern covers the permission.
function holds(permission) {
  const [group] = permission.split('.');
  return (me?.permissions ?? []).some((held) => held === '*.*' || held === permission || held === `${group}.*`);
}

async function loadMe() {
  me = await api('GET', '/auth/users/whoami');
  document.getElementById('who').textContent = `${me.userName}`;
  // data-needs lists alternatives (PERM-4: any one of them is enough).
  for (const link of nav.querySelectorAll('[data-needs]')) link.hidden = !link.dataset.needs.split(',').some(holds);
  nav.hidden = false;
}

const routes = [
  [/^#\/tokens\/new$/, () => renderCreateToken(main), 'tokens'],
  [/^#\/tokens\/(.+)$/, (match) => renderTokenDetails(main, decodeURIComponent(match[1])), 'tokens'],
  [/^#\/admin\/users$/, () => renderUsers(main), 'users'],
  [/^#\/admin\/roles$/, () => renderRoles(main), 'roles'],
  [/^#\/admin\/tenants$/, () => renderTenants(main), 'tenants'],
  [/^#\/admin\/audit$/, () => renderAudit(main), 'audit'],
  [/^#\/admin\/identity-providers$/, () => renderProviders(main), 'providers'],
  [/^#\/admin\/policies$/, () => renderPolicies(main), 'policies'],
  [/^#\/admin\/limit-requests$/, () => renderLimitRequests(main), 'limit-requests'],
  [/^#\/admin\/webhooks$/, () => renderWebhooks(main), 'webhooks'],
  [/^#\/admin\/webhooks\/(.+)$/, (match) => renderWebhook(main, decodeURIComponent(match[1])), 'webhooks'],
  [/^(#\/tokens)?$/, () => renderTokens(main), 'tokens'],
];

async function route() {
  if (!hasSession()) return showLogin();
  clearNotice();
  const hash = location.hash || '#/tokens';
  for (const [pattern, render, section] of routes) {
    const match = hash.match(pattern);
    if (!match) continue;
    for (const link of nav.querySelectorAll('[data-nav]')) link.classList.toggle('current', link.dataset.nav === section);
    try {
      await render(match);
    } catch (error) {
      if (hasSession()) showNotice(error.message);
    }
    main.focus();
    return;
  }
  location.hash = '#/tokens';
}

function showLogin(message) {
  me = null;
  nav.hidden = true;
  renderLogin(main, {
    message,
    onLoggedIn: loggedIn,
  });
}

async function loggedIn() {
  try {
    await loadMe();
  } catch (error) {
    showNotice(error.message);
    return;
  }
  if (!location.hash || location.hash === '#/login' || location.hash.startsWith('#/sso')) location.hash = '#/tokens';
  else route();
}

// After an SSO login Tessera sends the browser to #/sso/{ba}/{one-time code}, or to
// #/sso-error/{message}; the code is exchanged at once and leaves the address bar.
async function start() {
  const sso = location.hash.match(/^#\/sso\/([^/]+)\/(.+)$/);
  const failed = location.hash.match(/^#\/sso-error\/(.*)$/);
  if (sso) {
    history.replaceState(null, '', '/#/tokens');
    try {
      await loginWithSsoCode(decodeURIComponent(sso[1]), sso[2]);
      return loggedIn();
    } catch (error) {
      return showLogin(`Single sign-on failed: ${error.message}`);
    }
  }
  if (failed) {
    history.replaceState(null, '', '/#/login');
    return showLogin(`Single sign-on failed: ${decodeURIComponent(failed[1])}`);
  }
  showLogin();
}

onSessionEnd((reason) => showLogin(reason));
document.getElementById('logout').addEventListener('click', () => logout());
window.addEventListener('hashchange', route);
start();
