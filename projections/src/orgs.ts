import type { RecordedEvent } from '@sapien/kernel';
import { isOrganisationEvent, type OrganisationEvent } from '@sapien/organisations';
import type { Projection, ProjectionContext } from '@sapien/projection-runtime';
import { createQualifiedTableIfMissing, pkDateTimeColumn, toDbPkDateTime } from '@sapien/read-model-sql';
import type { Knex } from 'knex';
import type { RecordedUnion } from './support/recorded.ts';

export const ORGS_TABLE = 'Org.Orgs';

type OrgEvent = RecordedUnion<OrganisationEvent>;

/**
 * `Org.Orgs`: one row per organisation (PRODUCT.md §7). `LastEventPosition` is the position of the
 * last event applied to the row; updates only move it forward, so a replayed event changes nothing.
 */
export const orgsProjection: Projection = {
  name: 'orgs',
  tables: [ORGS_TABLE],

  async createTables(db: Knex, { dialect, names }: ProjectionContext): Promise<void> {
    await createQualifiedTableIfMissing(db, dialect, names(ORGS_TABLE), (table) => {
      table.integer('OrgId').notNullable().primary();
      table.string('Name', 200).notNullable();
      table.string('Status', 20).notNullable();
      table.integer('ApiRateLimit').notNullable();
      table.integer('ApiRateLimitWindowSeconds').notNullable();
      pkDateTimeColumn(table, 'CreatedAt', dialect).notNullable();
      pkDateTimeColumn(table, 'UpdatedAt', dialect).notNullable();
      table.bigInteger('LastEventPosition').notNullable();
    });
  },

  async handle(trx: Knex.Transaction, events: readonly RecordedEvent[], { dialect, names }: ProjectionContext): Promise<void> {
    const orgs = (): Knex.QueryBuilder => trx(names(ORGS_TABLE));
    for (const event of events) {
      if (!isOrganisationEvent(event)) continue;
      await apply(orgs, event as OrgEvent, (instant) => toDbPkDateTime(instant, dialect));
    }
  },
};

const apply = async (
  orgs: () => Knex.QueryBuilder,
  event: OrgEvent,
  dbTime: (instant: OrgEvent['occurredAt']) => unknown,
): Promise<void> => {
  const at = dbTime(event.occurredAt);
  const later = (): Knex.QueryBuilder =>
    orgs().where('OrgId', event.data.orgId).andWhere('LastEventPosition', '<', event.position);
  switch (event.type) {
    case 'OrganisationCreated': {
      const { orgId, name, apiRateLimit } = event.data;
      await orgs()
        .insert({
          OrgId: orgId,
          Name: name,
          Status: 'active',
          ApiRateLimit: apiRateLimit.limit,
          ApiRateLimitWindowSeconds: apiRateLimit.windowSeconds,
          CreatedAt: at,
          UpdatedAt: at,
          LastEventPosition: event.position,
        })
        .onConflict('OrgId')
        .ignore();
      return;
    }
    case 'OrganisationRenamed':
      await later().update({ Name: event.data.name, UpdatedAt: at, LastEventPosition: event.position });
      return;
    case 'OrgApiRateLimitChanged':
      await later().update({
        ApiRateLimit: event.data.limit,
        ApiRateLimitWindowSeconds: event.data.windowSeconds,
        UpdatedAt: at,
        LastEventPosition: event.position,
      });
      return;
    default: {
      const _never: never = event;
      return;
    }
  }
};
