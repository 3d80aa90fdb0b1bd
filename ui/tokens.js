import { api } from './api.js';
import { errorLine, field, fieldId, formatDate, guarded, h, permissionPicker, tenantPicker } from './dom.js';

function stateOf(token) {
  if (token.expired) return ['expired', 'expired'];
  if ((token.dormantPermissions?.length ?? 0) + (token.dormantTenants?.length ?? 0) > 0) return ['partly dormant', 'dormant'];
  return ['active', 'active'];
}

function expiryCell(token) {
  if (token.expiresAt) return formatDate(token.expiresAt);
  return h('span', {}, 'Never ', h('span', { class: 'badge never', title: 'Tokens without an expiry are not recommended' }, 'not recommended'));
}

// User Settings > Personal Access Tokens.
export async function renderTokens(main) {
  const [tokens, grantable] = await Promise.all([api('GET', '/auth/users/tokens'), api('GET', '/auth/users/tokens/grantable')]);
  const live = tokens.filter((token) => !token.expired).length;
  const create = h('button', { type: 'button', disabled: live >= grantable.limit }, 'Create Token');
  create.addEventListener('click', () => { location.hash = '#/tokens/new'; });
  const rows = tokens.map((token) => {
    const [label, kind] = stateOf(token);
    return h('tr', {},
      h('td', {}, h('a', { href: `#/tokens/${encodeURIComponent(token.name)}` }, token.name)),
      h('td', { class: 'optional' }, formatDate(token.createdAt)),
      h('td', {}, expiryCell(token)),
      h('td', { class: 'optional' }, token.lastUsedAt ? formatDate(token.lastUsedAt) : 'never'),
      h('td', { class: 'optional' }, token.allowedNetworks?.length ? token.allowedNetworks.join(', ') : 'any'),
      h('td', {}, h('span', { class: `badge ${kind}` }, label)));
  });
  const atLimit = live >= grantable.limit;
  main.replaceChildren(
    h('h1', {}, 'Personal Access Tokens'),
    h('p', { id: 'token-usage' }, `${live} of ${grantable.limit} tokens in use.`,
      live >= grantable.limit ? ' Delete a token you no longer need, or ask an operator for a higher limit.' : ''),
    h('p', { class: 'muted' }, 'Tokens are immutable: to change one, delete it and create a new one. A token never does more than you can do right now.'),
    tokens.length
      ? h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Your tokens' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col', class: 'optional' }, 'Created'),
          h('th', { scope: 'col' }, 'Expires'), h('th', { scope: 'col', class: 'optional' }, 'Last used'),
          h('th', { scope: 'col', class: 'optional' }, 'Networks'), h('th', { scope: 'col' }, 'State'))),
        h('tbody', {}, rows)))
      : h('p', {}, 'You have no tokens yet.'),
    h('div', { class: 'actions' }, create),
    await limitRequestSection(main, grantable.limit, atLimit));
}

// PAT-6 extension: ask an operator for a higher limit; pending and decided requests are shown.
async function limitRequestSection(main, limit, atLimit) {
  const mine = await api('GET', '/auth/users/tokens/limitRequests').catch(() => ({ items: [] }));
  const pending = mine.items.find((request) => request.state === 'pending');
  const section = h('section', { class: 'card', 'aria-labelledby': 'limit-title' }, h('h2', { id: 'limit-title' }, 'Token limit'));
  for (const request of mine.items.slice(-3)) {
    section.append(h('p', { class: 'limit-request' }, `Request for ${request.requestedLimit} (${formatDate(request.createdAt)}): ${request.state}`,
      request.decisionNote ? ` — ${request.decisionNote}` : ''));
  }
  if (pending || !atLimit || limit >= 10) {
    if (!mine.items.length && !atLimit) return '';
    return section;
  }
  const error = errorLine();
  const amountId = fieldId('requested-limit');
  const amount = h('select', { id: amountId }, Array.from({ length: 10 - limit }, (_, i) => h('option', { value: String(limit + i + 1) }, String(limit + i + 1))));
  const reasonId = fieldId('reason');
  const reason = h('textarea', { id: reasonId, required: true, maxlength: 1000, rows: 2 });
  const form = h('form', {}, h('p', {}, 'You are at your limit. An operator can raise it (at most 10) if you say why.'),
    h('label', { for: amountId }, 'Limit to ask for'), amount, h('label', { for: reasonId }, 'Reason'), reason, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Ask for a higher limit')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const filed = await guarded(() => api('POST', '/auth/users/tokens/limitRequests', { requestedLimit: Number(amount.value), reason: reason.value.trim() }), error);
    if (filed) renderTokens(main);
  });
  section.append(form);
  return section;
}

