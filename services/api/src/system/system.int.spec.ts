import { expect } from 'chai';
import { json, startHarness, type Harness } from '../testing/harness.ts';

describe('system endpoints and errors at the edge', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  it('GET /hello greets', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/hello' });
    expect(response.statusCode).to.equal(200);
    expect(json(response)).to.deep.equal({ message: 'Hello from Sapien' });
  });

  it('echoes an acceptable X-Correlation-Id and assigns one otherwise', async () => {
    const echoed = await harness.app.inject({ method: 'GET', url: '/hello', headers: { 'x-correlation-id': 'abc-123' } });
    expect(echoed.headers['x-correlation-id']).to.equal('abc-123');
    const replaced = await harness.app.inject({ method: 'GET', url: '/hello', headers: { 'x-correlation-id': 'bad id\twith space' } });
    expect(replaced.headers['x-correlation-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('answers 404 problem+json for an unknown route', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/nothing?x=1' });
    expect(response.statusCode).to.equal(404);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(json(response)).to.include({
      type: 'urn:sapien:problem:not-found',
      title: 'Not Found',
      status: 404,
      instance: '/v1/nothing?x=1',
      correlationId: response.headers['x-correlation-id'],
    });
  });

  it('answers 500 with the correlation id and without the cause (no SQL, no stack)', async () => {
    await harness.runner.stop();
    await harness.readModels.close(); // the read database is gone: the query fails inside knex
    const response = await harness.app.inject({ method: 'GET', url: '/v1/orgs/1' });
    expect(response.statusCode).to.equal(500);
    const body = json(response);
    expect(body).to.include({ type: 'urn:sapien:problem:internal-error', status: 500, correlationId: response.headers['x-correlation-id'] });
    expect(response.body).to.not.match(/select|knex|sqlite|pool|at .*\.ts/i);
    expect(Object.keys(body).sort()).to.deep.equal(['correlationId', 'detail', 'instance', 'status', 'title', 'type']);
  });
});
