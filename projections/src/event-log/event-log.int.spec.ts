import { expect } from 'chai';
import { eventLogProjection, verifyEventLogChain } from '../index.ts';
import { describeOnEachDialect, eventFactory, project } from '../support/testing.ts';

describeOnEachDialect('eventLogProjection', (store) => {
  const history = () => {
    const event = eventFactory();
    return [
      event('org-registry', 'OrgIdReserved', { orgId: 1, assigned: true }, 0),
      event('org-1', 'OrganisationCreated', { orgId: 1, name: 'A', apiRateLimit: { limit: 1, windowSeconds: 1 } }, 1),
      event('org-registry', 'OrgIdReserved', { orgId: 2, assigned: true }, 0),
      event('org-2', 'OrganisationCreated', { orgId: 2, name: 'B', apiRateLimit: { limit: 1, windowSeconds: 1 } }, 2),
      event('org-1', 'OrganisationRenamed', { orgId: 1, name: 'A2', previousName: 'A' }, 1),
      event('org-1', 'OrgApiRateLimitChanged', { orgId: 1, limit: 2, windowSeconds: 2 }, 1),
    ];
  };
  const log = () => store().db('EventLog').select('*').orderBy('EventLogId');

  it('records every event with its org, type, stream, position and actor', async () => {
    const events = history();
    await project(store(), eventLogProjection, events);
    const rows = await log();
    expect(rows.map((row) => [row.EventId, row.OrgId, row.EventType, row.StreamId, Number(row.Position), row.Actor])).to.deep.equal(
      events.map((e) => [e.id, e.metadata.orgId, e.type, e.streamId, e.position, 'system:test']),
    );
    expect(JSON.parse(String(rows[1]?.Payload))).to.deep.equal({ data: events[1]?.data, metadata: events[1]?.metadata });
  });

  it('keeps credentials out of the public log: hashes and verifiers are redacted', async () => {
    const event = eventFactory();
    const created = event('user-u1', 'UserCreated', { userId: 'u1', orgId: 1, passwordHash: 'scrypt$32768$8$3$s$h' }, 1);
    await project(store(), eventLogProjection, [created]);
    const [row] = await log();
    expect(String(row?.Payload)).not.to.contain('scrypt$');
    expect(JSON.parse(String(row?.Payload)).data).to.deep.equal({ userId: 'u1', orgId: 1, passwordHash: '[redacted]' });
    expect(await verifyEventLogChain(store().db, 1)).to.deep.include({ ok: true });
  });

  it('chains each org separately: the first row of an org has no previous hash', async () => {
    await project(store(), eventLogProjection, history());
    const rows = await log();
    const org1 = rows.filter((row) => row.OrgId === 1);
    expect(org1[0]?.PrevHash).to.equal(null);
    expect(org1[1]?.PrevHash).to.equal(org1[0]?.Hash);
    expect(org1[2]?.PrevHash).to.equal(org1[1]?.Hash);
    for (const orgId of [0, 1, 2]) {
      expect(await verifyEventLogChain(store().db, orgId)).to.include({ ok: true });
    }
    expect(await verifyEventLogChain(store().db, 1)).to.include({ rows: 3 });
  });

  it('continues a chain across batches', async () => {
    const events = history();
    await project(store(), eventLogProjection, events.slice(0, 2));
    await project(store(), eventLogProjection, events.slice(2));
    expect(await verifyEventLogChain(store().db, 1, { pageSize: 2 })).to.deep.include({ ok: true, rows: 3 });
  });

  it('is idempotent: re-handling projected events adds no row', async () => {
    const events = history();
    await project(store(), eventLogProjection, events);
    await project(store(), eventLogProjection, events);
    await project(store(), eventLogProjection, events.slice(3));
    expect(await log()).to.have.length(events.length);
    expect(await verifyEventLogChain(store().db, 1)).to.include({ ok: true });
  });

  it('reports a row whose payload was altered', async () => {
    await project(store(), eventLogProjection, history());
    const [, target] = (await log()).filter((row) => row.OrgId === 1);
    await store().db('EventLog').where('EventLogId', target.EventLogId).update({ Payload: '{"data":{"name":"Evil"}}' });
    const result = await verifyEventLogChain(store().db, 1);
    expect(result).to.deep.include({ ok: false, reason: 'hash-mismatch', eventLogId: Number(target.EventLogId), rows: 1 });
    expect(await verifyEventLogChain(store().db, 2)).to.include({ ok: true });
  });

  it('reports a removed row as a broken link', async () => {
    await project(store(), eventLogProjection, history());
    const [, second, third] = (await log()).filter((row) => row.OrgId === 1);
    await store().db('EventLog').where('EventLogId', second.EventLogId).delete();
    expect(await verifyEventLogChain(store().db, 1)).to.deep.include({
      ok: false,
      reason: 'broken-link',
      eventLogId: Number(third.EventLogId),
    });
  });

  it('reports a re-hashed row, as its successor no longer links to it', async () => {
    await project(store(), eventLogProjection, history());
    const [, second] = (await log()).filter((row) => row.OrgId === 1);
    await store().db('EventLog').where('EventLogId', second.EventLogId).update({ Hash: 'f'.repeat(64) });
    expect(await verifyEventLogChain(store().db, 1)).to.deep.include({ ok: false, reason: 'hash-mismatch' });
  });
});
