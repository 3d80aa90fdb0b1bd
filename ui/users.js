import { api } from './api.js';
import { checkboxes, difference } from './admin.js';
import { button, errorLine, field, fieldId, formatDate, guarded, h, table, tenantPicker } from './dom.js';

// System Manager > Users: a table of one page at a time, searched and paged by the server
// (`search`, `offset`, `count`; `totalCount` says how many matched), so an account with
// thousands of users never sends them all.
const PAGE_SIZE = 50;
const view = { search: '', offset: 0 }; // kept while the person edits a user and comes back

// Scope entries with tenant names where the tenants can be read.
async function tenantNamer() {
  const tenants = await api('GET', '/auth/tenants/list').catch(() => []);
  const names = new Map(tenants.map((tenant) => [tenant.locator, tenant.name]));
  return (entries) => entries.map((entry) => names.get(entry) ?? entry).join(', ') || '—';
}

export async function renderUsers(main) {
  const tenantNames = await tenantNamer();
  const error = errorLine();
  const searchId = fieldId('user-search');
  const search = h('input', { type: 'search', id: searchId, name: 'search', value: view.search, maxlength: 254, autocomplete: 'off',
    placeholder: 'User name, name or email', 'aria-describedby': 'users-summary' });
  const summary = h('p', { id: 'users-summary', role: 'status' });
  const results = h('div', {});
  const previous = button('Previous page', () => show(view.offset - PAGE_SIZE), 'secondary');
  const next = button('Next page', () => show(view.offset + PAGE_SIZE), 'secondary');
  const refresh = () => show(view.offset);

  const row = (user) => h('tr', {},
    h('td', {}, user.userName, user.serviceAccount ? h('span', { class: 'muted' }, ' (service account)') : ''),
    h('td', { class: 'optional' }, `${user.firstName} ${user.lastName}`),
    h('td', {}, user.roles.join(', ') || '—'),
    h('td', { class: 'optional' }, tenantNames(user.tenants)),
    h('td', {}, h('span', { class: `badge ${user.enabled ? 'active' : 'disabled'}` }, user.enabled ? 'enabled' : 'disabled')),
    h('td', {}, h('div', { class: 'actions row-actions' },
      button('Edit', () => renderUserEdit(main, user)),
      button(user.enabled ? 'Disable' : 'Enable', async () => {
        if (await guarded(() => api('PATCH', `/auth/users/${user.locator}/${user.enabled ? 'disable' : 'enable'}`), error)) refresh();
      }, 'secondary'),
      button('Tokens', () => renderUserTokens(main, user), 'secondary'),
      button('Delete', async () => {
        if (!window.confirm(`Delete ${user.userName} and all of their tokens?`)) return;
        if (await guarded(() => api('DELETE', `/auth/users/${user.locator}`).then(() => true), error)) refresh();
      }, 'danger'))));

  let shown = 0; // answers that arrive out of order (fast typing) are dropped
  async function show(offset) {
    const asked = ++shown;
    const query = new URLSearchParams({ offset: String(Math.max(0, offset)), count: String(PAGE_SIZE) });
    if (view.search) query.set('search', view.search);
    const list = await guarded(() => api('GET', `/auth/users/list?${query}`), error);
    if (!list || asked !== shown) return;
    // A page emptied by a deletion: step back to the last one that has users.
    if (!list.items.length && offset > 0 && list.totalCount > 0) return show(Math.floor((list.totalCount - 1) / PAGE_SIZE) * PAGE_SIZE);
    view.offset = Math.max(0, offset);
    const first = view.offset + 1;
    const last = view.offset + list.items.length;
    const matching = view.search ? ` matching “${view.search}”` : '';
    summary.textContent = list.items.length
      ? `Users ${first}–${last} of ${list.totalCount}${matching}.`
      : `No users${matching}.`;
    results.replaceChildren(list.items.length
      ? table('Users', [['User name'], ['Name', true], ['Roles'], ['Tenants', true], ['State'], ['Actions']], list.items.map(row))
      : '');
    previous.disabled = view.offset === 0;
    next.disabled = list.listCompleted;
  }

  let typing;
  const searchNow = () => {
    clearTimeout(typing);
    view.search = search.value.trim();
    show(0);
  };
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(searchNow, 300);
  });
  const form = h('form', { role: 'search', class: 'search', 'aria-label': 'User search' },
    h('label', { for: searchId }, 'Search users'), h('div', { class: 'inline' }, search, h('button', { type: 'submit' }, 'Search')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    searchNow();
  });
  main.replaceChildren(h('h1', {}, 'Users'), form, error, summary, results,
    h('nav', { class: 'actions pager', 'aria-label': 'Pages of users' }, previous, next),
    h('div', { class: 'actions' }, button('Create user', () => renderUserCreate(main))));
  await show(view.offset);
}

