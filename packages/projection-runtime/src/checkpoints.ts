import { SystemClock } from '@sapien/kernel';
import type { Instant } from '@sapien/kernel';
import type { Knex } from 'knex';
import { createQualifiedTable, fromDbPkDateTime, pkDateTimeColumn, runMigrations, toDbPkDateTime, writeTransaction } from '@sapien/read-model-sql';
import type { Migration, ReadModelStore } from '@sapien/read-model-sql';

export const CHECKPOINTS_TABLE = 'sapien_checkpoints';

/** Creates `sapien_checkpoints(name PK, position bigint, updated_at)` in the read database's main schema. */
export const checkpointMigrations: readonly Migration[] = [
  {
    name: 'projection-runtime/0001-sapien-checkpoints',
    up: (db, dialect) =>
      createQualifiedTable(db, dialect, CHECKPOINTS_TABLE, (table) => {
        table.string('name', 200).primary();
        table.bigInteger('position').notNullable();
        pkDateTimeColumn(table, 'updated_at', dialect).notNullable();
      }),
  },
];

export type CheckpointRow = Readonly<{ name: string; position: number; updatedAt: Instant }>;

type StoredRow = { name: string; position: number | string; updated_at: unknown };

const clock = new SystemClock();

/**
 * The last global position each consumer (projection, publisher) has fully processed. A
 * projection saves it in the transaction of its rows, so rows and checkpoint never disagree.
 */
export class CheckpointStore {
  private constructor(readonly store: ReadModelStore) {}

  /** Opens the store's checkpoints, creating the table when missing. */
  static async open(store: ReadModelStore): Promise<CheckpointStore> {
    await runMigrations(store, checkpointMigrations);
    return new CheckpointStore(store);
  }

  /** The saved position, 0 when the consumer has none yet. */
  async get(name: string): Promise<number> {
    const row = (await this.store.db(CHECKPOINTS_TABLE).where({ name }).first('position')) as Pick<StoredRow, 'position'> | undefined;
    return row === undefined ? 0 : Number(row.position);
  }

  async all(): Promise<CheckpointRow[]> {
    const rows = (await this.store.db(CHECKPOINTS_TABLE).select('name', 'position', 'updated_at').orderBy('name')) as StoredRow[];
    return rows.map((row) => ({ name: row.name, position: Number(row.position), updatedAt: fromDbPkDateTime(row.updated_at, this.store.dialect) }));
  }

  /** Saves a position inside the caller's transaction (the one that wrote the rows). */
  async save(trx: Knex.Transaction, name: string, position: number): Promise<void> {
    const updatedAt = toDbPkDateTime(clock.now(), this.store.dialect);
    await trx(CHECKPOINTS_TABLE).insert({ name, position, updated_at: updatedAt }).onConflict('name').merge(['position', 'updated_at']);
  }

  /**
   * Reads a position and holds it for the rest of the transaction: PostgreSQL locks the row
   * (`FOR UPDATE`), so a rebuild's swap and a live batch of the same projection take turns;
   * on SQLite the caller's write transaction (writeTransaction) already serialises them.
   */
  async lock(trx: Knex.Transaction, name: string): Promise<number> {
    const updatedAt = toDbPkDateTime(clock.now(), this.store.dialect);
    await trx(CHECKPOINTS_TABLE).insert({ name, position: 0, updated_at: updatedAt }).onConflict('name').ignore();
    const query = trx(CHECKPOINTS_TABLE).where({ name }).first('position');
    const row = (await (this.store.dialect === 'postgres' ? query.forUpdate() : query)) as Pick<StoredRow, 'position'> | undefined;
    return row === undefined ? 0 : Number(row.position);
  }

  /** Moves a checkpoint forward in its own transaction (never backwards); returns the saved position. */
  advance(name: string, position: number): Promise<number> {
    return writeTransaction(this.store, async (trx) => {
      const stored = await this.lock(trx, name);
      if (position <= stored) return stored;
      await this.save(trx, name, position);
      return position;
    });
  }
}
