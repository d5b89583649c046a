import type { RecordedEvent } from '@sapien/kernel';
import { isOrganisationEvent } from '@sapien/organisations';
import type { Projection, ProjectionContext } from '@sapien/projection-runtime';
import { toDbPkDateTime } from '@sapien/read-model-sql';
import type { Knex } from 'knex';
import { foldOrgEvents, type OrgEvent } from './fold.ts';
import { loadOrgRows, writeOrgRows } from './rows.ts';
import { ORGS_TABLE, createOrgsTable } from './table.ts';

/**
 * `Org.Orgs`: one row per organisation (PRODUCT.md §7). `LastEventPosition` is the position of the
 * last event applied to the row; updates only move it forward, so a replayed event changes nothing.
 * A batch costs one read of its orgs' rows and one write per changed row set, whatever its size.
 */
export const orgsProjection: Projection = {
  name: 'orgs',
  tables: [ORGS_TABLE],

  createTables: (db: Knex, { dialect, names }: ProjectionContext) => createOrgsTable(db, dialect, names(ORGS_TABLE)),

  async handle(trx: Knex.Transaction, events: readonly RecordedEvent[], { dialect, names }: ProjectionContext): Promise<void> {
    const orgEvents = events.filter((event) => isOrganisationEvent(event)) as OrgEvent[];
    if (orgEvents.length === 0) return;
    const table = names(ORGS_TABLE);
    const stored = await loadOrgRows(trx, table, [...new Set(orgEvents.map((event) => event.data.orgId))]);
    const changes = foldOrgEvents(stored, orgEvents, (instant) => toDbPkDateTime(instant, dialect));
    await writeOrgRows(trx, table, changes);
  },
};
