import { expect } from 'chai';
import { FixedClock, SystemClock } from '@sapien/kernel';
import { DEFAULT_API_SETTINGS } from '../dependencies.ts';
import { json, startHarness, type Harness } from '../testing/harness.ts';
import { requestFingerprint } from './fingerprint.ts';
import { IdempotencyStore } from './store.ts';

describe('Idempotency-Key', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  const create = (body: object, key?: string) =>
    harness.app.inject({ method: 'POST', url: '/v1/orgs', payload: body, headers: key === undefined ? {} : { 'idempotency-key': key } });

  it('replays the first answer to a retry with the same key and body: status, body and headers', async () => {
    const first = await create({ name: 'Acme' }, 'key-1');
    const retry = await create({ name: 'Acme' }, 'key-1');
    expect(first.statusCode).to.equal(201);
    expect(retry.statusCode).to.equal(201);
    expect(retry.body).to.equal(first.body);
    expect(retry.headers.location).to.equal(first.headers.location);
    expect(retry.headers['sapien-position']).to.equal(first.headers['sapien-position']);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(retry.headers['x-correlation-id']).to.not.equal(first.headers['x-correlation-id']);
    expect(await harness.eventStore.headPosition()).to.equal(2); // one reservation, one creation
  });

  it('treats the same body in another key order as the same request', async () => {
    await create({ name: 'Acme', orgId: 5 }, 'key-2');
    const retry = await create({ orgId: 5, name: 'Acme' }, 'key-2');
    expect(retry.statusCode).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
  });

  it('replays a remembered conflict too: the first answer, whatever happened since', async () => {
    await create({ name: 'Acme', orgId: 5 });
    const first = await create({ name: 'Acme', orgId: 5 }, 'key-3');
    const retry = await create({ name: 'Acme', orgId: 5 }, 'key-3');
    expect(first.statusCode).to.equal(409);
    expect(retry.statusCode).to.equal(409);
    expect(retry.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(retry.body).to.equal(first.body);
  });

  it('answers 422 to the same key with a different body', async () => {
    await create({ name: 'Acme' }, 'key-4');
    const response = await create({ name: 'Other' }, 'key-4');
    expect(response.statusCode).to.equal(422);
    expect(json(response)).to.include({ type: 'urn:sapien:problem:idempotency-key-reused' });
  });

  it('answers 422 to the same key on another route', async () => {
    await create({ name: 'Acme' }, 'key-5');
    const response = await harness.app.inject({
      method: 'PATCH',
      url: '/v1/orgs/1',
      payload: { name: 'Acme' },
      headers: { 'idempotency-key': 'key-5' },
    });
    expect(response.statusCode).to.equal(422);
  });

  it('answers 409 with Retry-After while the first request with the key is still in flight', async () => {
    const store = new IdempotencyStore(harness.readModels, new SystemClock(), DEFAULT_API_SETTINGS);
    // Another instance (or a concurrent request) has claimed the key and not answered yet.
    await store.claim({ principal: '', key: 'key-6' }, requestFingerprint('POST', '/v1/orgs', { name: 'Acme' }));
    const response = await create({ name: 'Acme' }, 'key-6');
    expect(response.statusCode).to.equal(409);
    expect(response.headers['retry-after']).to.equal('1');
    expect(json(response)).to.include({ type: 'urn:sapien:problem:idempotency-key-in-use' });
    expect(await harness.eventStore.headPosition()).to.equal(0);
  });

  it('lets a retry take over a claim whose lease has ended (its request died)', async () => {
    const claimedLongAgo = new IdempotencyStore(harness.readModels, new FixedClock('2020-01-01T00:00:00Z'), DEFAULT_API_SETTINGS);
    await claimedLongAgo.claim({ principal: '', key: 'key-7' }, requestFingerprint('POST', '/v1/orgs', { name: 'Acme' }));
    const response = await create({ name: 'Acme' }, 'key-7');
    expect(response.statusCode).to.equal(201);
  });

  it('does not remember an answer to a request that failed validation', async () => {
    const bad = await create({ name: '' }, 'key-8');
    expect(bad.statusCode).to.equal(400);
    const rows = await harness.readModels.db('sapien_idempotency_keys').where({ idempotency_key: 'key-8' });
    expect(rows).to.have.length(0);
  });

  it('forgets the key after a server error, so that a retry runs the request again', async () => {
    await harness.runner.stop();
    await harness.eventStore.close(); // the append cannot happen
    const failed = await create({ name: 'Acme' }, 'key-10');
    expect(failed.statusCode).to.be.within(500, 599);
    const rows = await harness.readModels.db('sapien_idempotency_keys').where({ idempotency_key: 'key-10' });
    expect(rows).to.have.length(0);
  });

  it('answers 400 naming the header for an unusable key', async () => {
    const response = await create({ name: 'Acme' }, 'x'.repeat(300));
    expect(response.statusCode).to.equal(400);
    expect(json(response)).to.include({ field: 'idempotency-key' });
  });

  it('works on PUT and PATCH', async () => {
    await create({ name: 'Acme' });
    const put = () =>
      harness.app.inject({
        method: 'PUT',
        url: '/v1/orgs/1/api-rate-limit',
        payload: { limit: 5, windowSeconds: 5 },
        headers: { 'idempotency-key': 'key-9' },
      });
    const first = await put();
    const retry = await put();
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(retry.headers['sapien-position']).to.equal(first.headers['sapien-position']);
  });
});
