import { expect } from 'chai';
import { verifyEventLogChain } from '@sapien/projections';
import { createTemporaryDatabase, requirePostgres, type TemporaryDatabase } from '@sapien/testing';
import { json, startHarness, type Harness } from './testing/harness.ts';

describe('the API on PostgreSQL with the projection runner', () => {
  let eventsDb: TemporaryDatabase | undefined;
  let readDb: TemporaryDatabase | undefined;
  let harness: Harness | undefined;

  before(requirePostgres);
  before(async () => {
    eventsDb = await createTemporaryDatabase('sapien_api_events');
    readDb = await createTemporaryDatabase('sapien_api_read');
    harness = await startHarness({ eventStoreUrl: eventsDb.url, readModelUrl: readDb.url });
  });
  after(async () => {
    await harness?.close();
    await eventsDb?.drop();
    await readDb?.drop();
  });

  const api = (): Harness => {
    if (!harness) throw new Error('no harness');
    return harness;
  };

  it('reads its own writes with Sapien-Min-Position', async () => {
    const created = await api().app.inject({ method: 'POST', url: '/v1/orgs', payload: { name: 'Pg Ltd' } });
    expect(created.statusCode).to.equal(201);
    const { orgId } = json(created);
    const renamed = await api().app.inject({ method: 'PATCH', url: `/v1/orgs/${orgId}`, payload: { name: 'Pg Plc' } });
    const limited = await api().app.inject({
      method: 'PUT',
      url: `/v1/orgs/${orgId}/api-rate-limit`,
      payload: { limit: 42, windowSeconds: 7 },
    });
    expect(Number(limited.headers['sapien-position'])).to.be.greaterThan(Number(renamed.headers['sapien-position']));
    const read = await api().app.inject({
      method: 'GET',
      url: `/v1/orgs/${orgId}`,
      headers: { 'sapien-min-position': String(limited.headers['sapien-position']) },
    });
    expect(read.statusCode).to.equal(200);
    expect(json(read)).to.deep.include({ orgId, name: 'Pg Plc', status: 'active', apiRateLimit: { limit: 42, windowSeconds: 7 } });
  });

  it('gives concurrent creations distinct ids', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => api().app.inject({ method: 'POST', url: '/v1/orgs', payload: { name: `Concurrent ${i}` } })),
    );
    expect(responses.map((r) => r.statusCode)).to.deep.equal([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => json(r).orgId)).size).to.equal(5);
  });

  it('answers 409 for a given id that is taken and 404 for an unknown org', async () => {
    await api().app.inject({ method: 'POST', url: '/v1/orgs', payload: { name: 'Fixed', orgId: 500 } });
    const again = await api().app.inject({ method: 'POST', url: '/v1/orgs', payload: { name: 'Fixed', orgId: 500 } });
    expect(again.statusCode).to.equal(409);
    const missing = await api().app.inject({ method: 'GET', url: '/v1/orgs/9999' });
    expect(missing.statusCode).to.equal(404);
  });

  it('replays an Idempotency-Key answer from the PostgreSQL read database', async () => {
    const send = () =>
      api().app.inject({ method: 'POST', url: '/v1/orgs', payload: { name: 'Once' }, headers: { 'idempotency-key': 'pg-key-1' } });
    const first = await send();
    const retry = await send();
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(retry.body).to.equal(first.body);
    expect(retry.headers['sapien-position']).to.equal(first.headers['sapien-position']);
  });

  it('keeps every event in EventLog, chained per org', async () => {
    const head = await api().eventStore.headPosition();
    expect(await api().runner.waitForPosition(head, 5000)).to.equal(true);
    const count = await api().readModels.db('EventLog').count<{ n: number | string }[]>({ n: '*' });
    expect(Number(count[0]?.n)).to.equal(head);
    const orgIds: { OrgId: number }[] = await api().readModels.db('EventLog').distinct('OrgId');
    for (const { OrgId } of orgIds) expect(await verifyEventLogChain(api().readModels.db, OrgId)).to.include({ ok: true });
  });

  it('is ready when PostgreSQL and the bus answer', async () => {
    const response = await api().app.inject({ method: 'GET', url: '/health/ready' });
    expect(json(response)).to.deep.equal({ status: 'ready', checks: { eventStore: 'up', readModels: 'up', bus: 'up' } });
  });
});
