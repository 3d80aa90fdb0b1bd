import { changePassword, login, loginProviders } from './api.js';
import { clearNotice, errorLine, field, h } from './dom.js';

// Log in: business account, user name, password; clear messages for wrong credentials, lockout
// and an expired or temporary password (with the change form).
export function renderLogin(main, { onLoggedIn, message }) {
  const error = errorLine();
  if (message) error.textContent = message;
  const [baLabel, ba] = field('Business account', { type: 'text', name: 'ba', value: 'default', required: true, autocomplete: 'organization' });
  const [userLabel, user] = field('User name', { type: 'text', name: 'username', required: true, autocomplete: 'username' });
  const [passwordLabel, password] = field('Password', { type: 'password', name: 'password', required: true, autocomplete: 'current-password' });
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h('form', { class: 'card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Log in to Tessera'), baLabel, ba, userLabel, user, passwordLabel, password, error,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await login(ba.value.trim(), user.value.trim(), password.value);
      clearNotice();
      onLoggedIn();
    } catch (failure) {
      if (failure.passwordChangeRequired) {
        renderPasswordChange(main, { ba: ba.value.trim(), userName: user.value.trim(), current: password.value, reason: failure.message, onLoggedIn });
        return;
      }
      if (failure.status === 429) error.textContent = `Too many failed attempts: this account is locked for now. Try again in ${failure.retryAfter || 'a few'} seconds.`;
      else if (failure.status === 400 && failure.body?.error === 'invalid_grant') error.textContent = 'Wrong business account, user name or password.';
      else if (failure.status === 404) error.textContent = 'No such business account.';
      else error.textContent = failure.message;
    } finally {
      submit.disabled = false;
    }
  });
  // "Sign in with …" for each identity provider of the business account (JWT-4).
  const providers = h('div', { class: 'actions', 'aria-label': 'Single sign-on' });
  form.append(providers);
  const showProviders = async () => {
    const list = ba.value.trim() ? await loginProviders(ba.value.trim()) : [];
    providers.replaceChildren(...list.map((provider) => h('a', { class: 'button secondary', href: provider.loginUrl }, `Sign in with ${provider.displayName}`)));
  };
  ba.addEventListener('change', showProviders);
  showProviders();
  main.replaceChildren(form);
  user.focus();
}

function renderPasswordChange(main, { ba, userName, current, reason, onLoggedIn }) {
  const error = errorLine();
  const [newLabel, next] = field('New password', { type: 'password', name: 'new-password', required: true, autocomplete: 'new-password' });
  const [againLabel, again] = field('New password again', { type: 'password', name: 'new-password-again', required: true, autocomplete: 'new-password' });
  const submit = h('button', { type: 'submit' }, 'Change password and log in');
  const form = h('form', { class: 'card', 'aria-labelledby': 'change-title' },
    h('h1', { id: 'change-title' }, 'Change your password'),
    h('p', {}, `${reason}. Choose a new one for ${userName}: at least the business account's minimum length, with upper- and lower-case letters, a digit and a special character, and not one of your recent passwords.`),
    newLabel, next, againLabel, again, error, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (next.value !== again.value) {
      error.textContent = 'The two new passwords differ.';
      return;
    }
    submit.disabled = true;
    try {
      await changePassword(ba, userName, current, next.value);
      await login(ba, userName, next.value);
      onLoggedIn();
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      submit.disabled = false;
    }
  });
  main.replaceChildren(form);
  next.focus();
}
