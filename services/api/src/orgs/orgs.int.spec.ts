import { expect } from 'chai';
import { verifyEventLogChain } from '@sapien/projections';
import { json, startHarness, type Harness } from '../testing/harness.ts';

describe('organisations over HTTP (SQLite)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  const create = (body: unknown, headers: Record<string, string> = {}) =>
    harness.app.inject({ method: 'POST', url: '/v1/orgs', payload: body as object, headers });
  const read = (orgId: number | string, position?: string) =>
    harness.app.inject({
      method: 'GET',
      url: `/v1/orgs/${orgId}`,
      headers: position === undefined ? {} : { 'sapien-min-position': position },
    });

  describe('POST /v1/orgs', () => {
    it('creates an organisation: 201, its id, Location and Sapien-Position', async () => {
      const response = await create({ name: 'Acme' });
      expect(response.statusCode).to.equal(201);
      expect(json(response)).to.deep.equal({ orgId: 1 });
      expect(response.headers.location).to.equal('/v1/orgs/1');
      expect(Number(response.headers['sapien-position'])).to.be.greaterThan(0);
      expect(response.headers['x-correlation-id']).to.be.a('string');
    });

    it('assigns consecutive ids and keeps a given one', async () => {
      expect(json(await create({ name: 'A' }))).to.deep.equal({ orgId: 1 });
      expect(json(await create({ name: 'B', orgId: 42 }))).to.deep.equal({ orgId: 42 });
      expect(json(await create({ name: 'C' }))).to.deep.equal({ orgId: 43 });
      expect(json(await create({ name: 'D', orgId: 7 }))).to.deep.equal({ orgId: 7 });
    });

    it('answers 409 problem+json for an id that is taken', async () => {
      await create({ name: 'Acme', orgId: 42 });
      const response = await create({ name: 'Other', orgId: 42 });
      expect(response.statusCode).to.equal(409);
      expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:organisation-exists', status: 409, instance: '/v1/orgs' });
    });

    it('takes over an id whose reservation was left without an organisation', async () => {
      const { newEventId } = await import('@sapien/kernel');
      await harness.eventStore.appendToStream('org-registry', [
        {
          id: newEventId(),
          type: 'OrgIdReserved',
          data: { orgId: 9, assigned: false },
          metadata: { orgId: 0, correlationId: 'c', causationId: 'c', actor: { kind: 'system', id: 'test' } },
          occurredAt: '2026-01-01T00:00:00.000000Z' as never,
        },
      ]);
      const response = await create({ name: 'Recovered', orgId: 9 });
      expect(response.statusCode).to.equal(201);
      expect(json(await create({ name: 'Again', orgId: 9 }))).to.include({ status: 409 });
    });

    it('answers 400 naming a missing field', async () => {
      const response = await create({});
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:validation-failed', field: 'name' });
      expect(json(response).errors).to.deep.equal([{ field: 'name', message: "name must have required property 'name'" }]);
    });

    it('answers 400 naming a nested invalid field', async () => {
      const response = await create({ name: 'Acme', apiRateLimit: { limit: 0, windowSeconds: 60 } });
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ field: 'apiRateLimit.limit' });
    });

    it('answers 400 naming an unknown property', async () => {
      const response = await create({ name: 'Acme', colour: 'red' });
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ field: 'colour' });
    });

    it('answers 400 naming name when it is a number, not coercing it to a string', async () => {
      const response = await create({ name: 123 });
      expect(response.statusCode).to.equal(400);
      expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:validation-failed', field: 'name' });
      expect(json(response).errors).to.deep.equal([{ field: 'name', message: 'name must be string' }]);
      expect(await harness.eventStore.headPosition()).to.equal(0);
    });

    it('answers 400 naming orgId when the body sends it as a string', async () => {
      const response = await create({ name: 'Acme', orgId: '42' });
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:validation-failed', field: 'orgId' });
    });

    it('answers 400 naming the field for a blank name the domain rejects', async () => {
      const response = await create({ name: '   ' });
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:validation-failed', field: 'name' });
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/v1/orgs',
        payload: '{"name":',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:malformed-json' });
    });

    it('answers 413 for a body over the limit', async () => {
      const response = await create({ name: 'x'.repeat(70 * 1024) });
      expect(response.statusCode).to.equal(413);
      expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:payload-too-large', status: 413 });
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/v1/orgs',
        payload: 'name=Acme',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.statusCode).to.equal(415);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:unsupported-media-type' });
    });
  });

  describe('GET /v1/orgs/{orgId}', () => {
    it('reads its own write with Sapien-Min-Position', async () => {
      const created = await create({ name: 'Acme', apiRateLimit: { limit: 10, windowSeconds: 1 } });
      const response = await read(1, String(created.headers['sapien-position']));
      expect(response.statusCode).to.equal(200);
      const body = json(response);
      expect(body).to.deep.include({ orgId: 1, name: 'Acme', status: 'active', apiRateLimit: { limit: 10, windowSeconds: 1 } });
      expect(body.createdAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    });

    it('takes orgId from the path as an integer (path params keep coercion)', async () => {
      const created = await create({ name: 'Acme', orgId: 42 });
      const response = await read(42, String(created.headers['sapien-position']));
      expect(response.statusCode).to.equal(200);
      expect(json(response)).to.include({ orgId: 42, name: 'Acme' });
    });

    it('answers 404 problem+json for an unknown organisation', async () => {
      const response = await read(999);
      expect(response.statusCode).to.equal(404);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:not-found', status: 404, instance: '/v1/orgs/999' });
    });

    it('answers 400 naming orgId when it is not a positive integer', async () => {
      const response = await read('abc');
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ field: 'orgId' });
    });

    it('answers 503 with Retry-After when the read model does not reach the position in time', async () => {
      await harness.close();
      harness = await startHarness({ api: { minPositionTimeoutMs: 50 } });
      const response = await read(1, '1000');
      expect(response.statusCode).to.equal(503);
      expect(response.headers['retry-after']).to.equal('1');
      expect(json(response)).to.include({ type: 'urn:sapien:problem:read-model-behind', minPosition: 1000 });
    });

    it('answers 400 naming the header for a malformed Sapien-Min-Position', async () => {
      const response = await read(1, 'soon');
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ field: 'sapien-min-position' });
    });
  });

  describe('PATCH /v1/orgs/{orgId}', () => {
    it('renames an organisation', async () => {
      await create({ name: 'Acme' });
      const renamed = await harness.app.inject({ method: 'PATCH', url: '/v1/orgs/1', payload: { name: 'Acme Ltd' } });
      expect(renamed.statusCode).to.equal(200);
      expect(json(renamed)).to.deep.equal({ orgId: 1, name: 'Acme Ltd' });
      const response = await read(1, String(renamed.headers['sapien-position']));
      expect(json(response)).to.include({ name: 'Acme Ltd' });
    });

    it('appends nothing when the name is unchanged, answering the current position', async () => {
      const created = await create({ name: 'Acme' });
      const before = await harness.eventStore.headPosition();
      const renamed = await harness.app.inject({ method: 'PATCH', url: '/v1/orgs/1', payload: { name: 'Acme' } });
      expect(renamed.statusCode).to.equal(200);
      expect(await harness.eventStore.headPosition()).to.equal(before);
      expect(renamed.headers['sapien-position']).to.equal(created.headers['sapien-position']);
    });

    it('answers 404 for an unknown organisation', async () => {
      const response = await harness.app.inject({ method: 'PATCH', url: '/v1/orgs/5', payload: { name: 'X' } });
      expect(response.statusCode).to.equal(404);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:not-found' });
    });
  });

  describe('PUT /v1/orgs/{orgId}/api-rate-limit', () => {
    it('changes the rate limit', async () => {
      await create({ name: 'Acme' });
      const changed = await harness.app.inject({
        method: 'PUT',
        url: '/v1/orgs/1/api-rate-limit',
        payload: { limit: 100, windowSeconds: 10 },
      });
      expect(changed.statusCode).to.equal(200);
      expect(json(changed)).to.deep.equal({ orgId: 1, apiRateLimit: { limit: 100, windowSeconds: 10 } });
      const response = await read(1, String(changed.headers['sapien-position']));
      expect(json(response).apiRateLimit).to.deep.equal({ limit: 100, windowSeconds: 10 });
    });

    it('answers 400 naming limit when the body sends it as a string, not coercing it', async () => {
      await create({ name: 'Acme' });
      const response = await harness.app.inject({
        method: 'PUT',
        url: '/v1/orgs/1/api-rate-limit',
        payload: { limit: '600', windowSeconds: 60 },
      });
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:validation-failed', field: 'limit' });
      expect(json(response).errors).to.deep.equal([{ field: 'limit', message: 'limit must be integer' }]);
    });

    it('answers 400 naming windowSeconds when it is missing', async () => {
      await create({ name: 'Acme' });
      const response = await harness.app.inject({ method: 'PUT', url: '/v1/orgs/1/api-rate-limit', payload: { limit: 100 } });
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ field: 'windowSeconds' });
    });

    it('answers 404 for an unknown organisation', async () => {
      const response = await harness.app.inject({
        method: 'PUT',
        url: '/v1/orgs/77/api-rate-limit',
        payload: { limit: 100, windowSeconds: 10 },
      });
      expect(response.statusCode).to.equal(404);
    });
  });

  describe('EventLog', () => {
    it('holds every event, chained per org', async () => {
      await create({ name: 'Acme' });
      await harness.app.inject({ method: 'PATCH', url: '/v1/orgs/1', payload: { name: 'Acme Ltd' } });
      const last = await harness.app.inject({ method: 'PUT', url: '/v1/orgs/1/api-rate-limit', payload: { limit: 1, windowSeconds: 1 } });
      expect(await harness.runner.waitForPosition(Number(last.headers['sapien-position']), 5000)).to.equal(true);
      const rows: { EventType: string; OrgId: number }[] = await harness.readModels.db('EventLog').select('EventType', 'OrgId').orderBy('EventLogId');
      expect(rows).to.deep.equal([
        { EventType: 'OrgIdReserved', OrgId: 0 },
        { EventType: 'OrganisationCreated', OrgId: 1 },
        { EventType: 'OrganisationRenamed', OrgId: 1 },
        { EventType: 'OrgApiRateLimitChanged', OrgId: 1 },
      ]);
      expect(await verifyEventLogChain(harness.readModels.db, 1)).to.include({ ok: true, rows: 3 });
      expect(await harness.eventStore.headPosition()).to.equal(rows.length);
    });
  });
});
