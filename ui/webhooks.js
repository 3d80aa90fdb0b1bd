import { api } from './api.js';
import { button, errorLine, fieldId, formatDate, h, markInvalid, showNotice, table } from './dom.js';

// Webhooks (AUD-2 extension): the business account's endpoints, created with a signing secret
// shown once, and for each its status, a test event, secret rotation, re-enabling, removal and
// the log of delivery attempts (newest first, paged with the server's pagingToken). Reading
// needs auth-webhooks.read; every change needs an admin.
const EVENT_TYPES = [
  ['token.expiring', 'a token expires soon'],
  ['token.expired', 'a token expired'],
  ['token.dormant', 'a token lost rights its owner no longer holds'],
  ['token.restored', 'a dormant token works again'],
  ['token.leaked', 'a token was reported leaked and revoked'],
  ['token.created', 'a token was created'],
  ['token.deleted', 'a token was deleted'],
  ['user.locked', 'a user was locked out after failed logins'],
  ['limitRequest.decided', 'a token-limit request was decided'],
];
const FIELDS = ['url', 'description', 'eventTypes', 'graceSeconds'];
const OUTCOMES = { delivered: 'active', retrying: 'dormant', failed: 'disabled' };
const path = (endpoint, rest = '') => `/auth/webhooks/${encodeURIComponent(endpoint.locator ?? endpoint)}${rest}`;

// The fields an answer names: in invalidEntries, or first in its detail ("url must use https…").
function markNamed(form, failure) {
  const detail = failure?.body?.detail ?? '';
  const named = (failure?.body?.invalidEntries ?? []).filter((entry) => FIELDS.includes(entry));
  for (const name of FIELDS) if (detail.startsWith(`${name} `)) named.push(name);
  if (/event types?\b/.test(detail)) named.push('eventTypes');
  markInvalid(form, { body: { invalidEntries: named } });
  form.querySelector('[aria-invalid=true]')?.focus();
}

function statusBadge(endpoint) {
  return h('span', { class: `badge ${endpoint.enabled ? 'active' : 'disabled'}` }, endpoint.enabled ? 'enabled' : 'disabled');
}

function statusDetails(endpoint) {
  return [
    !endpoint.enabled && endpoint.disabledReason ? h('div', { class: 'muted' }, `Disabled: ${endpoint.disabledReason}`) : '',
    endpoint.failingSince ? h('div', { class: 'warning' }, `Failing since ${formatDate(endpoint.failingSince)}`) : '',
  ];
}

// The one-time secret. Its only copy is the text of the <code> element: dismissing the panel or
// leaving the page empties and removes it, so the console keeps no secret afterwards.
function secretPanel(secret, heading) {
  const value = h('code', { id: 'webhook-secret' }, secret);
  const copied = h('span', { role: 'status', class: 'muted' });
  const copy = button('Copy secret', async () => {
    try {
      await navigator.clipboard.writeText(value.textContent);
      copied.textContent = 'Copied.';
    } catch {
      copied.textContent = 'Copying is not allowed here: select the value and copy it.';
    }
  });
  const panel = h('section', { class: 'card reveal', 'aria-labelledby': 'secret-title' },
    h('h2', { id: 'secret-title' }, heading),
    h('p', { class: 'warning' }, 'Copy the signing secret now and store it with the receiver. It will not be shown again: Tessera keeps it sealed and only signs with it.'),
    h('div', { class: 'secret' }, value, copy, copied));
  const forget = () => {
    value.textContent = '';
    panel.remove();
    window.removeEventListener('hashchange', forget);
  };
  panel.append(h('div', { class: 'actions' }, button('I have stored the secret', () => {
    forget();
    document.getElementById('main').focus();
  }, 'secondary')));
  window.addEventListener('hashchange', forget);
  return { panel, focus: () => copy.focus() };
}

