import type { Dialect } from '@sapien/read-model-sql';
import { createQualifiedTableIfMissing, pkDateTimeColumn, uuidColumn } from '@sapien/read-model-sql';
import type { Knex } from 'knex';
import { indexName } from '../support/index-name.ts';

export const EVENT_LOG_TABLE = 'EventLog';

/** Creates `EventLog` (PRODUCT.md §7) under its physical name when missing. */
export const createEventLogTable = async (db: Knex, dialect: Dialect, name: string): Promise<void> => {
  await createQualifiedTableIfMissing(db, dialect, name, (table) => {
    // AUTOINCREMENT on SQLite (knex's increments): ids are never reused, even after a delete.
    table.bigIncrements('EventLogId');
    uuidColumn(table, 'EventId', dialect).notNullable().unique({ indexName: indexName(name, 'EventId') });
    table.integer('OrgId').notNullable();
    table.string('EventType', 200).notNullable();
    table.string('StreamId', 255).notNullable();
    table.bigInteger('Position').notNullable();
    pkDateTimeColumn(table, 'OccurredAt', dialect).notNullable();
    table.string('Actor', 255).notNullable();
    table.text('Payload').notNullable();
    table.string('PrevHash', 64).nullable();
    table.string('Hash', 64).notNullable();
    // The chain of one org is read in id order (verification, cursor pagination).
    table.index(['OrgId', 'EventLogId'], indexName(name, 'OrgId_EventLogId'));
  });
};
