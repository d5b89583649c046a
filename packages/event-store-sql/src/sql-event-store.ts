import type { Knex } from 'knex';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  StreamRevision,
  SubscribeToAllOptions,
  SubscriptionMessage,
} from '@sapien/event-store';
import {
  EventStoreUnavailable,
  ExpectedRevisionConflict,
  validateAppend,
  validateDurability,
  validateReadAllOptions,
  validateReadStreamOptions,
} from '@sapien/event-store';
import type { NewEvent, RecordedEvent } from '@sapien/kernel';
import { AppendQueue, type AppendOutcome, type QueuedAppend } from './append-queue.ts';
import { originalAppend, satisfies } from './append-rules.ts';
import type { StoredEventPlace } from './append-rules.ts';
import type { SqlDialect } from './dialect.ts';
import { EVENTS_TABLE, STREAMS_TABLE, chunk } from './dialect.ts';
import { placeRows, toRecordedEvent, toUnplacedRows } from './rows.ts';
import type { StoredEventRow, UnplacedEventRow } from './rows.ts';
import { catchUpSubscription } from './subscription.ts';
import { isUniqueViolation, translateError } from './translate-error.ts';
import type { SqlDialectName } from './url.ts';
import { Wakeup } from './wakeup.ts';

/** The SQL event store: the EventStore port on SQLite or PostgreSQL. */
export interface SqlEventStore extends EventStore {
  readonly dialect: SqlDialectName;
}

/** Hears appends made by other processes (PostgreSQL LISTEN). */
export type AppendListener = Readonly<{ ensure(): Promise<void>; close(): Promise<void> }>;

/** Writes appends that arrived together elsewhere than the store's own connection (a worker thread). */
export type BatchWriter = Readonly<{
  write(appends: readonly QueuedAppend[]): Promise<(AppendResult | undefined)[]>;
  close(): Promise<void>;
}>;

export type SqlEventStoreSettings = Readonly<{
  pollIntervalMs: number;
  listen?: (onAppend: () => void) => AppendListener;
  /** SQLite files: batches go to a worker thread (sqlite-batch-writer.ts); made once the tables exist. */
  batchWriter?: () => BatchWriter;
}>;

type AppendState = Readonly<{ head: number; revision: StreamRevision; streamPosition: number }>;

const IDS_PER_LOOKUP = 1_000;

export class SqlEventStoreImpl implements SqlEventStore {
  private readonly wakeup = new Wakeup();
  private readonly listener: AppendListener | undefined;
  private readonly queue = new AppendQueue({
    alone: (append) => this.appendAlone(append),
    together: (appends) => this.guard(() => this.appendTogether(appends)),
  });
  private closed = false;
  private batchWriter: BatchWriter | undefined;

  constructor(
    private readonly db: Knex,
    private readonly sql: SqlDialect,
    private readonly settings: SqlEventStoreSettings,
  ) {
    this.listener = settings.listen?.(() => this.wakeup.notify());
  }

  get dialect(): SqlDialectName {
    return this.sql.name;
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    validateAppend(streamId, events, expected);
    validateDurability(options.durability);
    const rows = toUnplacedRows(events);
    const outcome = await this.queue.append(options.durability === 'deferred' ? { streamId, rows, expected, deferFlush: true } : { streamId, rows, expected });
    if (outcome.wrote) this.wakeup.notify();
    return outcome.result;
  }

  private appendAlone({ streamId, rows, expected }: QueuedAppend): Promise<AppendOutcome> {
    return this.guard(async () => {
      try {
        return await this.appendFirst(streamId, rows, expected);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // An id is stored already: look where, to tell a retried append from a conflict.
        return await this.appendOnce(streamId, rows, expected, true);
      }
    });
  }

