// /metrics for Prometheus (issue 15, item 4; docs/monitoring.md): `promtool check metrics` accepts
// what the real binary serves after some activity, no user name, token name, token value or
// client address appears in it, the metrics the alerting rules need count that activity, and
// every metric that monitoring/tessera-alerts.yml and monitoring/grafana-dashboard.json use is one
// /metrics serves.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually, startWithAdmin, metricSample, assertMetricSamples } from './harness.mjs';

const monitoring = resolve(import.meta.dirname, '../../monitoring');

// Only served where Tessera terminates TLS itself (--tls-cert-file): tls.test.mjs checks it.
const onlyWithTls = new Set(['tessera_tls_certificate_not_after_seconds']);

// Every label /metrics may use: each takes a fixed set of values, never a name or an address.
const allowedLabels = new Set(['operation', 'status', 'le', 'outcome', 'result', 'locked', 'kind']);

const sample = metricSample;

// The metric names /metrics serves: each family, and a histogram's series.
function servedNames(text) {
  const names = new Set();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

const referencedNames = (text) => new Set(text.match(/\btessera_[a-z0-9_]+/g) ?? []);

describe('monitoring: /metrics for Prometheus', () => {
  let tessera;
  let text;
  const secrets = {}; // everything that must not appear in /metrics
  const form = (fields) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', ...fields }).toString(),
  });
  const login = (username, password) => tessera.request('POST', '/auth/realms/default/protocol/openid-connect/token', form({ username, password }));

  before(async () => {
    let admin;
    ({ tessera, admin } = await startWithAdmin({ args: ['--login-failures-per-user', '2', '--login-failures-per-address', '4'] }));
    const tenant = await tessera.createTenant(admin, 'Monitored Tenant');
    await tessera.createRole(admin, 'monitored-role', ['quotes.*', 'users.token']);
    await tessera.createUser(admin, 'metrics-watcher@example.com', { roles: ['monitored-role'], tenants: [tenant.locator], password: 'Watcher-Passw0rd-Long!' });
    const watcher = (await tessera.login('metrics-watcher@example.com', 'Watcher-Passw0rd-Long!')).access_token;
    const pat = await tessera.createPat(watcher, { name: 'pat-name-seen-nowhere', permissions: ['quotes.read'], tenants: [tenant.locator] });
    Object.assign(secrets, { pat, tenantName: 'Monitored Tenant', tenant: tenant.locator, user: 'metrics-watcher@example.com', tokenName: 'pat-name-seen-nowhere' });
    assert.equal((await tessera.check(pat, 'quotes.read', tenant.locator)).status, 200);
    assert.equal((await tessera.check(pat, 'quotes.write', tenant.locator)).status, 403);
    assert.equal((await tessera.check('tsr_not-a-token', 'quotes.read')).status, 401);
    // Two names locked out after two failures each; the fourth failure from 127.0.0.1 locks the
    // address too (and so comes last: nothing logs in from here afterwards).
    for (const user of ['ghost-one@example.com', 'ghost-two@example.com']) {
      assert.equal((await login(user, 'Wrong-Passw0rd-0001!')).status, 400);
      assert.equal((await login(user, 'Wrong-Passw0rd-0002!')).status, 400);
      assert.equal((await login(user, 'Wrong-Passw0rd-0003!')).status, 429, `${user} locked out`);
    }
    // The follower has read the change log (with this test's writes) to its end.
    await eventually(
      async () => {
        text = (await tessera.request('GET', '/metrics')).text;
        return sample(text, 'tessera_change_log_position') > 0 && sample(text, 'tessera_change_log_caught_up_timestamp_seconds') > 0;
      },
      { what: 'the change-log follower to catch up' },
    );
  });
  after(() => tessera?.stopAndCleanup());

  it('passes promtool check metrics', () => {
    const checked = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(checked.error, undefined, `promtool runs (scripts/install-deps installs Debian's prometheus): ${checked.error}`);
    assert.equal(checked.status, 0, `promtool check metrics:\n${checked.stdout}${checked.stderr}`);
  });

  it('names no user, token name, token value, tenant or client address', () => {
    for (const [what, value] of Object.entries(secrets)) assert.ok(!text.includes(value), `${what} (${value}) in /metrics`);
    for (const forbidden of ['ghost-one', 'ghost-two', 'admin@tessera.local', '@', '127.0.0.1', 'tsr_']) {
      assert.ok(!text.includes(forbidden), `${forbidden} in /metrics`);
    }
    assert.doesNotMatch(text, /\b\d{1,3}(\.\d{1,3}){3}\b/, 'no IPv4 address');
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      const labels = line.match(/^[a-z_]+\{([^}]*)\}/)?.[1] ?? '';
      for (const [, label] of labels.matchAll(/([a-z_]+)="[^"]*"/g)) assert.ok(allowedLabels.has(label), `label ${label} in: ${line}`);
    }
  });

  it('serves what the alerts need, counting the activity', () => {
    const now = Date.now() / 1000;
    assertMetricSamples(text, {
      'tessera_logins_total{outcome="failure"}': 4,
      'tessera_logins_total{outcome="locked"}': 2,
      'tessera_login_lockouts_total{locked="user"}': 2,
      'tessera_login_lockouts_total{locked="address"}': 1,
      'tessera_http_requests_total{operation="check",status="401"}': 1,
      'tessera_worker_queue_full_total': 0,
    });
    for (const kind of ['busy', 'unavailable', 'failed']) assert.equal(sample(text, `tessera_store_errors_total{kind="${kind}"}`), 0, kind);
    assert.equal(sample(text, 'tessera_store_reachable'), 1);
    const caughtUp = sample(text, 'tessera_change_log_caught_up_timestamp_seconds');
    assert.ok(Math.abs(now - caughtUp) < 60, `caught up at ${caughtUp}, now ${now}`);
    const keyCreated = sample(text, 'tessera_signing_key_created_timestamp_seconds');
    assert.ok(keyCreated <= now + 1 && keyCreated > now - 3600, `signing key created at ${keyCreated}, now ${now}`);
  });

  it('serves every metric the alerting rules and the Grafana dashboard use', () => {
    const served = servedNames(text);
    const rules = readFileSync(resolve(monitoring, 'tessera-alerts.yml'), 'utf8');
    const dashboard = JSON.parse(readFileSync(resolve(monitoring, 'grafana-dashboard.json'), 'utf8'));
    assert.equal(dashboard.uid, 'tessera-overview');
    const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
    assert.ok(exprs.length >= 10 && exprs.every((expr) => typeof expr === 'string' && expr.includes('tessera_')), 'every panel query uses a Tessera metric');
    const variables = dashboard.templating.list.map((variable) => variable.query?.query ?? '').join('\n');
    for (const [where, names] of [['tessera-alerts.yml', referencedNames(rules)], ['grafana-dashboard.json', referencedNames(exprs.join('\n') + variables)]]) {
      assert.ok(names.size >= 8, `${where} uses the metrics`);
      for (const name of names) {
        if (onlyWithTls.has(name)) continue;
        assert.ok(served.has(name), `${where} uses ${name}, which /metrics does not serve`);
      }
    }
  });
});
