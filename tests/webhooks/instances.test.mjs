// AUD-2 with several instances: two Tessera instances on one PostgreSQL database both deliver,
// and each notification reaches the receiver once (deliveries are leased to one instance).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import standardwebhooks from 'standardwebhooks';
import { eventually, Tessera } from '../integration/harness.mjs';
import { postgresDeployment } from '../integration/postgres.mjs';
import { Receiver } from './receiver.mjs';

const { Webhook } = standardwebhooks;

describe('webhooks on several instances (AUD-2)', () => {
  let deployment, a, b, receiver;

  before(async () => {
    receiver = await new Receiver().start();
    deployment = await postgresDeployment('tessera_webhooks');
    a = await new Tessera({ args: [...deployment.args, '--webhook-workers', '2', '--webhook-allow-loopback'] }).start();
    b = await new Tessera({ args: [...deployment.args, '--webhook-workers', '2', '--webhook-allow-loopback'] }).start();
  });
  after(async () => {
    await a?.stopAndCleanup();
    await b?.stopAndCleanup();
    await receiver?.stop();
    await deployment?.remove();
  });

  it('delivers each notification once, whichever instance wrote it', async () => {
    const adminA = await a.loginToken();
    const adminB = await b.loginToken();
    const created = await a.request('POST', '/auth/webhooks', { token: adminA, json: { url: receiver.url('/both'), eventTypes: ['token.leaked'] } });
    assert.equal(created.status, 201, created.text);
    const sent = [];
    for (let i = 0; i < 20; i++) {
      const [tessera, token] = i % 2 ? [b, adminB] : [a, adminA];
      const response = await tessera.request('POST', `/auth/webhooks/${created.body.locator}/test`, { token });
      assert.equal(response.status, 202, response.text);
      sent.push(response.body.messageId);
    }
    // An attempt is logged after its POST, and a delivered one is never leased again: once the
    // log holds 20 delivered attempts, every POST there will be has been made.
    const log = async () => (await a.ok('GET', `/auth/webhooks/${created.body.locator}/deliveries?pageSize=100`, { token: adminA })).items;
    await eventually(async () => (await log()).filter((d) => d.outcome === 'delivered').length >= 20, { timeout: 15_000, interval: 50, what: 'all 20 deliveries' });
    assert.equal((await log()).length, 20, 'one attempt each');
    const ids = receiver.at('/both').map((r) => r.headers['webhook-id']);
    assert.equal(ids.length, 20, 'no notification was delivered twice');
    assert.deepEqual([...ids].sort(), [...sent].sort());
    for (const request of receiver.at('/both')) new Webhook(created.body.secret).verify(request.body, request.headers);
  });
});
