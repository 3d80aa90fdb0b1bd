import { api } from './api.js';
import { button, errorLine, fieldId, h, markInvalid, showNotice, table } from './dom.js';

// Identity providers (JWT-4): the business account's OIDC and SAML providers with what their
// administrators need (callback, ACS, entity id), registration with the server's validation
// errors on the fields they name, and removal. Registration and removal need an admin.
function input(label, attributes, hint) {
  const id = fieldId(attributes.name);
  const hintId = hint ? fieldId('hint') : undefined;
  const element = h(attributes.rows ? 'textarea' : 'input', { id, autocomplete: 'off', 'aria-describedby': hintId, ...attributes });
  return [h('label', { for: id }, label), element, hint ? h('p', { id: hintId, class: 'muted' }, hint) : ''];
}

const FORMS = {
  oidc: {
    title: 'OpenID Connect',
    path: '/auth/identity/oidc',
    fields: [
      ['Id', { name: 'id', type: 'text', required: true }, 'Short and stable, e.g. okta; part of the callback URL.'],
      ['Display name', { name: 'displayName', type: 'text', required: true }, 'Shown on the login page: “Sign in with …”.'],
      ['Discovery URL', { name: 'importConfigUrl', type: 'url', required: true }, 'The provider’s /.well-known/openid-configuration (https); fetched and checked now.'],
      ['Client id', { name: 'clientId', type: 'text', required: true }],
      ['Client secret', { name: 'clientSecret', type: 'password', required: true, autocomplete: 'new-password' }, 'Stored sealed; never shown again.'],
    ],
  },
  saml: {
    title: 'SAML 2.0',
    path: '/auth/identity/saml',
    fields: [
      ['Id', { name: 'id', type: 'text', required: true }, 'Short and stable, e.g. azure-saml; part of the ACS URL.'],
      ['Display name', { name: 'displayName', type: 'text', required: true }],
      ['Metadata URL', { name: 'metadataUrl', type: 'url' }, 'The provider’s metadata (https): gives the sign-on URL and the signing certificate. Or give both below.'],
      ['Single sign-on URL', { name: 'singleSignOnServiceUrl', type: 'url' }],
      ['Signing certificate (PEM)', { name: 'signingCertificate', rows: 5, spellcheck: 'false' }],
    ],
  },
};

function registrationForm(main, kind) {
  const spec = FORMS[kind];
  const error = errorLine();
  const controls = spec.fields.map(([label, attributes, hint]) => input(label, attributes, hint));
  const titleId = `register-${kind}-title`;
  const submit = h('button', { type: 'submit' }, `Register ${spec.title} provider`);
  const form = h('form', { class: 'card', 'aria-labelledby': titleId }, h('h2', { id: titleId }, `Register an ${spec.title} provider`),
    controls.flat(), error, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    for (const [, element] of controls) if (element.value.trim()) body[element.name] = element.value.trim();
    error.textContent = '';
    submit.disabled = true;
    try {
      const provider = await api('POST', spec.path, body);
      await renderProviders(main);
      showNotice(`Registered ${provider.displayName}. Give the provider the callback details shown below.`, 'info');
    } catch (failure) {
      error.textContent = failure.message;
      markInvalid(form, failure);
      form.querySelector('[aria-invalid=true]')?.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function endpoints(provider) {
  const lines = provider.type === 'saml'
    ? [['ACS URL', provider.acsUrl], ['Entity id', provider.entityId], ['Sign-on URL', provider.singleSignOnServiceUrl]]
    : [['Callback URL', provider.callbackUrl]];
  return h('dl', { class: 'plain' }, lines.filter(([, value]) => value).map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, h('code', {}, value)))));
}

export async function renderProviders(main) {
  const providers = await api('GET', '/auth/identity/instances');
  const error = errorLine();
  const rows = providers.map((provider) => h('tr', {},
    h('td', {}, provider.displayName, h('div', { class: 'muted' }, provider.id)),
    h('td', {}, provider.type.toUpperCase()),
    h('td', { class: 'wrap' }, endpoints(provider)),
    h('td', {}, button('Delete', async () => {
      if (!window.confirm(`Remove ${provider.displayName}? Logins through it stop at once.`)) return;
      try {
        await api('DELETE', `/auth/identity/instances/${encodeURIComponent(provider.id)}`);
        await renderProviders(main);
        showNotice(`Removed ${provider.displayName}.`, 'info');
      } catch (failure) {
        error.textContent = failure.message;
      }
    }, 'danger'))));
  const kindId = fieldId('kind');
  const kind = h('select', { id: kindId }, h('option', { value: 'oidc' }, 'OpenID Connect'), h('option', { value: 'saml' }, 'SAML 2.0'));
  const slot = h('div', {}, registrationForm(main, 'oidc'));
  kind.addEventListener('change', () => slot.replaceChildren(registrationForm(main, kind.value)));
  main.replaceChildren(h('h1', {}, 'Identity providers'),
    h('p', { class: 'muted' }, 'People log in through these as existing, enabled users of this business account (see docs/sso.md).'),
    error,
    providers.length
      ? table('Identity providers', [['Name'], ['Type'], ['For the provider’s side'], ['Actions']], rows)
      : h('p', {}, 'No identity providers yet: people log in with passwords only.'),
    h('div', {}, h('label', { for: kindId }, 'Kind of provider to register'), kind), slot);
}
