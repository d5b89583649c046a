import type { RecordedEvent } from '@sapien/kernel';
import type { Knex } from 'knex';
import { createQualifiedTableIfMissing, toDbUuid, uuidColumn } from '@sapien/read-model-sql';
import type { Projection, ProjectionContext } from '../projection.ts';

const PER_ORG = /^ArchivingRetention\.OrgEvents_\d+$/u;

export const orgEventsTable = (orgId: number): string => `ArchivingRetention.OrgEvents_${orgId}`;

/** A projection with a table per org, created when the org's first event arrives. */
export const perOrgProjection = (): Projection => ({
  name: 'per-org',
  tables: [],
  ownsTable: (logical) => PER_ORG.test(logical),
  async createTables() {
    // its tables come with the orgs
  },
  async handle(trx: Knex.Transaction, events: readonly RecordedEvent[], { dialect, names }: ProjectionContext) {
    for (const event of events) {
      const table = names(orgEventsTable(event.metadata.orgId));
      await createQualifiedTableIfMissing(trx, dialect, table, (builder) => {
        uuidColumn(builder, 'EventId', dialect).primary();
        builder.bigInteger('Position').notNullable().unique();
      });
      await trx(table).insert({ EventId: toDbUuid(event.id), Position: event.position });
    }
  },
});
