import type { Migration, ReadModelStore } from '@sapien/read-model-sql';
import { runMigrations } from '@sapien/read-model-sql';

/** The API's own table in the read-model database: answers remembered per Idempotency-Key. */
export const IDEMPOTENCY_TABLE = 'sapien_idempotency_keys';

const createIdempotencyKeys: Migration = {
  name: 'api/0001-create-idempotency-keys',
  async up(db) {
    await db.schema.createTable(IDEMPOTENCY_TABLE, (table) => {
      // Empty until OAuth: keys will then be scoped per client, so one client cannot see another's answers.
      table.string('principal', 200).notNullable().defaultTo('');
      table.string('idempotency_key', 255).notNullable();
      table.string('fingerprint', 64).notNullable();
      table.string('state', 10).notNullable();
      table.bigInteger('claimed_at_us').notNullable();
      table.integer('status_code').nullable();
      table.text('headers').nullable();
      table.text('body').nullable();
      table.primary(['principal', 'idempotency_key']);
    });
  },
};

/** The API's migrations, in order. */
export const API_MIGRATIONS: readonly Migration[] = [createIdempotencyKeys];

/** Applies the API's migrations (idempotent, safe from several processes). */
export const migrateApiTables = async (store: ReadModelStore): Promise<void> => {
  await runMigrations(store, API_MIGRATIONS);
};
