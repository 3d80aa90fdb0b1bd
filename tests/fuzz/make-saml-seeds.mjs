// Writes signed SAML responses into corpus/SamlResponse/, signed with saml/test-only-signing-key.pem
// by samlp (the SSO tests' identity-provider library), so that the fuzzer starts from inputs
// whose signature verifies and explores what is read after it. Run after `npm ci` in tests/sso:
//   node tests/fuzz/make-saml-seeds.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const here = new URL('.', import.meta.url).pathname;
const require = createRequire(`${here}../sso/package.json`);
const samlp = require('samlp');
const cert = readFileSync(`${here}saml/signing-cert.pem`);
const key = readFileSync(`${here}saml/test-only-signing-key.pem`);

const variants = [
  { name: 'signed-assertion', options: {} },
  { name: 'signed-response', options: { signResponse: true } },
  { name: 'long-lived', options: { lifetimeInSeconds: 10 * 365 * 24 * 3600 } },
];
for (const [index, variant] of variants.entries()) {
  const xml = await new Promise((resolve, reject) =>
    samlp.getSamlResponse(
      {
        issuer: 'https://idp.example',
        cert,
        key,
        audience: 'http://127.0.0.1:8080/auth/sso/saml/default/idp',
        recipient: 'http://127.0.0.1:8080/auth/sso/saml/acs',
        destination: 'http://127.0.0.1:8080/auth/sso/saml/acs',
        inResponseTo: '_request1',
        ...variant.options,
      },
      { id: 'user@example.com', emails: [{ value: 'user@example.com' }], displayName: 'User', name: { givenName: 'Test', familyName: 'User' } },
      (error, response) => (error ? reject(error) : resolve(response)),
    ),
  );
  writeFileSync(`${here}corpus/SamlResponse/signed-${String(index).padStart(2, '0')}-${variant.name}`, xml);
}
console.log(`wrote ${variants.length} signed responses`);
