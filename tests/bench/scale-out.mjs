// Client side of the two-instance benchmark (scripts/bench part 4, run by scripts/bench-scale-out).
// Node 20 and the standard library only. Three modes, all talking plain HTTP/1.1 with keep-alive:
//
//   setup A B ADMIN_PASSWORD DELETES PAT_LIMIT FIXTURE
//       On instance A: a tenant, a role, ceil(DELETES / PAT_LIMIT) users for the propagation run
//       and one writer user; the admin's PAT for wrk (as in part 2), checked on B. Writes FIXTURE.
//   propagation A B FIXTURE DELETES JITTER_MS
//       Creates DELETES PATs on A and waits until B accepts each one; then, one at a time, after a
//       random pause of 0..JITTER_MS (so that deletes do not fall in step with B's change-log
//       follower), deletes it on A and polls B's /auth/check with it back to back until B answers 401.
//       Propagation = arrival of the first 401 minus arrival of the DELETE response.
//   writer A FIXTURE CONCURRENCY
//       Logs the writer user in on A, prints "writing", then CONCURRENCY loops each create and
//       delete a PAT on A until SIGTERM; then prints "writer: RATE writes/s (N writes, F failed)".
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const ADMIN_USER = 'admin@tessera.local';
const USER_PASSWORD = 'Bench-User-Passw0rd-Long!';
const PERMISSION = 'quotes.read';

const sharedAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });

