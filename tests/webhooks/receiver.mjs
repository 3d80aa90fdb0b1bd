// A webhook receiver on 127.0.0.1 for the tests: it records every delivery.
import { createServer } from 'node:http';

// Answers each path as told: `plan(path)` maps the n-th request (from 0) to a status or 'hang'.
export class Receiver {
  requests = [];
  plans = new Map();
  timers = new Set();

  async start() {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const seen = this.requests.filter((r) => r.path === request.url).length;
        this.requests.push({ path: request.url, headers: request.headers, body, at: Date.now() });
        const answer = (this.plans.get(request.url) ?? (() => 200))(seen);
        if (answer === 'hang') {
          const timer = setTimeout(() => { this.timers.delete(timer); response.end(); }, 3000);
          this.timers.add(timer);
          return;
        }
        response.writeHead(answer, { 'content-type': 'text/plain' });
        response.end('thanks');
      });
    });
    await new Promise((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.port = this.server.address().port;
    return this;
  }

  url(path) {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path) {
    return this.requests.filter((r) => r.path === path);
  }

  // The deliveries to `path` whose body has this type, parsed.
  events(path, type) {
    return this.at(path).map((r) => ({ ...r, event: JSON.parse(r.body) })).filter((r) => !type || r.event.type === type);
  }

  async stop() {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise((ok) => this.server.close(ok));
  }
}
