import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { EventStoreUnavailable, describeEventStoreContract } from '@sapien/event-store';
import type { EventStore } from '@sapien/event-store';
import { newEventId, newId, parseInstant } from '@sapien/kernel';
import type { NewEvent, RecordedEvent } from '@sapien/kernel';
import { openSqlEventStore } from './open.ts';
import { SqlEventStoreImpl } from './sql-event-store.ts';
import { SqliteBatchWriter } from './sqlite-batch-writer.ts';
import { cacheStatements, prepareWriterConnection, sqliteConnection } from './sqlite-connection.ts';
import { sqliteDialect } from './sqlite-dialect.ts';

const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));
const WRITER_SCRIPT = fileURLToPath(new URL('./test-support/append-as-process.ts', import.meta.url));

const event = (data: unknown = {}): NewEvent => ({
  id: newEventId(),
  type: 'FileTested',
  data,
  metadata: { orgId: 1, correlationId: newId(), causationId: newId(), actor: { kind: 'system', id: 'sqlite-spec' } },
  occurredAt: parseInstant('2026-05-06T07:08:09.101112Z'),
});

const runWriterProcess = (url: string, writer: number, count: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER_SCRIPT, url, String(writer), String(count)], {
      cwd: REPOSITORY,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited with ${code}: ${stderr}`))));
  });

describeEventStoreContract({
  name: 'SQLite (in memory)',
  create: () => openSqlEventStore('sqlite::memory:'),
});

// A file: appends made together are written by the store's worker thread (sqlite-batch-writer.ts).
const contractFiles = new Map<EventStore, string>();
describeEventStoreContract({
  name: 'SQLite (a file, batches written by a worker thread)',
  create: async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sapien-event-store-contract-'));
    const store = await openSqlEventStore(`sqlite:${join(directory, 'events.sqlite')}`);
    contractFiles.set(store, directory);
    return store;
  },
  dispose: async (store) => {
    await store.close();
    rmSync(contractFiles.get(store) ?? '', { recursive: true, force: true });
    contractFiles.delete(store);
  },
});

describe('SQL event store on a SQLite file', () => {
  let directory: string;
  const stores: EventStore[] = [];
  const open = async (url: string, options: Parameters<typeof openSqlEventStore>[1] = {}): Promise<EventStore> => {
    const store = await openSqlEventStore(url, options);
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sapien-event-store-'));
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  it('commits appends made at the same moment once, together (group commit)', async () => {
    const db = sqliteConnection(join(directory, 'together.sqlite'));
    await sqliteDialect.migrate(db);
    const store = new SqlEventStoreImpl(db, sqliteDialect, { pollIntervalMs: 250 });
    stores.push(store);
    const statements: string[] = [];
    db.on('query', (query: { sql: string }) => statements.push(query.sql));
    const results = await Promise.all(Array.from({ length: 12 }, (_, n) => store.appendToStream(`together-${n}`, [event({ n })], { expectedRevision: 'no_stream' })));
    expect(statements.filter((sql) => /^commit/i.test(sql))).to.have.length(1);
    expect(results.map((result) => result.position)).to.deep.equal(results.map((_, n) => n + 1));
  });

  it('writes a batch from its worker thread, so the commit (an fsync) never holds up the main thread', async () => {
    const filename = join(directory, 'worker.sqlite');
    const db = sqliteConnection(filename);
    await sqliteDialect.migrate(db);
    const store = new SqlEventStoreImpl(db, sqliteDialect, { pollIntervalMs: 250, batchWriter: () => new SqliteBatchWriter({ filename, busyTimeoutMs: 5_000 }) });
    stores.push(store);
    const statements: string[] = [];
    db.on('query', (query: { sql: string }) => statements.push(query.sql));
    const results = await Promise.all(Array.from({ length: 12 }, (_, n) => store.appendToStream(`worker-${n}`, [event({ n })], { expectedRevision: 'no_stream' })));
    // All twelve were made in one turn of the event loop: one batch, written by the worker alone.
    expect(statements.filter((sql) => /^(commit|insert)/i.test(sql))).to.deep.equal([]);
    expect(results.map((result) => result.position)).to.deep.equal(results.map((_, n) => n + 1));
    expect((await store.readAll()).map((recorded) => recorded.streamId)).to.deep.equal(results.map((_, n) => `worker-${n}`));
  });

  it('keeps prepared statements by their SQL, so a repeated query is not prepared again', () => {
    const connection = new Database(':memory:');
    cacheStatements(connection, 2);
    const first = connection.prepare('select 1');
    expect(connection.prepare('select 1')).to.equal(first);
    connection.prepare('select 2');
    connection.prepare('select 3');
    expect(connection.prepare('select 1')).to.not.equal(first); // the least recently used went first
    connection.close();
  });

  it('prepares every writer connection alike: WAL, checkpoints every 10,000 pages, the WAL file kept under 64 MiB', () => {
    const connection = new Database(join(directory, 'writer.sqlite'));
    try {
      prepareWriterConnection(connection, 1_234);
      expect(connection.pragma('journal_mode', { simple: true })).to.equal('wal');
      expect(connection.pragma('busy_timeout', { simple: true })).to.equal(1_234);
      expect(connection.pragma('wal_autocheckpoint', { simple: true })).to.equal(10_000);
      expect(connection.pragma('journal_size_limit', { simple: true })).to.equal(64 * 1024 * 1024);
    } finally {
      connection.close();
    }
  });

  it('keys the streams table by stream id alone (without rowid): a new stream changes one B-tree', async () => {
    const file = join(directory, 'streams.sqlite');
    await (await open(`sqlite:${file}`)).appendToStream('streams-1', [event()]);
    const raw = new Database(file, { readonly: true });
    try {
      const { sql } = raw.prepare("select sql from sqlite_master where name = 'sapien_streams'").get() as { sql: string };
      expect(sql).to.match(/without rowid\s*$/iu);
    } finally {
      raw.close();
    }
  });

  it('creates the parent directory, uses WAL, and keeps events across a reopen', async () => {
    const file = join(directory, 'data', 'nested', 'events.sqlite');
    const first = await openSqlEventStore(`sqlite:${file}`);
    const appended = event({ kept: true });
    await first.appendToStream('file-1', [appended]);
    await first.close();

    const again = await open(`sqlite:${file}`);
    expect((await again.readAll()).map((recorded) => recorded.id)).to.deep.equal([appended.id]);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal');
    } finally {
      raw.close();
    }
  });

  it('opens the default form sqlite:./data/events.sqlite relative to the working directory', async () => {
    const previous = process.cwd();
    process.chdir(directory);
    try {
      await open('sqlite:./data/events.sqlite');
    } finally {
      process.chdir(previous);
    }
    expect(existsSync(join(directory, 'data', 'events.sqlite'))).to.equal(true);
  });

  it('reports another process holding the write lock past busy_timeout as EventStoreUnavailable', async () => {
    const file = join(directory, 'events.sqlite');
    const store = await open(`sqlite:${file}`, { busyTimeoutMs: 20 });
    const other = new Database(file);
    try {
      other.exec('begin immediate');
      let failure: unknown;
      await store.appendToStream('file-1', [event()]).catch((error: unknown) => {
        failure = error;
      });
      expect(failure).to.be.instanceOf(EventStoreUnavailable);
      other.exec('rollback');
      expect(await store.appendToStream('file-1', [event()])).to.deep.equal({ nextExpectedRevision: 0, position: 1 });
    } finally {
      other.close();
    }
  });

  it('appends a batch larger than one insert statement takes, in one piece', async () => {
    const store = await open('sqlite::memory:');
    const events = Array.from({ length: 4_500 }, (_, n) => event({ n }));
    expect(await store.appendToStream('bulk-1', events, { expectedRevision: 'no_stream' })).to.deep.equal({ nextExpectedRevision: 4_499, position: 4_500 });
    const stored = await store.readStream('bulk-1');
    expect(stored.map((recorded) => recorded.id)).to.deep.equal(events.map((appended) => appended.id));
    expect(await store.appendToStream('bulk-1', events, { expectedRevision: 'no_stream' })).to.deep.equal({ nextExpectedRevision: 4_499, position: 4_500 });
  });

  it('ends a waiting subscription when the store closes', async () => {
    const store = await openSqlEventStore('sqlite::memory:', { pollIntervalMs: 3_600_000 });
    const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
    expect(await iterator.next()).to.deep.equal({ done: false, value: { type: 'caughtUp', position: 0 } });
    const waiting = iterator.next();
    await store.close();
    expect(await waiting).to.deep.equal({ done: true, value: undefined });
  });

  it('keeps a gap-free order with writer processes appending at once, followed by a subscriber here by polling', async function () {
    this.timeout(120_000);
    const url = `sqlite:${join(directory, 'events.sqlite')}`;
    const writers = 3;
    const perWriter = 300;
    const total = writers * perWriter;
    const reader = await open(url, { pollIntervalMs: 20 });
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    const subscriber = (async () => {
      for await (const message of reader.subscribeToAll({ signal: controller.signal, batchSize: 100 })) {
        if (message.type === 'event') seen.push(message.event);
        else if (message.position >= total) return;
      }
    })();

    await Promise.all(Array.from({ length: writers }, (_, writer) => runWriterProcess(url, writer, perWriter)));
    await subscriber;
    controller.abort();

    expect(seen).to.have.length(total);
    expect(seen.every((recorded, index) => recorded.position === index + 1)).to.equal(true, 'positions 1..900 in order, without gaps');
    expect(new Set(seen.map((recorded) => recorded.id)).size).to.equal(total);
    const revisions = new Map<string, number>();
    for (const recorded of seen) {
      expect(recorded.revision).to.equal((revisions.get(recorded.streamId) ?? -1) + 1, `revision order of ${recorded.streamId}`);
      revisions.set(recorded.streamId, recorded.revision);
    }
  });
});
