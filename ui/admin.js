import { api } from './api.js';
import { button, errorLine, field, fieldId, guarded, h, permissionPicker, table } from './dom.js';

// System Manager: roles and tenants, for those with the permissions (users: users.js).

export function checkboxes(legend, options, selected) {
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

export const difference = (a, b) => a.filter((item) => !b.includes(item));

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
