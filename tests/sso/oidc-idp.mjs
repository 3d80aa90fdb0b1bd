// A real OpenID Connect provider (oidc-provider, not written here) for the SSO tests.
// Environment: IDP_PORT (listen), IDP_ISSUER (the URL clients see; may be a proxy in front),
// CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, and optionally IDP_ACCOUNTS_FILE.
// Every login name is an account, and oidc-provider makes the account id the subject (`sub`).
// By default its email and preferred_username are that name, with email_verified true (the
// development login form accepts any password). IDP_ACCOUNTS_FILE names a JSON file, read at
// every sign-in so that a test may change it between two: login name -> the account's other
// claims ({ email, email_verified, preferred_username }), sent exactly as given (any JSON value,
// so email_verified may be "false" or 0); a claim left out is not sent at all.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const { IDP_PORT, IDP_ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, IDP_ACCOUNTS_FILE } = process.env;
const claimsOf = (id) => {
  const accounts = IDP_ACCOUNTS_FILE ? JSON.parse(readFileSync(IDP_ACCOUNTS_FILE, 'utf8')) : {};
  if (Object.hasOwn(accounts, id)) return { ...accounts[id], sub: id };
  return { sub: id, email: id, email_verified: true, preferred_username: id };
};

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