function isoDaysAhead(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function renderCreateToken(main) {
  const grantable = await api('GET', '/auth/users/tokens/grantable');
  const error = errorLine();
  const [nameLabel, name] = field('Name', { type: 'text', name: 'token-name', required: true, maxlength: 100, autocomplete: 'off' });
  const expiry = h('fieldset', {}, h('legend', {}, 'Expires'));
  const presets = [['7', '7 days'], ['30', '30 days'], ['60', '60 days'], ['90', '90 days'], ['custom', 'Custom date'], ['never', 'Never']];
  const radios = presets.map(([value, label]) => {
    const id = `expiry-${value}`;
    const radio = h('input', { type: 'radio', name: 'expiry', id, value, checked: value === '30' });
    expiry.append(h('span', {}, radio, h('label', { for: id }, label)));
    return radio;
  });
  const customLabel = h('label', { for: 'expiry-date' }, 'Expiry date');
  const custom = h('input', { type: 'date', id: 'expiry-date', min: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) });
  const customBlock = h('div', { hidden: true }, customLabel, custom);
  const neverWarning = h('p', { class: 'warning', hidden: true, role: 'status' }, 'A token that never expires stays valid until someone deletes it. This is not recommended: choose an expiry unless you must.');
  expiry.append(customBlock, neverWarning);
  const chosenExpiry = () => radios.find((radio) => radio.checked)?.value;
  for (const radio of radios) {
    radio.addEventListener('change', () => {
      customBlock.hidden = chosenExpiry() !== 'custom';
      neverWarning.hidden = chosenExpiry() !== 'never';
    });
  }
  const permissions = permissionPicker(grantable.permissions);
  const tenants = tenantPicker(grantable.tenants);
  // PAT-12: optional, fixed at creation like everything else on the token.
  const networksId = fieldId('allowed-networks');
  const networksHint = fieldId('allowed-networks-hint');
  const networks = h('textarea', { id: networksId, rows: 2, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': networksHint });
  const networksBlock = h('div', {}, h('label', { for: networksId }, 'Allowed networks (optional)'), networks,
    h('p', { id: networksHint, class: 'muted' }, 'IPv4 or IPv6 CIDR blocks, one per line or comma-separated (198.51.100.0/24, 2001:db8::/32). Empty: usable from any address.'));
  const submit = h('button', { type: 'submit' }, 'Create Token');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  cancel.addEventListener('click', () => { location.hash = '#/tokens'; });
  const form = h('form', { class: 'card', 'aria-labelledby': 'create-title' },
    h('h1', { id: 'create-title' }, 'Create Token'), nameLabel, name, expiry, permissions.element, tenants.element, networksBlock, error,
    h('div', { class: 'actions' }, submit, cancel));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const choice = chosenExpiry();
    let expiresAt = null;
    if (choice === 'custom') {
      if (!custom.value) {
        error.textContent = 'Choose an expiry date, or another expiry.';
        return;
      }
      expiresAt = `${custom.value}T23:59:59Z`;
    } else if (choice !== 'never') {
      expiresAt = isoDaysAhead(Number(choice));
    }
    const body = { name: name.value.trim(), permissions: permissions.value(), tenants: tenants.value(), expiresAt };
    const allowedNetworks = networks.value.split(/[\s,]+/).filter(Boolean);
    if (allowedNetworks.length) body.allowedNetworks = allowedNetworks;
    if (!body.permissions.length) {
      error.textContent = 'Choose at least one permission.';
      return;
    }
    submit.disabled = true;
    const value = await guarded(() => api('POST', '/auth/users/tokens', body), error);
    submit.disabled = false;
    if (value) renderCreated(main, body.name, value);
  });
  main.replaceChildren(form);
  name.focus();
}

