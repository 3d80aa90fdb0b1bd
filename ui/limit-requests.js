import { api } from './api.js';
import { fieldId, formatDate, h, table } from './dom.js';

// PAT-6 extension: everyone's requests for a higher token limit in this business account
// (GET /auth/limitRequests/list). Operators decide them with `tessera admin`; the API has no
// decision route, so the page shows the command to run for each pending request.
const STATES = [['pending', 'Pending'], ['', 'All'], ['approved', 'Approved'], ['denied', 'Denied']];

function decision(request) {
  if (request.state !== 'pending') {
    return [formatDate(request.decidedAt), request.decidedBy ? ` by ${request.decidedBy}` : '',
      request.decisionNote ? h('div', { class: 'muted' }, `“${request.decisionNote}”`) : ''];
  }
  return h('div', { class: 'commands' },
    h('div', {}, h('code', {}, `tessera admin approve-limit-request ${request.locator}`)),
    h('div', {}, h('code', {}, `tessera admin deny-limit-request ${request.locator} --note "…"`)));
}

export async function renderLimitRequests(main, state = 'pending') {
  const query = state ? `?state=${state}` : '';
  const { items } = await api('GET', `/auth/limitRequests/list${query}`);
  const filterId = fieldId('state');
  const filter = h('select', { id: filterId }, STATES.map(([value, label]) => h('option', { value, selected: value === state }, label)));
  // Re-rendered with the new filter; the focus stays on the filter.
  filter.addEventListener('change', () => renderLimitRequests(main, filter.value).then(() => main.querySelector('select').focus()));
  const rows = items.map((request) => h('tr', {},
    h('td', {}, request.userName ?? h('span', { class: 'muted' }, 'deleted user')),
    h('td', {}, `${request.currentLimit ?? '—'} → ${request.requestedLimit}`),
    h('td', { class: 'wrap' }, request.reason),
    h('td', { class: 'optional' }, formatDate(request.createdAt)),
    h('td', {}, h('span', { class: `badge ${request.state}` }, request.state)),
    h('td', { class: 'wrap' }, decision(request))));
  main.replaceChildren(h('h1', {}, 'Token limit requests'),
    h('p', { class: 'muted' }, 'People at their limit of personal access tokens ask for more here (Personal Access Tokens page). An operator of the deployment decides, at most 10: run the command shown on a server host. The person sees the decision and its note at once.'),
    h('div', {}, h('label', { for: filterId }, 'Show'), filter),
    items.length
      ? table('Token limit requests', [['User'], ['Limit now → asked'], ['Reason'], ['Asked', true], ['State'], ['Decision']], rows)
      : h('p', {}, state ? `No ${state} requests.` : 'No requests yet.'));
}
