// /metrics in Prometheus text format: requests by operation and status, decisions, logins,
// latency histograms, live PATs, JWT cache results.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withTessera, metricSample, assertMetricSamples } from './harness.mjs';

const sample = metricSample;

describe('metrics', () => {
  it('counts requests, decisions, logins and live tokens', async () => {
    await withTessera({}, async (tessera) => {
      const admin = await tessera.loginToken();
      await tessera.login('admin@tessera.local', 'Wrong-Passw0rd-123!').catch(() => {});
      const pat = await tessera.createPat(admin, { name: 'm', permissions: ['quotes.read'] });
      await tessera.check(pat, 'quotes.read');
      await tessera.check(pat, 'quotes.read');
      await tessera.check(pat, 'quotes.write');
      await tessera.check(pat, 'quotes.*');
      await tessera.check('tsr_bad', 'quotes.read');
      const response = await tessera.request('GET', '/metrics');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type'), /^text\/plain/);
      const text = response.text;
      assertMetricSamples(text, {
        'tessera_http_requests_total{operation="check",status="200"}': 2,
        'tessera_http_requests_total{operation="check",status="403"}': 1,
        'tessera_http_requests_total{operation="check",status="401"}': 1,
        'tessera_check_decisions_total{outcome="allowed"}': 2,
        'tessera_check_decisions_total{outcome="denied_permission"}': 1,
        'tessera_check_decisions_total{outcome="invalid"}': 1,
        'tessera_logins_total{outcome="success"}': 1,
        'tessera_logins_total{outcome="failure"}': 1,
        'tessera_live_personal_access_tokens': 1,
        'tessera_http_request_duration_seconds_count{operation="check"}': 5,
        'tessera_http_request_duration_seconds_bucket{operation="check",le="+Inf"}': 5,
      });
      assert.ok(sample(text, 'tessera_jwt_cache_lookups_total{result="miss"}') >= 1);
      assert.ok(!text.includes(pat), 'no secret in metrics');
    });
  });
});
