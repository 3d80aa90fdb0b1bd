// Issue 4: the served OpenAPI document matches what the server routes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWithAdmin } from './harness.mjs';

describe('OpenAPI document', () => {
  let tessera, admin, doc;
  before(async () => {
    ({ tessera, admin } = await startWithAdmin());
    doc = await tessera.ok('GET', '/openapi.json');
  });
  after(() => tessera?.stopAndCleanup());

  it('is OpenAPI 3.1 with the bearer scheme, Problem Details and the server URL', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.servers[0].url, tessera.baseUrl);
    assert.equal(doc.components.securitySchemes.bearerAuth.scheme, 'bearer');
    assert.ok(doc.components.schemas.Problem.properties.code);
  });

  it('every documented operation is routed by the server (none answers "no such endpoint")', async () => {
    let count = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        const concrete = path.replace(/\{[^}]+\}/g, 'placeholder');
        const response = await tessera.request(method.toUpperCase(), concrete, { token: admin });
        const unrouted = (response.status === 404 && response.body?.detail === 'no such endpoint') || response.body?.code === 'method_not_allowed';
        assert.ok(!unrouted, `${method.toUpperCase()} ${path} is documented but not routed (${response.status})`);
        count++;
      }
    }
    assert.ok(count >= 45, `only ${count} operations`);
  });

  it('an undocumented path is not routed', async () => {
    const response = await tessera.request('GET', '/auth/undocumented', { token: admin });
    assert.equal(response.status, 404);
    assert.ok(!('/auth/undocumented' in doc.paths));
  });
});
