import { api } from './api.js';
import { errorLine, field, fieldId, formatDate, guarded, h, permissionPicker, tenantPicker } from './dom.js';

// System Manager: users, roles and tenants, for those with the permissions.

function table(label, headings, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { 'aria-label': label },
    h('thead', {}, h('tr', {}, headings.map(([text, optional]) => h('th', { scope: 'col', class: optional ? 'optional' : undefined }, text)))),
    h('tbody', {}, rows)));
}

function button(text, onclick, kind) {
  return h('button', { type: 'button', class: kind, onclick }, text);
}

function checkboxes(legend, options, selected) {
  const chosen = new Set(selected);
  const set = h('fieldset', {}, h('legend', {}, legend));
  const boxes = options.map(([value, label]) => {
    const id = fieldId('option');
    const box = h('input', { type: 'checkbox', id, value, checked: chosen.has(value) });
    set.append(h('div', {}, box, h('label', { for: id }, label)));
    return box;
  });
  return { element: set, value: () => boxes.filter((box) => box.checked).map((box) => box.value) };
}

const difference = (a, b) => a.filter((item) => !b.includes(item));

// ---- Users
// Scope entries with tenant names where the tenants can be read.
async function tenantNamer() {
  const tenants = await api('GET', '/auth/tenants/list').catch(() => []);
  const names = new Map(tenants.map((tenant) => [tenant.locator, tenant.name]));
  return (entries) => entries.map((entry) => names.get(entry) ?? entry).join(', ') || '—';
}

export async function renderUsers(main) {
  const [users, tenantNames] = await Promise.all([api('GET', '/auth/users/list?count=1000').then((list) => list.items), tenantNamer()]);
  const error = errorLine();
  const rows = users.map((user) => h('tr', {},
    h('td', {}, user.userName, user.serviceAccount ? h('span', { class: 'muted' }, ' (service account)') : ''),
    h('td', { class: 'optional' }, `${user.firstName} ${user.lastName}`),
    h('td', {}, user.roles.join(', ') || '—'),
    h('td', { class: 'optional' }, tenantNames(user.tenants)),
    h('td', {}, h('span', { class: `badge ${user.enabled ? 'active' : 'disabled'}` }, user.enabled ? 'enabled' : 'disabled')),
    h('td', {}, h('div', { class: 'actions row-actions' },
      button('Edit', () => renderUserEdit(main, user)),
      button(user.enabled ? 'Disable' : 'Enable', async () => {
        if (await guarded(() => api('PATCH', `/auth/users/${user.locator}/${user.enabled ? 'disable' : 'enable'}`), error)) renderUsers(main);
      }, 'secondary'),
      button('Tokens', () => renderUserTokens(main, user), 'secondary'),
      button('Delete', async () => {
        if (!window.confirm(`Delete ${user.userName} and all of their tokens?`)) return;
        if (await guarded(() => api('DELETE', `/auth/users/${user.locator}`).then(() => true), error)) renderUsers(main);
      }, 'danger')))));
  main.replaceChildren(h('h1', {}, 'Users'), error,
    table('Users', [['User name'], ['Name', true], ['Roles'], ['Tenants', true], ['State'], ['Actions']], rows),
    h('div', { class: 'actions' }, button('Create user', () => renderUserCreate(main))));
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
    if (await guarded(() => api('POST', '/auth/users', body), error)) renderUsers(main);
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

// ---- Roles
export async function renderRoles(main) {
  const roles = (await api('GET', '/auth/roles/list?count=1000')).items;
  const error = errorLine();
  const rows = roles.map((role) => h('tr', {},
    h('td', {}, role.name, role.builtIn ? h('span', { class: 'muted' }, ' (built-in, read-only)') : ''),
    h('td', { class: 'optional' }, role.description),
    h('td', {}, role.permissions.join(', ')),
    h('td', {}, role.builtIn ? '' : h('div', { class: 'actions row-actions' },
      button('Edit', () => renderRoleForm(main, role)),
      button('Delete', async () => {
        if (!window.confirm(`Delete the role ${role.name}? Its holders lose it at once.`)) return;
        if (await guarded(() => api('DELETE', `/auth/roles/${role.locator}`).then(() => true), error)) renderRoles(main);
      }, 'danger')))));
  main.replaceChildren(h('h1', {}, 'Roles'), error,
    table('Roles', [['Name'], ['Description', true], ['Permissions'], ['Actions']], rows),
    h('div', { class: 'actions' }, button('Create role', () => renderRoleForm(main, null))));
}

async function renderRoleForm(main, role) {
  const grantable = await api('GET', '/auth/users/tokens/grantable');
  const error = errorLine();
  const [nameLabel, name] = field('Name', { type: 'text', required: true, value: role?.name ?? '' });
  const [descriptionLabel, description] = field('Description', { type: 'text', value: role?.description ?? '' });
  const picker = permissionPicker(grantable.permissions, { selected: role?.permissions ?? [] });
  const title = role ? `Edit role ${role.name}` : 'Create role';
  const form = h('form', { class: 'card', 'aria-labelledby': 'role-title' }, h('h1', { id: 'role-title' }, title),
    nameLabel, name, descriptionLabel, description, picker.element, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, role ? 'Save' : 'Create role'), button('Cancel', () => renderRoles(main), 'secondary')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const permissions = picker.value();
    const saved = await guarded(() => (role
      ? api('PATCH', `/auth/roles/${role.locator}`, { version: role.version, name: name.value.trim(), description: description.value, addPermissions: difference(permissions, role.permissions), removePermissions: difference(role.permissions, permissions) })
      : api('POST', '/auth/roles', { name: name.value.trim(), description: description.value, permissions })), error);
    if (saved) renderRoles(main);
  });
  main.replaceChildren(form);
  name.focus();
}

// ---- Tenants
export async function renderTenants(main) {
  const tenants = await api('GET', '/auth/tenants/list');
  const error = errorLine();
  const rows = tenants.map((tenant) => h('tr', {},
    h('td', {}, tenant.name), h('td', {}, tenant.type), h('td', { class: 'optional' }, tenant.description ?? ''),
    h('td', { class: 'optional' }, tenant.locator),
    h('td', {}, tenant.type === 'test' || tenant.type === 'production'
      ? button('Retire', async () => {
        if (!window.confirm(`Retire ${tenant.name}? It grants nothing any more.`)) return;
        if (await guarded(() => api('PATCH', `/auth/tenants/${tenant.locator}/retire`), error)) renderTenants(main);
      }, 'danger') : '')));
  const [nameLabel, name] = field('Name', { type: 'text', required: true });
  const typeId = fieldId('type');
  const type = h('select', { id: typeId }, h('option', { value: 'test' }, 'test'), h('option', { value: 'production' }, 'production'));
  const [descriptionLabel, description] = field('Description', { type: 'text' });
  const createError = errorLine();
  const form = h('form', { class: 'card', 'aria-labelledby': 'tenant-create-title' }, h('h2', { id: 'tenant-create-title' }, 'Create tenant'),
    nameLabel, name, h('label', { for: typeId }, 'Type'), type, descriptionLabel, description, createError,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create tenant')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await guarded(() => api('POST', '/auth/tenants', { name: name.value.trim(), type: type.value, description: description.value }), createError)) renderTenants(main);
  });
  main.replaceChildren(h('h1', {}, 'Tenants'), error,
    tenants.length ? table('Tenants', [['Name'], ['Type'], ['Description', true], ['Locator', true], ['Actions']], rows) : h('p', {}, 'No tenants yet.'),
    form);
}