async function roleOptions() {
  const roles = (await api('GET', '/auth/roles/list?count=1000')).items;
  return roles.map((role) => [role.name, role.builtIn ? `${role.name} (built-in)` : role.name]);
}

async function scopeOptions() {
  const grantable = await api('GET', '/auth/users/tokens/grantable');
  return grantable.tenants;
}

async function renderUserCreate(main) {
  const [roles, scope] = await Promise.all([roleOptions(), scopeOptions()]);
  const error = errorLine();
  const [userLabel, userName] = field('User name (email)', { type: 'text', required: true, autocomplete: 'off' });
  const [firstLabel, firstName] = field('First name', { type: 'text', required: true });
  const [lastLabel, lastName] = field('Last name', { type: 'text', required: true });
  const [passwordLabel, password] = field('Initial password', { type: 'password', autocomplete: 'new-password' });
  const temporaryId = fieldId('temporary');
  const temporary = h('input', { type: 'checkbox', id: temporaryId, checked: true });
  const roleBoxes = checkboxes('Roles', roles, []);
  const tenants = tenantPicker(scope);
  const submit = h('button', { type: 'submit' }, 'Create user');
  const form = h('form', { class: 'card', 'aria-labelledby': 'user-create-title' }, h('h1', { id: 'user-create-title' }, 'Create user'),
    userLabel, userName, firstLabel, firstName, lastLabel, lastName, passwordLabel, password,
    h('div', {}, temporary, h('label', { for: temporaryId }, ' The user must change it at the first login')),
    roleBoxes.element, tenants.element, error,
    h('div', { class: 'actions' }, submit, button('Cancel', () => renderUsers(main), 'secondary')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { userName: userName.value.trim(), firstName: firstName.value.trim(), lastName: lastName.value.trim(), roles: roleBoxes.value(), tenants: tenants.value() };
    if (password.value) {
      body.password = password.value;
      body.temporaryPassword = temporary.checked;
    }
    if (!await guarded(() => api('POST', '/auth/users', body), error)) return;
    Object.assign(view, { search: body.userName, offset: 0 }); // the new user, found
    renderUsers(main);
  });
  main.replaceChildren(form);
  userName.focus();
}

async function renderUserEdit(main, user) {
  const [roles, scope] = await Promise.all([roleOptions(), scopeOptions()]);
  const known = new Set(scope.map((entry) => entry.entry));
  const extra = user.tenants.filter((entry) => !known.has(entry)).map((entry) => ({ entry, name: entry, type: 'outside your scope' }));
  const error = errorLine();
  const roleBoxes = checkboxes('Roles', roles, user.roles);
  const tenants = tenantPicker([...scope, ...extra], { selected: user.tenants });
  const form = h('form', { class: 'card', 'aria-labelledby': 'user-edit-title' }, h('h1', { id: 'user-edit-title' }, `Edit ${user.userName}`),
    roleBoxes.element, tenants.element, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save'), button('Cancel', () => renderUsers(main), 'secondary')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const newRoles = roleBoxes.value();
    const newTenants = tenants.value();
    const saved = await guarded(async () => {
      await api('PATCH', `/auth/users/${user.locator}/roles`, { addRoles: difference(newRoles, user.roles), removeRoles: difference(user.roles, newRoles) });
      await api('PATCH', `/auth/users/${user.locator}/tenants`, { addTenants: difference(newTenants, user.tenants), removeTenants: difference(user.tenants, newTenants) });
      return true;
    }, error);
    if (saved) renderUsers(main);
  });
  main.replaceChildren(form);
}

async function renderUserTokens(main, user) {
  const tokens = await api('GET', `/auth/users/${user.locator}/tokens`);
  const error = errorLine();
  const rows = tokens.map((token) => h('tr', {},
    h('td', {}, token.name), h('td', { class: 'optional' }, formatDate(token.createdAt)),
    h('td', {}, token.expiresAt ? formatDate(token.expiresAt) : 'Never'),
    h('td', {}, (token.effectivePermissions ?? []).join(', ') || '—'),
    h('td', {}, button('Delete', async () => {
      if (!window.confirm(`Delete ${user.userName}'s token “${token.name}”?`)) return;
      if (await guarded(() => api('DELETE', `/auth/users/${user.locator}/tokens/${encodeURIComponent(token.name)}`).then(() => true), error)) renderUserTokens(main, user);
    }, 'danger'))));
  main.replaceChildren(h('h1', {}, `Tokens of ${user.userName}`), error,
    tokens.length ? table('Tokens', [['Name'], ['Created', true], ['Expires'], ['Effective permissions'], ['Actions']], rows) : h('p', {}, 'No tokens.'),
    h('div', { class: 'actions' }, button('Back to users', () => renderUsers(main), 'secondary')));
}

