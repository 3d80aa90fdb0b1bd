// A real OpenID Connect provider (oidc-provider, not written here) for the SSO tests.
// Environment: IDP_PORT (listen), IDP_ISSUER (the URL clients see; may be a proxy in front),
// CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, and optionally IDP_ACCOUNTS.
// Every login name is an account whose email and preferred_username are that name, with
// email_verified true; its subject is the name in lower case (one account however its name is
// typed, as at a real provider). The development login form accepts any password.
// IDP_ACCOUNTS, a JSON object, names accounts whose claims are given instead: login name ->
// { sub, email, email_verified, preferred_username }, sent exactly as given (any JSON value, so
// email_verified may be "false" or 0); a claim left out is not sent at all.
import Provider from 'oidc-provider';

const { IDP_PORT, IDP_ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, IDP_ACCOUNTS } = process.env;
const accounts = JSON.parse(IDP_ACCOUNTS || '{}');
const claimsOf = (id) =>
  Object.hasOwn(accounts, id)
    ? { ...accounts[id] }
    : { sub: id.toLowerCase(), email: id, email_verified: true, preferred_username: id };

const provider = new Provider(IDP_ISSUER, {
  clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: REDIRECT_URI.split(','), grant_types: ['authorization_code'], response_types: ['code'] }],
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => claimsOf(id),
  }),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username'] },
  pkce: { required: () => true },
  // Profile and email claims in the ID token itself, as Azure AD, Google and Okta send them.
  conformIdTokenClaims: false,
});
provider.proxy = true;
provider.listen(Number(IDP_PORT), '127.0.0.1', () => console.log('ready'));
