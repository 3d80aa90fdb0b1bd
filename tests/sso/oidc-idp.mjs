// A real OpenID Connect provider (oidc-provider, not written here) for the SSO tests.
// Environment: IDP_PORT (listen), IDP_ISSUER (the URL clients see; may be a proxy in front),
// CLIENT_ID, CLIENT_SECRET, REDIRECT_URI. Every login name is an account whose email and
// preferred_username are that name (the development login form accepts any password).
import Provider from 'oidc-provider';

const { IDP_PORT, IDP_ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env;
const provider = new Provider(IDP_ISSUER, {
  clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: REDIRECT_URI.split(','), grant_types: ['authorization_code'], response_types: ['code'] }],
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: id, email_verified: true, preferred_username: id }),
  }),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username'] },
  pkce: { required: () => true },
  // Profile and email claims in the ID token itself, as Azure AD, Google and Okta send them.
  conformIdTokenClaims: false,
});
provider.proxy = true;
provider.listen(Number(IDP_PORT), '127.0.0.1', () => console.log('ready'));
