import { expect } from 'chai';
import { json, startHarness, type Harness } from '../testing/harness.ts';

describe('health endpoints', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  it('GET /health/live answers while the process runs', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).to.equal(200);
    expect(json(response)).to.deep.equal({ status: 'live' });
  });

  it('GET /health/ready checks the event store, the read database and the bus', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).to.equal(200);
    expect(json(response)).to.deep.equal({ status: 'ready', checks: { eventStore: 'up', readModels: 'up', bus: 'up' } });
  });

  it('GET /health/ready answers 503 naming the bus when it is down', async () => {
    await harness.bus.close();
    const response = await harness.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).to.equal(503);
    expect(response.headers['retry-after']).to.equal('1');
    expect(json(response)).to.deep.include({
      type: 'urn:sapien:problem:not-ready',
      checks: { eventStore: 'up', readModels: 'up', bus: 'down' },
    });
  });

  it('GET /health/ready answers 503 naming the event store and the read database when they are down', async () => {
    await harness.runner.stop();
    await harness.eventStore.close();
    await harness.readModels.close();
    const response = await harness.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).to.equal(503);
    expect(json(response).checks).to.deep.equal({ eventStore: 'down', readModels: 'down', bus: 'up' });
    expect(json(response).detail).to.equal('not ready: eventStore, readModels did not answer');
  });
});