  /**
   * Appends that arrived together, in one transaction (one call on PostgreSQL). A stored id fails
   * the transaction with a unique violation, as on the lone path; the queue then runs each alone.
   */
  private appendTogether(appends: readonly QueuedAppend[]): Promise<(AppendResult | undefined)[]> {
    if (this.sql.appendBatchInOneCall !== undefined) return this.sql.appendBatchInOneCall(this.db, appends);
    if (this.settings.batchWriter !== undefined) {
      this.batchWriter ??= this.settings.batchWriter();
      return this.batchWriter.write(appends);
    }
    const [first] = appends;
    if (first === undefined) return Promise.resolve([]);
    return this.db.transaction(async (trx) => {
      await this.sql.lockForAppend(trx, first.streamId);
      const results: (AppendResult | undefined)[] = [];
      for (const { streamId, rows, expected } of appends) {
        const state = await this.appendState(trx, streamId);
        const revision = state.revision === 'no_stream' ? -1 : state.revision;
        if (!satisfies(expected, state.revision)) {
          results.push(undefined);
        } else if (rows.length === 0) {
          results.push({ nextExpectedRevision: revision, position: state.streamPosition });
        } else {
          await this.sql.writeEvents(trx, streamId, placeRows(rows, revision, state.head));
          results.push({ nextExpectedRevision: revision + rows.length, position: state.head + rows.length });
        }
      }
      return results;
    });
  }

  /** The common path: one call where the dialect has it, else the transaction without a lookup. */
  private async appendFirst(streamId: string, rows: readonly UnplacedEventRow[], expected: ExpectedRevision): Promise<AppendOutcome> {
    if (this.sql.appendInOneCall === undefined) return this.appendOnce(streamId, rows, expected, false);
    try {
      return { result: await this.sql.appendInOneCall(this.db, streamId, rows, expected), wrote: rows.length > 0 };
    } catch (error) {
      if (!(error instanceof ExpectedRevisionConflict)) throw error;
      // The stream is elsewhere, maybe because this very append succeeded before and is retried.
      // Stored events never change, so the lookup needs no lock.
      const original = await this.retriedAppend(this.db, streamId, rows, expected, error.actual);
      if (original === undefined) throw error;
      return { result: original, wrote: false };
    }
  }

  private appendOnce(
    streamId: string,
    rows: readonly UnplacedEventRow[],
    expected: ExpectedRevision,
    lookUpIds: boolean,
  ): Promise<AppendOutcome> {
    return this.db.transaction(async (trx) => {
      await this.sql.lockForAppend(trx, streamId);
      const state = await this.appendState(trx, streamId);
      const fits = satisfies(expected, state.revision);
      // The common path skips the id lookup: a stored id then fails the insert, and we come back.
      if (!fits || lookUpIds) {
        const original = await this.retriedAppend(trx, streamId, rows, expected, state.revision);
        if (original !== undefined) return { result: original, wrote: false };
        if (!fits) throw new ExpectedRevisionConflict(streamId, expected, state.revision);
      }
      const revision = state.revision === 'no_stream' ? -1 : state.revision;
      if (rows.length === 0) return { result: { nextExpectedRevision: revision, position: state.streamPosition }, wrote: false };
      await this.sql.writeEvents(trx, streamId, placeRows(rows, revision, state.head));
      return { result: { nextExpectedRevision: revision + rows.length, position: state.head + rows.length }, wrote: true };
    });
  }

  private async appendState(trx: Knex.Transaction, streamId: string): Promise<AppendState> {
    const result: unknown = await trx.raw(
      `select coalesce((select max(position) from ${EVENTS_TABLE}), 0) as head,
              (select revision from ${STREAMS_TABLE} where stream_id = ?) as revision,
              (select position from ${STREAMS_TABLE} where stream_id = ?) as stream_position`,
      [streamId, streamId],
    );
    const row = this.sql.rowsOf(result)[0] ?? {};
    const revision = row.revision === null || row.revision === undefined ? 'no_stream' : Number(row.revision);
    return { head: Number(row.head ?? 0), revision, streamPosition: Number(row.stream_position ?? 0) };
  }

