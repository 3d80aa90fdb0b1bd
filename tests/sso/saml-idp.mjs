// A SAML 2.0 identity provider for the SSO tests: samlp (auth0's SAML protocol library, not
// written here) signs the responses; this file only serves its endpoints and a login form.
// Environment: IDP_PORT, ISSUER (the IdP entity id), ACS_URL (the one service provider's ACS),
// CERT_FILE, KEY_FILE (the signing certificate and key).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import samlp from 'samlp';

const { IDP_PORT, ISSUER, ACS_URL, CERT_FILE, KEY_FILE } = process.env;
const cert = readFileSync(CERT_FILE);
const key = readFileSync(KEY_FILE);
const escape = (text) => String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

// Express-style helpers samlp expects.
function adapt(request, response) {
  const url = new URL(request.url, `http://${request.headers.host}`);
  request.query = Object.fromEntries(url.searchParams);
  request.protocol = 'http';
  request.get = (name) => request.headers[name.toLowerCase()];
  response.set = (name, value) => response.setHeader(name, value);
  response.send = (status, body) => {
    if (typeof status === 'number') {
      response.statusCode = status;
      response.end(body === undefined ? '' : String(body));
    } else {
      response.end(status);
    }
  };
  return url;
}

const metadata = samlp.metadata({ issuer: ISSUER, cert, redirectEndpointPath: '/sso', postEndpointPath: '/sso' });

http
  .createServer((request, response) => {
    const url = adapt(request, response);
    const fail = (error) => {
      response.statusCode = 500;
      response.end(String(error?.message ?? error));
    };
    if (url.pathname === '/metadata') return metadata(request, response, fail);
    if (url.pathname !== '/sso') {
      response.statusCode = 404;
      return response.end();
    }
    const { SAMLRequest, RelayState, login, expired } = request.query;
    if (!login) {
      response.setHeader('Content-Type', 'text/html');
      return response.end(`<!doctype html><title>Test SAML IdP</title><form method="get" action="/sso">
        <input type="hidden" name="SAMLRequest" value="${escape(SAMLRequest)}"><input type="hidden" name="RelayState" value="${escape(RelayState)}">
        <label>User <input name="login" required></label><label><input type="checkbox" name="expired" value="1"> issue an expired assertion</label>
        <button type="submit">Sign in</button></form>`);
    }
    samlp.auth({
      issuer: ISSUER,
      cert,
      key,
      destination: ACS_URL,
      recipient: ACS_URL,
      lifetimeInSeconds: expired ? -600 : 300,
      // Only the registered service provider's ACS URL is ever posted to.
      getPostURL: (audience, requestDom, req, callback) => {
        const acs = requestDom?.documentElement.getAttribute('AssertionConsumerServiceURL');
        callback(null, acs === ACS_URL ? acs : null);
      },
      getUserFromRequest: () => ({ id: login, emails: [{ value: login }], displayName: login, name: { givenName: 'Test', familyName: 'User' } }),
    })(request, response, fail);
  })
  .listen(Number(IDP_PORT), '127.0.0.1', () => console.log('ready'));
