// Small DOM helpers: elements are built with textContent only (never innerHTML), so nothing an
// API returns can become markup.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let fieldCounter = 0;
export function fieldId(prefix) {
  fieldCounter += 1;
  return `${prefix}-${fieldCounter}`;
}

// A labelled input.
export function field(label, attributes) {
  const id = attributes.id ?? fieldId('field');
  return [h('label', { for: id }, label), h('input', { id, ...attributes })];
}

export function formatDate(value) {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$|:\d\dZ$/, ' UTC');
}

export function showNotice(message, kind = 'error') {
  const notice = document.getElementById('notice');
  notice.textContent = message;
  notice.className = kind === 'info' ? 'notice info' : 'notice';
  notice.hidden = !message;
}

export function clearNotice() {
  showNotice('');
}

// Runs an action and shows its error as a message rather than failing silently.
export async function guarded(action, target) {
  try {
    if (target) target.textContent = '';
    return await action();
  } catch (error) {
    if (target) target.textContent = error.message;
    else showNotice(error.message);
    return undefined;
  }
}

export function errorLine() {
  return h('p', { class: 'error', role: 'alert' });
}

// Permission picker: only what the person holds right now, grouped by resource, searchable;
// `group.*` offered only where held. Returns the element and a getter for the choice.
export function permissionPicker(groups, { selected = [] } = {}) {
  const chosen = new Set(selected);
  const search = h('input', { type: 'search', id: fieldId('permission-search'), placeholder: 'Filter, e.g. quotes', 'aria-label': 'Filter permissions' });
  const list = h('div', { class: 'picker', role: 'group', 'aria-label': 'Permissions' });
  const boxes = [];
  for (const group of groups) {
    const block = h('div', { class: 'group', 'data-group': group.group });
    block.append(h('div', { class: 'group-name' }, group.group));
    const names = [...(group.wildcard ? [`${group.group}.*`] : []), ...group.actions.map((action) => `${group.group}.${action}`)];
    for (const name of names) {
      const id = fieldId('perm');
      const box = h('input', { type: 'checkbox', id, value: name, checked: chosen.has(name) });
      boxes.push(box);
      block.append(h('label', { for: id }, box, ` ${name}`));
    }
    list.append(block);
  }
  search.addEventListener('input', () => {
    const term = search.value.trim().toLowerCase();
    for (const block of list.querySelectorAll('.group')) {
      const labels = [...block.querySelectorAll('label')];
      let visible = 0;
      for (const label of labels) {
        const show = !term || label.textContent.toLowerCase().includes(term);
        label.hidden = !show;
        if (show) visible += 1;
      }
      block.hidden = visible === 0;
    }
  });
  const element = h('div', {}, h('label', { for: search.id }, 'Permissions'), search, list);
  if (!groups.length) element.append(h('p', { class: 'muted' }, 'You hold no permissions that a token could carry.'));
  return { element, value: () => boxes.filter((box) => box.checked).map((box) => box.value) };
}

// Tenant picker: the person's scope only, with tenant names.
export function tenantPicker(entries, { selected = [] } = {}) {
  const chosen = new Set(selected);
  const list = h('fieldset', {}, h('legend', {}, 'Tenants'));
  const boxes = [];
  const describe = (entry) => {
    if (entry.entry === 'any') return 'any tenant (all, including future ones)';
    if (entry.entry.startsWith('type:')) return `every ${entry.entry.slice(5)} tenant`;
    return `${entry.name} (${entry.type})`;
  };
  for (const entry of entries) {
    const id = fieldId('tenant');
    const box = h('input', { type: 'checkbox', id, value: entry.entry, checked: chosen.has(entry.entry) });
    boxes.push(box);
    list.append(h('div', {}, box, h('label', { for: id }, describe(entry))));
  }
  if (!entries.length) list.append(h('p', { class: 'muted' }, 'No tenants are in your scope.'));
  return { element: list, value: () => boxes.filter((box) => box.checked).map((box) => box.value) };
}

// A table with column headings; `[text, true]` marks a column hidden on narrow screens.
export function table(label, headings, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { 'aria-label': label },
    h('thead', {}, h('tr', {}, headings.map(([text, optional]) => h('th', { scope: 'col', class: optional ? 'optional' : undefined }, text)))),
    h('tbody', {}, rows)));
}

export function button(text, onclick, kind) {
  return h('button', { type: 'button', class: kind, onclick }, text);
}

// Marks the fields a Problem Details answer names in `invalidEntries` (by their `name`), and
// clears the marks of the others.
export function markInvalid(form, error) {
  const invalid = new Set(error?.body?.invalidEntries ?? []);
  for (const input of form.querySelectorAll('[name]')) {
    if (invalid.has(input.name)) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}