  /**
   * Looks the ids up: the original result when they are this append, already stored; a conflict
   * (at `actual`) when some are stored otherwise; undefined when none are stored.
   */
  private async retriedAppend(
    db: Knex | Knex.Transaction,
    streamId: string,
    rows: readonly UnplacedEventRow[],
    expected: ExpectedRevision,
    actual: StreamRevision,
  ): Promise<AppendResult | undefined> {
    const ids = rows.map((row) => row.eventId);
    const stored = await this.findStored(db, ids);
    if (stored.length === 0) return undefined;
    const original = originalAppend(streamId, ids, expected, stored);
    if (original === undefined) throw new ExpectedRevisionConflict(streamId, expected, actual);
    return original;
  }

  private async findStored(db: Knex | Knex.Transaction, ids: readonly string[]): Promise<StoredEventPlace[]> {
    const places: StoredEventPlace[] = [];
    for (const part of chunk(ids, IDS_PER_LOOKUP)) {
      const rows: { event_id: string; stream_id: string; revision: number | string; position: number | string }[] = await db(EVENTS_TABLE)
        .select('event_id', 'stream_id', 'revision', 'position')
        .whereIn('event_id', part);
      for (const row of rows) {
        places.push({ id: row.event_id, streamId: row.stream_id, revision: Number(row.revision), position: Number(row.position) });
      }
    }
    return places;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateReadStreamOptions(options);
    const { direction = 'forwards', fromRevision, maxCount } = options;
    if (maxCount === 0) return [];
    return this.guard(async () => {
      const query = this.selectEvents().where('stream_id', streamId);
      if (direction === 'forwards') {
        if (fromRevision !== undefined) query.where('revision', '>=', fromRevision);
        query.orderBy('revision', 'asc');
      } else {
        if (fromRevision !== undefined) query.where('revision', '<=', fromRevision);
        query.orderBy('revision', 'desc');
      }
      if (maxCount !== undefined) query.limit(maxCount);
      return this.recorded(await query);
    });
  }

  async streamRevision(streamId: string): Promise<StreamRevision> {
    return this.guard(async () => {
      const row: { revision: number | string } | undefined = await this.db(STREAMS_TABLE).where('stream_id', streamId).first('revision');
      return row === undefined ? 'no_stream' : Number(row.revision);
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    validateReadAllOptions(options);
    const { after = 0, maxCount } = options;
    if (maxCount === 0) return [];
    return this.guard(async () => {
      const query = this.selectEvents().where('position', '>', after).orderBy('position', 'asc');
      if (maxCount !== undefined) query.limit(maxCount);
      return this.recorded(await query);
    });
  }

  async headPosition(): Promise<number> {
    return this.guard(async () => {
      const row: unknown = await this.db(EVENTS_TABLE).max('position as head').first();
      const head = typeof row === 'object' && row !== null && 'head' in row ? row.head : null;
      return Number(head ?? 0);
    });
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AsyncIterable<SubscriptionMessage> {
    return catchUpSubscription(
      {
        readAfter: (after, maxCount) => this.readAll({ after, maxCount }),
        beforeRead: () => this.guard(async () => this.listener?.ensure()),
        wakeup: this.wakeup,
        pollIntervalMs: this.settings.pollIntervalMs,
        isClosed: () => this.closed,
      },
      options,
    );
  }

  async ping(): Promise<void> {
    await this.guard(() => this.db.raw('select 1'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeup.notify();
    await this.listener?.close();
    await this.batchWriter?.close();
    await this.db.destroy();
  }

  private selectEvents(): Knex.QueryBuilder {
    return this.db(EVENTS_TABLE).select(
      'position',
      'event_id',
      'stream_id',
      'revision',
      'type',
      'data',
      'metadata',
      this.db.raw(this.sql.occurredAtColumn),
    );
  }

  private recorded(rows: readonly StoredEventRow[]): RecordedEvent[] {
    return rows.map((row) => toRecordedEvent(this.sql, row));
  }

  /** Refuses work after close and translates driver errors at the seam. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new EventStoreUnavailable('the event store is closed');
    try {
      return await work();
    } catch (error) {
      throw translateError(error);
    }
  }
}
