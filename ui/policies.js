import { api } from './api.js';
import { errorLine, fieldId, h, markInvalid } from './dom.js';

// The business account's password policy (JWT-3) and token policy (PAT-8 extension). Reading
// needs identity.read; saving needs identity.add (the server says so when it is missing).
const PASSWORD_FIELDS = [
  ['length', 'Minimum length'],
  ['maxLength', 'Maximum length'],
  ['uppercase', 'Upper-case letters, at least'],
  ['lowercase', 'Lower-case letters, at least'],
  ['digits', 'Digits, at least'],
  ['specialChars', 'Special characters, at least'],
  ['passwordHistory', 'Recent passwords that may not be reused'],
  ['forceExpiredPasswordChange', 'Days until a password expires (0: never)'],
];

function numberField(label, name, value) {
  const id = fieldId(name);
  return [h('label', { for: id }, label), h('input', { type: 'number', id, name, value: value ?? '', step: 1, inputmode: 'numeric' })];
}

// Submits with `save`, shows the server's answer in the form: a saved status or the error, with
// the fields it names marked.
function policyForm(titleText, controls, save) {
  const titleId = fieldId('policy-title');
  const error = errorLine();
  const status = h('p', { role: 'status', class: 'muted' });
  const form = h('form', { class: 'card', 'aria-labelledby': titleId }, h('h2', { id: titleId }, titleText), controls, error, status,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, `Save ${titleText.toLowerCase()}`)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    status.textContent = '';
    try {
      await save(form);
      markInvalid(form);
      status.textContent = 'Saved. It applies from now on.';
    } catch (failure) {
      error.textContent = failure.message;
      markInvalid(form, failure);
    }
  });
  return form;
}

// A number input's value as an integer for JSON, or the text itself so that the server names it.
const integer = (input) => (input.value.trim() === '' || Number.isNaN(Number(input.value)) ? input.value : Number(input.value));

export async function renderPolicies(main) {
  const [password, token] = await Promise.all([api('GET', '/auth/identity/passwordPolicy'), api('GET', '/auth/identity/tokenPolicy')]);
  const passwordControls = PASSWORD_FIELDS.map(([name, label]) => numberField(label, name, password.passwordPolicies[name]));
  const passwordForm = policyForm('Password policy', h('div', { class: 'filters' }, passwordControls.map((pair) => h('div', {}, pair))), async (form) => {
    const passwordPolicies = {};
    for (const input of form.querySelectorAll('input')) passwordPolicies[input.name] = integer(input);
    await api('PUT', '/auth/identity/passwordPolicy', { passwordPolicies });
  });

  const requireId = fieldId('require-expiry');
  const requireExpiry = h('input', { type: 'checkbox', id: requireId, name: 'requireExpiry', checked: token.requireExpiry });
  const [lifetimeLabel, lifetime] = numberField('Maximum lifetime of new tokens, in days', 'maxLifetimeDays', token.maxLifetimeDays);
  const lifetimeHint = fieldId('hint');
  lifetime.setAttribute('aria-describedby', lifetimeHint);
  lifetime.min = 1;
  const tokenForm = policyForm('Token policy', [
    h('div', {}, requireExpiry, h('label', { for: requireId, class: 'inline-label' }, ' New tokens must have an expiry')),
    lifetimeLabel, lifetime, h('p', { id: lifetimeHint, class: 'muted' }, 'Empty: no bound. Tokens already made keep their expiry.'),
  ], async () => {
    const saved = await api('PUT', '/auth/identity/tokenPolicy', {
      requireExpiry: requireExpiry.checked,
      maxLifetimeDays: lifetime.value.trim() === '' ? null : integer(lifetime),
    });
    requireExpiry.checked = saved.requireExpiry;
    lifetime.value = saved.maxLifetimeDays ?? '';
  });
  main.replaceChildren(h('h1', {}, 'Policies'),
    h('p', { class: 'muted' }, 'Rules of this business account: for passwords set from now on, and for personal access tokens created from now on.'),
    passwordForm, tokenForm);
}
