import { expect } from 'chai';
import { instantFromEpochMicros, newId } from '@sapien/kernel';
import type { Instant } from '@sapien/kernel';
import { createQualifiedTable } from './ddl.ts';
import { fromDbPkDateTime, pkDateTimeColumn, toDbPkDateTime } from './pk-datetime-column.ts';
import type { ReadModelStore } from './store.ts';
import { describeWithStoreOnEachDialect } from './testing.ts';
import { fromDbUuid, toDbUuid, uuidColumn } from './uuid-column.ts';

/** Instants one microsecond apart, in a shuffled order, crossing a second and a year boundary. */
const base = 1_798_761_599_999_998n; // 2026-12-31T23:59:59.999998Z
const instants: Instant[] = [3n, 0n, 5n, 1n, 4n, 2n].map((offset) => instantFromEpochMicros(base + offset));

describe('column helpers', () => {
  describeWithStoreOnEachDialect((opened) => {
    let store: ReadModelStore;

    before(async () => {
      store = opened();
      await createQualifiedTable(store.db, store.dialect, 'ArchivingRetention.Audit_1', (table) => {
        pkDateTimeColumn(table, 'AccessedAt', store.dialect).notNullable();
        uuidColumn(table, 'AuditId', store.dialect).notNullable();
        uuidColumn(table, 'RecordingId', store.dialect);
        table.primary(['AccessedAt', 'AuditId']);
      });
    });

    it('round-trips date-times to the microsecond and uuids', async () => {
      const rows = instants.map((instant) => ({ AccessedAt: instant, AuditId: newId(), RecordingId: newId() }));
      await store.db('ArchivingRetention.Audit_1').insert(
        rows.map((row) => ({
          AccessedAt: toDbPkDateTime(row.AccessedAt, store.dialect),
          AuditId: toDbUuid(row.AuditId),
          RecordingId: toDbUuid(row.RecordingId),
        })),
      );
      const stored: { AccessedAt: unknown; AuditId: unknown; RecordingId: unknown }[] = await store.db('ArchivingRetention.Audit_1').select();
      const read = stored.map((row) => ({
        AccessedAt: fromDbPkDateTime(row.AccessedAt, store.dialect),
        AuditId: fromDbUuid(row.AuditId),
        RecordingId: fromDbUuid(row.RecordingId),
      }));
      expect(read).to.have.deep.members(rows);
    });

    it('orders date-times by time, to the microsecond', async () => {
      const stored: { AccessedAt: unknown }[] = await store.db('ArchivingRetention.Audit_1').select('AccessedAt').orderBy('AccessedAt');
      const ordered = stored.map((row) => fromDbPkDateTime(row.AccessedAt, store.dialect));
      expect(ordered).to.deep.equal([...instants].sort());
      expect(ordered[0]).to.equal('2026-12-31T23:59:59.999998Z');
      expect(ordered[2]).to.equal('2027-01-01T00:00:00.000000Z');
    });

    it('selects a range of date-times by bound parameters', async () => {
      const rows = await store
        .db('ArchivingRetention.Audit_1')
        .where('AccessedAt', '>', toDbPkDateTime(instants[5] as Instant, store.dialect))
        .count({ n: '*' });
      expect(rows).to.deep.equal([{ n: 3 }]);
    });

    it('uses a date-time as part of the primary key', async () => {
      const [first] = (await store.db('ArchivingRetention.Audit_1').select('AccessedAt', 'AuditId').limit(1)) as {
        AccessedAt: unknown;
        AuditId: unknown;
      }[];
      let duplicate: unknown;
      try {
        await store.db('ArchivingRetention.Audit_1').insert({
          AccessedAt: toDbPkDateTime(fromDbPkDateTime(first?.AccessedAt, store.dialect), store.dialect),
          AuditId: fromDbUuid(first?.AuditId),
        });
      } catch (error) {
        duplicate = error;
      }
      expect(duplicate).to.be.instanceOf(Error);
      // The same id one microsecond later is another key.
      const later = instantFromEpochMicros(base + 100n);
      await store.db('ArchivingRetention.Audit_1').insert({ AccessedAt: toDbPkDateTime(later, store.dialect), AuditId: fromDbUuid(first?.AuditId) });
    });

    it('finds a row by its uuid', async () => {
      const id = newId();
      const at = instantFromEpochMicros(base + 200n);
      await store.db('ArchivingRetention.Audit_1').insert({ AccessedAt: toDbPkDateTime(at, store.dialect), AuditId: toDbUuid(id) });
      const found: { AccessedAt: unknown }[] = await store.db('ArchivingRetention.Audit_1').where({ AuditId: toDbUuid(id.toUpperCase()) }).select('AccessedAt');
      expect(found.map((row) => fromDbPkDateTime(row.AccessedAt, store.dialect))).to.deep.equal([at]);
    });
  });
});
