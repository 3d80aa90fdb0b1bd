// Client side of the two-instance benchmark (scripts/bench part 4, run by scripts/bench-scale-out).
// Node 20, the standard library and ./http-client.mjs. Three modes, all plain HTTP/1.1 with keep-alive:
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
import {
  ADMIN_USER, USER_PASSWORD, awaitPatLimit, createBenchUsers, createDeleteLoops, eventually, login, ok, request, sleep,
} from './http-client.mjs';

const PERMISSION = 'quotes.read';

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
  const users = Array.from({ length: Math.ceil(deletes / limit) }, (_, i) => `propagation-${i}@bench.test`);
  const writer = 'writer@bench.test';
  const tenant = await createBenchUsers(a, admin, 'bench', [...users, writer]);
  // The PAT limit was raised by an operator command on the store: wait until A enforces it.
  await awaitPatLimit(a, await login(a, writer, USER_PASSWORD), limit);
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
  process.on('SIGTERM', () => (stopping = true));
  const started = performance.now();
  console.log('writing');
  // Each loop owns one token name, so the writer never holds more than CONCURRENCY PATs.
  const loops = Array.from({ length: concurrency }, (_, j) => ({ jwt, name: `w${j}` }));
  const counts = await createDeleteLoops(a, loops, PERMISSION, fixture.tenant, () => stopping);
  const writes = counts.created + counts.deleted;
  const seconds = (performance.now() - started) / 1000;
  console.log(`writer: ${(writes / seconds).toFixed(1)} writes/s (${writes} writes in ${seconds.toFixed(1)} s, ${counts.failed} failed)`);
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
