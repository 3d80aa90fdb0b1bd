// Client of scripts/bench part 7: durable write throughput on one instance.
//
//   node pat-creations.mjs BASE ADMIN_PASSWORD CLIENTS PAT_LIMIT SECONDS ROUND
//
// Sets up a tenant, a role and ceil(CLIENTS / PAT_LIMIT) users (their names carry ROUND, so that
// rounds on one server do not collide), waits until BASE enforces
// PAT_LIMIT (raised beforehand with `tessera admin set-pat-limit`), then runs CLIENTS concurrent
// loops for SECONDS, each creating a PAT and deleting it again (every creation is one durable
// commit, and so is every deletion). Prints
//   pat creations per second: N
//   writes per second: N (C created, D deleted, F failed in S s)
import { performance } from 'node:perf_hooks';
import { ADMIN_USER, USER_PASSWORD, awaitPatLimit, createBenchUsers, createDeleteLoops, login } from './http-client.mjs';

const [base, adminPassword, clientsText, limitText, secondsText, round = '1'] = process.argv.slice(2);
const clients = Number(clientsText);
const limit = Number(limitText);
const seconds = Number(secondsText);
if (!base || !(clients >= 1) || !(limit >= 1) || !(seconds > 0)) {
  console.error('usage: pat-creations.mjs BASE ADMIN_PASSWORD CLIENTS PAT_LIMIT SECONDS [ROUND]');
  process.exit(2);
}

async function main() {
  const admin = await login(base, ADMIN_USER, adminPassword);
  const userNames = Array.from({ length: Math.ceil(clients / limit) }, (_, i) => `creator-${round}-${i}@bench.test`);
  const tenant = await createBenchUsers(base, admin, `creations-${round}`, userNames);
  const jwts = await Promise.all(userNames.map((userName) => login(base, userName, USER_PASSWORD)));
  await awaitPatLimit(base, jwts[0], limit);
  // Loop i belongs to user i mod users, so no user holds more PATs than the limit.
  const loops = Array.from({ length: clients }, (_, i) => ({ jwt: jwts[i % jwts.length], name: `c${i}` }));
  let stopping = false;
  setTimeout(() => (stopping = true), seconds * 1000);
  const started = performance.now();
  const counts = await createDeleteLoops(base, loops, 'quotes.read', tenant, () => stopping);
  const elapsed = (performance.now() - started) / 1000;
  if (counts.failed > 0) throw new Error(`${counts.failed} writes failed`);
  console.log(`pat creations per second: ${Math.round(counts.created / elapsed)}`);
  console.log(
    `writes per second: ${Math.round((counts.created + counts.deleted) / elapsed)} ` +
      `(${counts.created} created, ${counts.deleted} deleted, ${counts.failed} failed in ${elapsed.toFixed(1)} s)`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error.stack ?? String(error));
    process.exit(1);
  },
);