function eventTypePicker() {
  const all = h('input', { type: 'checkbox', id: fieldId('all-events') });
  const boxes = EVENT_TYPES.map(([type]) => h('input', { type: 'checkbox', id: fieldId('event'), value: type }));
  const sync = () => {
    const checked = boxes.filter((box) => box.checked).length;
    all.checked = checked === boxes.length;
    all.indeterminate = checked > 0 && checked < boxes.length;
  };
  all.addEventListener('change', () => {
    for (const box of boxes) box.checked = all.checked;
  });
  for (const box of boxes) box.addEventListener('change', sync);
  const element = h('fieldset', { name: 'eventTypes' }, h('legend', {}, 'Event types'),
    h('div', {}, all, h('label', { for: all.id }, 'All event types')),
    h('div', { class: 'event-types' }, EVENT_TYPES.map(([type, text], i) => h('div', {}, boxes[i],
      h('label', { for: boxes[i].id }, h('code', {}, type), h('span', { class: 'muted' }, ` ${text}`))))));
  return { element, value: () => boxes.filter((box) => box.checked).map((box) => box.value) };
}

function createForm(main) {
  const error = errorLine();
  const urlId = fieldId('url');
  const url = h('input', { type: 'url', id: urlId, name: 'url', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${urlId}-hint` });
  const descriptionId = fieldId('description');
  const description = h('input', { type: 'text', id: descriptionId, name: 'description', autocomplete: 'off', maxlength: 200 });
  const types = eventTypePicker();
  const submit = h('button', { type: 'submit' }, 'Add endpoint');
  const form = h('form', { class: 'card', 'aria-labelledby': 'create-webhook-title' }, h('h2', { id: 'create-webhook-title' }, 'Add an endpoint'),
    h('label', { for: urlId }, 'URL'), url,
    h('p', { id: `${urlId}-hint`, class: 'muted' }, 'https; plain http only on 127.0.0.1 or [::1]. Tessera POSTs each event here, signed (Standard Webhooks).'),
    h('label', { for: descriptionId }, 'Description (optional)'), description,
    types.element, error, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const body = { url: url.value.trim(), eventTypes: types.value() };
      if (description.value.trim()) body.description = description.value.trim();
      const created = await api('POST', '/auth/webhooks', body);
      history.pushState(null, '', `#/admin/webhooks/${encodeURIComponent(created.locator)}`);
      await renderWebhook(main, created.locator, { secret: created.secret, heading: 'Endpoint added: its signing secret' });
    } catch (failure) {
      error.textContent = failure.message;
      markNamed(form, failure);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function renderWebhooks(main) {
  const { items } = await api('GET', '/auth/webhooks');
  const rows = items.map((endpoint) => h('tr', {},
    h('td', { class: 'wrap' }, h('a', { href: `#/admin/webhooks/${encodeURIComponent(endpoint.locator)}` }, endpoint.url),
      endpoint.description ? h('div', { class: 'muted' }, endpoint.description) : ''),
    h('td', { class: 'wrap optional' }, endpoint.eventTypes.join(', ')),
    h('td', {}, statusBadge(endpoint), statusDetails(endpoint)),
    h('td', { class: 'optional' }, formatDate(endpoint.createdAt))));
  main.replaceChildren(h('h1', {}, 'Webhooks'),
    h('p', { class: 'muted' }, 'Tessera tells these endpoints about security events of this business account (tokens expiring, leaked or dormant, users locked out, …), each delivery signed and retried until it succeeds. Changes need an administrator.'),
    items.length
      ? table('Webhook endpoints', [['Endpoint'], ['Events', true], ['Status'], ['Added', true]], rows)
      : h('p', {}, 'No webhook endpoints yet.'),
    items.length >= 20 ? h('p', { class: 'muted' }, 'This business account has 20 endpoints, the most it may have: delete one to add another.') : createForm(main));
}

// The delivery log: newest first, the server's pagingToken goes forward and the tokens already
// used go back; Refresh shows the newest page again.
function deliveryLog(endpoint, onRefresh) {
  const error = errorLine();
  const sizeId = fieldId('deliveries-size');
  const size = h('select', { id: sizeId }, ['10', '25', '50'].map((value) => h('option', { value, selected: value === '25' }, value)));
  const summary = h('p', { id: 'deliveries-summary', role: 'status' });
  const results = h('div', {});
  const previous = button('Previous page', () => page(pages.length - 2), 'secondary');
  const next = button('Next page', () => page(pages.length), 'secondary');
  const refresh = button('Refresh', async () => {
    await onRefresh();
    await page(0);
  }, 'secondary');
  let pages = [];
  let nextToken = null;

  async function page(index) {
    const token = index <= 0 ? '' : index < pages.length ? pages[index] : nextToken;
    const query = new URLSearchParams({ pageSize: size.value });
    if (token) query.set('pagingToken', token);
    let list;
    try {
      list = await api('GET', path(endpoint, `/deliveries?${query}`));
    } catch (failure) {
      error.textContent = failure.message;
      return;
    }
    error.textContent = '';
    pages = [...pages.slice(0, Math.max(0, index)), token];
    nextToken = list.pagingToken;
    const rows = list.items.map((attempt) => {
      const answer = attempt.status === null ? '' : `HTTP ${attempt.status}`;
      return h('tr', {},
        h('td', {}, formatDate(attempt.attemptedAt)),
        h('td', { class: 'wrap' }, h('code', {}, attempt.eventType), h('div', { class: 'muted' }, attempt.messageId)),
        h('td', { class: 'wrap' }, h('span', { class: `badge ${OUTCOMES[attempt.outcome] ?? ''}` }, attempt.outcome),
          answer ? h('div', {}, answer) : '',
          attempt.error && attempt.error !== answer ? h('div', { class: 'error-text' }, attempt.error) : '',
          attempt.nextAttemptAt ? h('div', { class: 'muted' }, `next try ${formatDate(attempt.nextAttemptAt)}`) : ''),
        h('td', { class: 'optional' }, String(attempt.attempt)),
        h('td', { class: 'optional' }, `${attempt.latencyMs} ms`));
    });
    const count = `${list.items.length} attempt${list.items.length === 1 ? '' : 's'}`;
    summary.textContent = list.items.length ? `Page ${pages.length}: ${count}, newest first${list.listCompleted ? '; no more.' : '.'}` : 'No delivery attempts yet.';
    results.replaceChildren(list.items.length
      ? table('Delivery attempts', [['Time'], ['Event'], ['Outcome'], ['Attempt', true], ['Latency', true]], rows)
      : '');
    previous.disabled = pages.length <= 1;
    next.disabled = list.listCompleted;
  }

  size.addEventListener('change', () => page(0));
  const element = h('section', { class: 'card', 'aria-labelledby': 'deliveries-title' }, h('h2', { id: 'deliveries-title' }, 'Deliveries'),
    h('div', { class: 'inline log-controls' }, h('label', { for: sizeId, class: 'inline-label' }, 'Per page'), size, refresh),
    error, summary, results, h('nav', { class: 'actions', 'aria-label': 'Pages of deliveries' }, previous, next));
  return { element, load: () => page(0) };
}

function rotateForm(main, endpoint) {
  const error = errorLine();
  const graceId = fieldId('grace');
  const grace = h('input', { type: 'number', id: graceId, name: 'graceSeconds', min: 0, max: 168, step: 1, value: 24, required: true, 'aria-describedby': `${graceId}-hint` });
  const form = h('form', { class: 'card', 'aria-labelledby': 'rotate-title' }, h('h2', { id: 'rotate-title' }, 'Rotate the signing secret'),
    h('label', { for: graceId }, 'Grace period (hours)'), grace,
    h('p', { id: `${graceId}-hint`, class: 'muted' }, 'The current secret also signs for this long (at most 7 days), so receivers can switch over; 0 retires it at once.'),
    error, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Rotate secret')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const hours = Number(grace.value);
    if (hours === 0 && !window.confirm('Retire the current secret at once? Receivers reject deliveries until they have the new one.')) return;
    try {
      const rotated = await api('POST', path(endpoint, '/rotate-secret'), { graceSeconds: Math.round(hours * 3600) });
      await renderWebhook(main, endpoint.locator, { secret: rotated.secret, heading: 'New signing secret' });
    } catch (failure) {
      error.textContent = failure.message;
      markNamed(form, failure);
    }
  });
  return form;
}

export async function renderWebhook(main, locator, reveal) {
  const endpoint = await api('GET', path(locator));
  const creator = await api('GET', `/auth/users/${encodeURIComponent(endpoint.createdBy)}`).then((user) => user.userName, () => endpoint.createdBy);
  const error = errorLine();
  const sent = h('p', { id: 'test-sent', role: 'status' });
  const summary = h('div', {});
  const heading = h('h1', {}, 'Webhook endpoint ');
  const test = button('Send test event', async () => {
    sent.textContent = '';
    error.textContent = '';
    try {
      const { messageId } = await api('POST', path(endpoint, '/test'));
      sent.textContent = `Test event queued as ${messageId}: Refresh the deliveries to see it arrive.`;
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  const enable = button('Enable', async () => {
    error.textContent = '';
    try {
      showSummary(await api('POST', path(endpoint, '/enable')));
      sent.textContent = 'Enabled: deliveries resume.';
      test.focus();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  const remove = button('Delete endpoint', async () => {
    if (!window.confirm(`Delete the endpoint ${endpoint.url}? Deliveries to it stop, pending ones are dropped.`)) return;
    try {
      await api('DELETE', path(endpoint));
      history.pushState(null, '', '#/admin/webhooks');
      await renderWebhooks(main);
      showNotice(`Deleted the endpoint ${endpoint.url}.`, 'info');
      main.focus();
    } catch (failure) {
      error.textContent = failure.message;
    }
  }, 'danger');

  function showSummary(current) {
    heading.replaceChildren('Webhook endpoint ', statusBadge(current));
    enable.hidden = current.enabled;
    test.disabled = !current.enabled;
    test.title = current.enabled ? '' : 'Enable the endpoint first';
    summary.replaceChildren(h('dl', { class: 'grid plain' },
      h('div', {}, h('dt', {}, 'URL'), h('dd', { class: 'wrap' }, h('code', {}, current.url))),
      h('div', {}, h('dt', {}, 'Description'), h('dd', {}, current.description || '—')),
      h('div', {}, h('dt', {}, 'Event types'), h('dd', {}, current.eventTypes.join(', '))),
      h('div', { id: 'endpoint-status' }, h('dt', {}, 'Status'), h('dd', {}, current.enabled ? 'enabled' : 'disabled', statusDetails(current))),
      h('div', {}, h('dt', {}, 'Previous secret'), h('dd', {}, current.previousSecretRetiresAt ? `signs until ${formatDate(current.previousSecretRetiresAt)}` : 'none')),
      h('div', {}, h('dt', {}, 'Added'), h('dd', {}, `${formatDate(current.createdAt)} by ${creator}`))));
  }

  showSummary(endpoint);
  const log = deliveryLog(endpoint, async () => showSummary(await api('GET', path(endpoint))));
  const secret = reveal?.secret ? secretPanel(reveal.secret, reveal.heading) : null;
  main.replaceChildren(heading, secret?.panel ?? '',
    h('section', { class: 'card', 'aria-label': 'Endpoint' }, summary,
      error, h('div', { class: 'actions' }, test, enable, remove), sent),
    log.element, rotateForm(main, endpoint),
    h('p', {}, h('a', { href: '#/admin/webhooks' }, 'Back to webhooks')));
  secret?.focus();
  await log.load();
}