function renderCreated(main, name, value) {
  const copied = h('span', { role: 'status', class: 'muted' });
  const copy = h('button', { type: 'button' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value);
      copied.textContent = 'Copied.';
    } catch {
      copied.textContent = 'Copying is not allowed here: select the value and copy it.';
    }
  });
  const done = h('a', { href: '#/tokens' }, 'Back to your tokens');
  main.replaceChildren(h('section', { class: 'card', 'aria-labelledby': 'created-title' },
    h('h1', { id: 'created-title' }, `Token “${name}” created`),
    h('p', { class: 'warning' }, 'Copy the value now. It will not be shown again: Tessera keeps only a hash of it.'),
    h('div', { class: 'secret' }, h('code', { id: 'token-value' }, value), copy, copied),
    h('div', { class: 'actions' }, done)));
  copy.focus();
}

function list(items, empty = 'none') {
  return items?.length ? h('ul', { class: 'plain' }, items.map((item) => h('li', {}, item))) : h('p', { class: 'muted' }, empty);
}

// A token's details: granted vs effective vs dormant.
export async function renderTokenDetails(main, name) {
  const [token, reachable] = await Promise.all([
    api('GET', `/auth/users/tokens/${encodeURIComponent(name)}`),
    api('GET', '/auth/tenants/mytenants/list?count=1000').catch(() => ({ items: [] })),
  ]);
  // Tenant locators are shown with their names where the person can still see the tenant.
  const names = new Map(reachable.items.map((tenant) => [tenant.locator, `${tenant.name} (${tenant.type})`]));
  const tenantNames = (entries) => entries?.map((entry) => names.get(entry) ?? entry);
  const [label, kind] = stateOf(token);
  const error = errorLine();
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete token');
  remove.addEventListener('click', async () => {
    if (!window.confirm(`Delete the token “${token.name}”? Anything using it stops working at once.`)) return;
    const deleted = await guarded(() => api('DELETE', `/auth/users/tokens/${encodeURIComponent(token.name)}`).then(() => true), error);
    if (deleted) location.hash = '#/tokens';
  });
  main.replaceChildren(
    h('h1', {}, `Token “${token.name}” `, h('span', { class: `badge ${kind}` }, label)),
    h('section', { class: 'card' },
      h('dl', { class: 'grid' },
        h('div', {}, h('dt', {}, 'Created'), h('dd', {}, formatDate(token.createdAt))),
        h('div', {}, h('dt', {}, 'Expires'), h('dd', {}, expiryCell(token))),
        h('div', {}, h('dt', {}, 'Last used'), h('dd', {}, token.lastUsedAt ? `${formatDate(token.lastUsedAt)} from ${token.lastUsedIp}` : 'never')),
        h('div', {}, h('dt', {}, 'Allowed networks'), h('dd', { id: 'allowed-networks' }, token.allowedNetworks?.length ? token.allowedNetworks.join(', ') : 'any address')))),
    h('section', { class: 'card grid', 'aria-label': 'Permissions' },
      h('div', { id: 'granted-permissions' }, h('h2', {}, 'Granted permissions'), list(token.permissions)),
      h('div', { id: 'effective-permissions' }, h('h2', {}, 'Effective now'), list(token.effectivePermissions)),
      h('div', { id: 'dormant-permissions' }, h('h2', {}, 'Dormant'), h('p', { class: 'muted' }, 'Granted, but you no longer hold them; they work again if you regain them.'), list(token.dormantPermissions))),
    h('section', { class: 'card grid', 'aria-label': 'Tenants' },
      h('div', { id: 'granted-tenants' }, h('h2', {}, 'Granted tenants'), list(tenantNames(token.tenants), 'none (tenant-independent permissions only)')),
      h('div', {}, h('h2', {}, 'Effective tenants'), list(tenantNames(token.effectiveTenants))),
      h('div', { id: 'dormant-tenants' }, h('h2', {}, 'Dormant tenants'), list(tenantNames(token.dormantTenants)))),
    h('p', { class: 'muted' }, 'Tokens cannot be edited: delete this one and create a new one.'),
    error,
    h('div', { class: 'actions' }, remove, h('a', { href: '#/tokens' }, 'Back to your tokens')));
}
