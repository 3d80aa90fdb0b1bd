import { api, ApiError } from './api.js';
import { button, errorLine, fieldId, formatDate, h, markInvalid, table } from './dom.js';

// Audit trail (AUD-1): GET /auth/events/list filtered by type, actor and time, one page at a
// time (the server's pagingToken goes forward; the tokens already used go back).
const TYPES = [
  'auth.login.*', 'auth.login.success', 'auth.login.failure', 'auth.logout', 'auth.session.*',
  'auth.token.*', 'auth.token.create', 'auth.token.delete', 'auth.token.leaked',
  'auth.user.*', 'auth.user.create', 'auth.user.roles', 'auth.user.tenants', 'auth.user.disable', 'auth.user.delete',
  'auth.role.*', 'auth.tenant.*', 'auth.policy.*', 'auth.limit.*', 'auth.identity.*',
];

// datetime-local has no zone: the console reads and writes it as UTC, and says so.
const toRfc3339 = (local) => (local ? `${local.length === 16 ? `${local}:00` : local}Z` : '');

function labelled(label, input, hint) {
  const hintId = hint ? fieldId('hint') : undefined;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return h('div', {}, h('label', { for: input.id }, label), input, hint ? h('p', { id: hintId, class: 'muted' }, hint) : '');
}

// The actor filter takes a user name or a user locator; a name is looked up through the users
// search (a query parameter, so any character of a name arrives intact).
async function actorLocator(text) {
  if (!text || !text.includes('@')) return text;
  const found = await api('GET', `/auth/users/basic/list?${new URLSearchParams({ search: text, count: '1000' })}`);
  const user = found.items.find((item) => item.userName.toLowerCase() === text.toLowerCase());
  if (!user) throw new ApiError(400, { detail: `No user is named ${text}.`, invalidEntries: ['actor'] });
  return user.locator;
}

export async function renderAudit(main) {
  const error = errorLine();
  const type = h('input', { type: 'text', id: fieldId('type'), name: 'type', list: 'event-types', autocomplete: 'off', placeholder: 'auth.token.*' });
  const types = h('datalist', { id: 'event-types' }, TYPES.map((value) => h('option', { value })));
  const actor = h('input', { type: 'text', id: fieldId('actor'), name: 'actor', autocomplete: 'off', placeholder: 'user name or locator' });
  const from = h('input', { type: 'datetime-local', id: fieldId('from'), name: 'startTimestamp', step: 1 });
  const to = h('input', { type: 'datetime-local', id: fieldId('to'), name: 'endTimestamp', step: 1 });
  const size = h('select', { id: fieldId('size'), name: 'pageSize' }, ['25', '50', '100'].map((value) => h('option', { value, selected: value === '50' }, value)));
  const form = h('form', { class: 'card', role: 'search', 'aria-label': 'Filter events' },
    h('div', { class: 'filters' },
      labelled('Event type', type, 'Exact, or a prefix ending in *.'),
      labelled('Actor', actor, 'Who acted: a user name or locator.'),
      labelled('From (UTC)', from), labelled('Until (UTC)', to), labelled('Per page', size)),
    types, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show events'), button('Clear filters', () => {
      form.reset();
      markInvalid(form);
      search();
    }, 'secondary')));
  const summary = h('p', { id: 'events-summary', role: 'status' });
  const results = h('div', {});
  const previous = button('Previous page', () => page(pages.length - 2), 'secondary');
  const next = button('Next page', () => page(pages.length), 'secondary');
  const names = new Map(); // actor locator → user name, looked up once per page render
  let filters = new URLSearchParams();
  let pages = []; // pagingToken of each page shown so far ('' for the first)
  let nextToken = null;

  async function nameOf(locator) {
    if (!locator) return '';
    if (!names.has(locator)) names.set(locator, api('GET', `/auth/users/${locator}`).then((user) => user.userName, () => locator));
    return names.get(locator);
  }

  async function describeActor(event) {
    const who = event.actor.locator ? await nameOf(event.actor.locator) : 'nobody';
    const how = event.actor.tokenName ? `${event.actor.method} “${event.actor.tokenName}”` : event.actor.method;
    return [who, h('span', { class: 'muted' }, ` (${how})`)];
  }

  async function page(index) {
    const token = index <= 0 ? '' : index < pages.length ? pages[index] : nextToken;
    const query = new URLSearchParams(filters);
    if (token) query.set('pagingToken', token);
    let list;
    try {
      list = await api('GET', `/auth/events/list?${query}`);
    } catch (failure) {
      error.textContent = failure.message; // a bad filter: the server names it
      markInvalid(form, failure);
      return;
    }
    error.textContent = '';
    markInvalid(form);
    pages = [...pages.slice(0, Math.max(0, index)), token];
    nextToken = list.pagingToken;
    const rows = await Promise.all(list.items.map(async (event) => h('tr', {},
      h('td', {}, formatDate(event.timestamp)),
      h('td', {}, h('code', {}, event.type)),
      h('td', {}, await describeActor(event)),
      h('td', { class: 'optional' }, event.clientAddress || '—'),
      h('td', { class: 'wrap' }, Object.entries(event.data).map(([key, value]) => `${key}=${value}`).join(', ') || '—'))));
    const count = `${list.items.length} event${list.items.length === 1 ? '' : 's'}`;
    summary.textContent = list.items.length ? `Page ${pages.length}: ${count}, oldest first${list.listCompleted ? '; no more.' : '.'}` : 'No events match.';
    results.replaceChildren(list.items.length ? table('Events', [['Time'], ['Type'], ['Actor'], ['Address', true], ['Details']], rows) : '');
    previous.disabled = pages.length <= 1;
    next.disabled = list.listCompleted;
  }

  async function search() {
    const query = new URLSearchParams({ pageSize: size.value });
    try {
      if (type.value.trim()) query.set('type', type.value.trim());
      const locator = await actorLocator(actor.value.trim());
      if (locator) query.set('actor', locator);
      if (from.value) query.set('startTimestamp', toRfc3339(from.value));
      if (to.value) query.set('endTimestamp', toRfc3339(to.value));
    } catch (failure) {
      error.textContent = failure.message;
      markInvalid(form, failure);
      return;
    }
    filters = query;
    pages = [];
    await page(0);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
  main.replaceChildren(h('h1', {}, 'Audit trail'),
    h('p', { class: 'muted' }, 'Every security-relevant change and login attempt of this business account, append-only.'),
    form, summary, results, h('nav', { class: 'actions', 'aria-label': 'Pages of events' }, previous, next));
  await search();
}