// One request; `at` is performance.now() when the response head arrived.
function request(base, method, path, { token, json, form, headers = {}, agent = sharedAgent } = {}) {
  return new Promise((ok, fail) => {
    const head = { ...headers };
    let body;
    if (token) head.authorization = `Bearer ${token}`;
    if (json !== undefined) {
      body = JSON.stringify(json);
      head['content-type'] = 'application/json';
    } else if (form !== undefined) {
      body = new URLSearchParams(form).toString();
      head['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (body !== undefined) head['content-length'] = Buffer.byteLength(body);
    const outgoing = http.request(new URL(path, base), { method, headers: head, agent }, (response) => {
      const at = performance.now();
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        ok({ status: response.statusCode, body: parsed, text, at });
      });
    });
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}

async function ok(base, method, path, options) {
  const response = await request(base, method, path, options);
  if (response.status < 200 || response.status > 299)
    throw new Error(`${method} ${base}${path}: ${response.status} ${response.text}`);
  return response.body;
}

async function login(base, userName, password) {
  const body = await ok(base, 'POST', '/auth/realms/default/protocol/openid-connect/token', {
    form: { grant_type: 'password', username: userName, password },
  });
  return body.access_token;
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// Polls `probe` every 10 ms until it holds, at most `ms`.
async function eventually(ms, what, probe) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(10);
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}

const check = (base, pat, tenant, agent) =>
  request(base, 'GET', '/auth/check', {
    token: pat,
    headers: tenant
      ? { 'x-required-permission': PERMISSION, 'x-tenant-locator': tenant }
      : { 'x-required-permission': 'quotes.write' },
    agent,
  });

async function setup([a, b, adminPassword, deletesText, limitText, fixtureFile]) {
  const deletes = Number(deletesText);
  const limit = Number(limitText);
  const admin = await login(a, ADMIN_USER, adminPassword);
  const tenant = (await ok(a, 'POST', '/auth/tenants', {
    token: admin,
    json: { name: 'bench', type: 'test', description: 'benchmark tenant' },
  })).locator;
  await ok(a, 'POST', '/auth/roles', {
    token: admin,
    json: { name: 'bench', permissions: ['quotes.*', 'users.token'], description: 'benchmark role' },
  });
  const users = Array.from({ length: Math.ceil(deletes / limit) }, (_, i) => `propagation-${i}@bench.test`);
  const writer = 'writer@bench.test';
  for (const userName of [...users, writer]) {
    await ok(a, 'POST', '/auth/users', {
      token: admin,
      json: { userName, firstName: 'Bench', lastName: 'User', password: USER_PASSWORD, roles: ['bench'], tenants: [tenant] },
    });
  }
  // The PAT limit was raised by an operator command on the store: wait until A enforces it.
  const probe = await login(a, writer, USER_PASSWORD);
  await eventually(5000, `PAT limit ${limit} on A`, async () =>
    (await request(a, 'GET', '/auth/users/tokens/limitRequests', { token: probe })).body?.limit === limit);
  const checkPat = await ok(a, 'POST', '/auth/users/tokens', {
    token: admin,
    json: { name: 'bench', permissions: ['quotes.write'], tenants: ['any'] },
  });
  await eventually(5000, 'the wrk PAT accepted by B', async () => (await check(b, checkPat)).status === 200);
  writeFileSync(fixtureFile, JSON.stringify({ tenant, limit, users, writer, checkPat }));
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function propagation([a, b, fixtureFile, deletesText, jitterText]) {
  const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8'));
  const deletes = Number(deletesText);
  const jitter = Number(jitterText);
  const pats = [];
  for (const [u, userName] of fixture.users.entries()) {
    const jwt = await login(a, userName, USER_PASSWORD);
    for (let i = 0; i < fixture.limit && pats.length < deletes; i++) {
      const name = `p${u}-${i}`;
      const value = await ok(a, 'POST', '/auth/users/tokens', {
        token: jwt,
        json: { name, permissions: [PERMISSION], tenants: [fixture.tenant] },
      });
      pats.push({ jwt, name, value });
    }
  }
  for (const pat of pats) {
    await eventually(5000, `PAT ${pat.name} accepted by B`, async () =>
      (await check(b, pat.value, fixture.tenant)).status === 200);
  }
  // One connection to B, reused by every poll.
  const pollAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times = [];
  let polls = 0;
  let pollingMs = 0;
  for (const pat of pats) {
    await sleep(Math.random() * jitter);
    const removed = await request(a, 'DELETE', `/auth/users/tokens/${pat.name}`, { token: pat.jwt });
    if (removed.status < 200 || removed.status > 299)
      throw new Error(`DELETE ${pat.name} on A: ${removed.status} ${removed.text}`);
    for (;;) {
      const started = performance.now();
      const answer = await check(b, pat.value, fixture.tenant, pollAgent);
      polls++;
      pollingMs += answer.at - started;
      if (answer.status === 401) {
        times.push(answer.at - removed.at);
        break;
      }
      if (answer.status !== 200) throw new Error(`B answered ${answer.status} for ${pat.name}: ${answer.text}`);
      if (answer.at - removed.at > 10_000) throw new Error(`B still accepts ${pat.name} 10 s after its deletion`);
    }
  }
  times.sort((x, y) => x - y);
  const ms = (v) => v.toFixed(1);
  console.log(
    `propagation over ${times.length} deletes: p50 ${ms(percentile(times, 0.5))} ms  p90 ${ms(percentile(times, 0.9))} ms  ` +
      `p99 ${ms(percentile(times, 0.99))} ms  max ${ms(times[times.length - 1])} ms  min ${ms(times[0])} ms ` +
      `(B polled every ${(pollingMs / polls).toFixed(2)} ms)`,
  );
}

async function writer([a, fixtureFile, concurrencyText]) {
  const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8'));
  const concurrency = Number(concurrencyText);
  if (!(concurrency >= 1 && concurrency <= fixture.limit)) throw new Error(`concurrency must be 1..${fixture.limit}`);
  const jwt = await login(a, fixture.writer, USER_PASSWORD);
  let stopping = false;
  let writes = 0;
  let failed = 0;
  process.on('SIGTERM', () => (stopping = true));
  const started = performance.now();
  console.log('writing');
  // Each loop owns one token name: created, then deleted, so it never holds more than one PAT.
  const loop = async (j) => {
    const name = `w${j}`;
    while (!stopping) {
      const created = await request(a, 'POST', '/auth/users/tokens', {
        token: jwt,
        json: { name, permissions: [PERMISSION], tenants: [fixture.tenant] },
      });
      if (created.status === 200) writes++;
      else failed++;
      // Deleted even when stopping, so that the next round starts without it.
      const removed = await request(a, 'DELETE', `/auth/users/tokens/${name}`, { token: jwt });
      if (removed.status >= 200 && removed.status <= 299) writes++;
      else if (created.status === 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, j) => loop(j)));
  const seconds = (performance.now() - started) / 1000;
  console.log(`writer: ${(writes / seconds).toFixed(1)} writes/s (${writes} writes in ${seconds.toFixed(1)} s, ${failed} failed)`);
}

const [mode, ...args] = process.argv.slice(2);
const modes = { setup, propagation, writer };
if (!modes[mode]) {
  console.error('usage: scale-out.mjs setup|propagation|writer ARGS...');
  process.exit(2);
}
modes[mode](args).then(
  () => process.exit(0),
  (error) => {
    console.error(error.stack ?? String(error));
    process.exit(1);
  },
);
