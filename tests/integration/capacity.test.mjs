// Capacity (docs/architecture.md, performance): 10,000 concurrent keep-alive connections are held while /auth/check
// keeps answering, and --max-connections refuses the next one cleanly (503, then closed); the worker threads yield
// the cores to the I/O threads.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { eventually, withTessera } from './harness.mjs';

const HELD = 10_000;

// One keep-alive HTTP/1.1 connection that sends raw requests and reads whole responses.
class RawConnection {
  static open(port) {
    return new Promise((ok, fail) => {
      const socket = connect({ port, host: '127.0.0.1' });
      const connection = new RawConnection(socket);
      socket.once('connect', () => ok(connection));
      socket.once('error', fail);
    });
  }
  constructor(socket) {
    this.socket = socket;
    this.buffer = '';
    this.waiting = null;
    this.closed = new Promise((ok) => socket.once('close', ok));
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      this.buffer += chunk;
      this.deliver();
    });
    socket.on('error', () => {});
    socket.on('close', () => this.deliver(true));
  }
  deliver(closed = false) {
    if (!this.waiting) return;
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end >= 0) {
      const length = Number(/content-length: (\d+)/i.exec(this.buffer.slice(0, end))?.[1] ?? 0);
      if (this.buffer.length >= end + 4 + length) {
        const response = this.buffer.slice(0, end + 4 + length);
        this.buffer = this.buffer.slice(response.length);
        const { ok } = this.waiting;
        this.waiting = null;
        return ok(response);
      }
    }
    if (closed) {
      const { ok } = this.waiting;
      this.waiting = null;
      ok(null);
    }
  }
  next() {
    return new Promise((ok) => {
      this.waiting = { ok };
      this.deliver(this.socket.destroyed);
    });
  }
  async get(path, headers = {}) {
    const lines = Object.entries({ host: 'capacity', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
    this.socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('')}\r\n`);
    return this.next();
  }
}

const status = (response) => Number(response?.slice(9, 12));

describe('capacity', () => {
  it(`docs/architecture.md, performance: ${HELD} keep-alive connections are held while /auth/check answers; one more is refused with 503`, async () => {
    // The held ones, one for /auth/check; the next is beyond the bound.
    await withTessera({ args: ['--max-connections', String(HELD + 1)] }, async (tessera) => {
      const admin = await tessera.loginToken();
      const pat = await tessera.createPat(admin, { name: 'gateway', permissions: ['quotes.read'], tenants: ['any'] });
      // Open connections as /metrics counts them (the probe's own included); null while the
      // server refuses the probe (still at its bound).
      const open = async () => {
        const probe = await RawConnection.open(tessera.port);
        const metrics = await probe.get('/metrics', { connection: 'close' });
        await probe.closed;
        const count = /^tessera_http_connections_open (\d+)$/m.exec(metrics ?? '');
        return count ? Number(count[1]) : null;
      };
      // fetch's pooled connections close when idle; start counting from none.
      await eventually(async () => (await open()) === 1, { interval: 100, what: 'the set-up connections to close' });

      const held = [];
      for (let batch = 0; batch < HELD / 500; batch++) {
        const opened = await Promise.all(Array.from({ length: 500 }, () => RawConnection.open(tessera.port)));
        const answers = await Promise.all(opened.map((connection) => connection.get('/healthz')));
        assert.ok(answers.every((answer) => status(answer) === 200), `batch ${batch}: ${answers.find((a) => status(a) !== 200)}`);
        held.push(...opened);
      }
      // Counted over a held connection: a probe of its own would still be counted for a moment
      // after it closes (the server unregisters it just after its last write).
      const heldCount = async () => Number(/^tessera_http_connections_open (\d+)$/m.exec(await held[0].get('/metrics'))[1]);
      await eventually(async () => (await heldCount()) === HELD, { interval: 50, what: `exactly ${HELD} open connections` });

      const gateway = await RawConnection.open(tessera.port);
      const check = { authorization: `Bearer ${pat}`, 'x-required-permission': 'quotes.read' };
      for (let i = 0; i < 100; i++) assert.equal(status(await gateway.get('/auth/check', check)), 200);

      const beyond = await RawConnection.open(tessera.port);
      const refusal = await beyond.next();
      assert.equal(status(refusal), 503, refusal);
      assert.match(refusal, /retry-after: \d+/i);
      assert.match(refusal, /connection: close/i);
      assert.match(refusal, /too many open connections/);
      await beyond.closed;

      // The held connections are alive: each answers again on the same socket.
      const sample = held.filter((_, index) => index % 100 === 0);
      const again = await Promise.all(sample.map((connection) => connection.get('/auth/check', check)));
      assert.ok(again.every((answer) => status(answer) === 200));
      for (const connection of held) connection.socket.destroy();
      gateway.socket.destroy();
      // Once they close, new connections are accepted again.
      await eventually(async () => (await open()) === 1, { timeout: 20_000, interval: 100, what: 'the closed connections to be released' });
    });
  });

  it('docs/architecture.md, performance: worker threads (writes, password hashing) run under SCHED_IDLE, so a login flood yields the core to /auth/check', async () => {
    await withTessera({ args: ['--worker-threads', '3'] }, async (tessera) => {
      // Each thread's scheduling policy, from /proc (SCHED_OTHER 0, SCHED_IDLE 5).
      const policies = readdirSync(`/proc/${tessera.process.pid}/task`).map((thread) => {
        const sched = readFileSync(`/proc/${tessera.process.pid}/task/${thread}/sched`, 'utf8');
        return Number(/^policy\s*:\s*(\d+)$/m.exec(sched)[1]);
      });
      assert.equal(policies.filter((policy) => policy === 5).length, 3, `policies: ${policies}`);
      // Everything else, the two I/O threads among them, keeps the normal policy.
      assert.ok(policies.filter((policy) => policy === 0).length >= 2, `policies: ${policies}`);
      assert.equal(policies.length, policies.filter((policy) => policy === 0 || policy === 5).length);
    });
  });
});
