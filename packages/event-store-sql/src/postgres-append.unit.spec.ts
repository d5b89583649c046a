import { expect } from 'chai';
import { ExpectedRevisionConflict } from '@sapien/event-store';
import { conflictOf, eventsJson } from './postgres-append.ts';
import { CONFLICT_SQLSTATE } from './postgres-append-function.ts';

const driverError = (code: string, detail?: string): Error => Object.assign(new Error('raised'), { code, detail });

describe('conflictOf', () => {
  it("turns sapien_append's conflict into ExpectedRevisionConflict, the actual revision read from DETAIL", () => {
    const conflict = conflictOf(driverError(CONFLICT_SQLSTATE, '7'), 'org-1', 5);
    expect(conflict).to.be.instanceOf(ExpectedRevisionConflict);
    expect(conflict).to.include({ streamId: 'org-1', expected: 5, actual: 7 });
    expect(conflictOf(driverError(CONFLICT_SQLSTATE, 'no_stream'), 'org-1', 'stream_exists')).to.include({ actual: 'no_stream' });
  });

  it('leaves other errors, and a conflict without a readable DETAIL, alone', () => {
    expect(conflictOf(driverError('23505', '7'), 'org-1', 5)).to.equal(undefined);
    expect(conflictOf(driverError(CONFLICT_SQLSTATE), 'org-1', 5)).to.equal(undefined);
    expect(conflictOf(driverError(CONFLICT_SQLSTATE, 'seven'), 'org-1', 5)).to.equal(undefined);
    expect(conflictOf('not an error', 'org-1', 5)).to.equal(undefined);
  });
});

describe('eventsJson', () => {
  it('gives one JSON array, splicing the already serialised data and metadata in', () => {
    const json = eventsJson([
      { eventId: 'a', type: 'T"1', data: '{"x":[1,2]}', metadata: '{"orgId":1}', occurredAt: '2026-05-06T07:08:09.101112Z' },
      { eventId: 'b', type: 'T2', data: 'null', metadata: '{}', occurredAt: '2026-05-06T07:08:09.000001Z' },
    ]);
    expect(JSON.parse(json)).to.deep.equal([
      { id: 'a', type: 'T"1', data: { x: [1, 2] }, metadata: { orgId: 1 }, occurredAt: '2026-05-06T07:08:09.101112Z' },
      { id: 'b', type: 'T2', data: null, metadata: {}, occurredAt: '2026-05-06T07:08:09.000001Z' },
    ]);
    expect(eventsJson([])).to.equal('[]');
  });
});
