import type { Knex } from 'knex';
import type { Dialect } from '@sapien/read-model-sql';
import { pkDateTimeColumn, uuidColumn } from '@sapien/read-model-sql';

/** The append baseline's table: the event store's columns and types, a primary key and nothing else. */
export const RAW_EVENTS_TABLE = 'bench_raw_events';
export const RAW_EVENT_COLUMNS = ['position', 'event_id', 'stream_id', 'revision', 'type', 'data', 'metadata', 'occurred_at'] as const;

const RAW_EVENTS_DDL: Readonly<Record<Dialect, string>> = {
  postgres: `create table ${RAW_EVENTS_TABLE} (
    position bigint primary key, event_id uuid not null, stream_id text not null, revision bigint not null,
    type text not null, data jsonb not null, metadata jsonb not null, occurred_at timestamptz(6) not null)`,
  sqlite: `create table ${RAW_EVENTS_TABLE} (
    position integer primary key, event_id text not null, stream_id text not null, revision integer not null,
    type text not null, data text not null, metadata text not null, occurred_at text not null)`,
};

export const createRawEventsTable = async (db: Knex, dialect: Dialect): Promise<void> => {
  await db.raw(`drop table if exists ${RAW_EVENTS_TABLE}`);
  await db.raw(RAW_EVENTS_DDL[dialect]);
};

/** The projection baseline's tables: the columns and types of Org.Orgs and EventLog, without keys or indexes. */
export const RAW_ORGS_TABLE = 'bench_raw_orgs';
export const RAW_EVENT_LOG_TABLE = 'bench_raw_event_log';
export const RAW_ORG_COLUMNS = [
  'OrgId',
  'Name',
  'Status',
  'ApiRateLimit',
  'ApiRateLimitWindowSeconds',
  'CreatedAt',
  'UpdatedAt',
  'LastEventPosition',
] as const;
export const RAW_EVENT_LOG_COLUMNS = ['EventId', 'OrgId', 'EventType', 'StreamId', 'Position', 'OccurredAt', 'Actor', 'Payload', 'PrevHash', 'Hash'] as const;

export const createRawProjectionTables = async (db: Knex, dialect: Dialect): Promise<void> => {
  await db.schema.dropTableIfExists(RAW_ORGS_TABLE);
  await db.schema.dropTableIfExists(RAW_EVENT_LOG_TABLE);
  await db.schema.createTable(RAW_ORGS_TABLE, (table) => {
    table.integer('OrgId').notNullable();
    table.string('Name', 200).notNullable();
    table.string('Status', 20).notNullable();
    table.integer('ApiRateLimit').notNullable();
    table.integer('ApiRateLimitWindowSeconds').notNullable();
    pkDateTimeColumn(table, 'CreatedAt', dialect).notNullable();
    pkDateTimeColumn(table, 'UpdatedAt', dialect).notNullable();
    table.bigInteger('LastEventPosition').notNullable();
  });
  await db.schema.createTable(RAW_EVENT_LOG_TABLE, (table) => {
    table.bigIncrements('EventLogId');
    uuidColumn(table, 'EventId', dialect).notNullable();
    table.integer('OrgId').notNullable();
    table.string('EventType', 200).notNullable();
    table.string('StreamId', 255).notNullable();
    table.bigInteger('Position').notNullable();
    pkDateTimeColumn(table, 'OccurredAt', dialect).notNullable();
    table.string('Actor', 255).notNullable();
    table.text('Payload').notNullable();
    table.string('PrevHash', 64).nullable();
    table.string('Hash', 64).notNullable();
  });
};
