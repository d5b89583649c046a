import { expect } from 'chai';
import fc from 'fast-check';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishingLogger } from './logger.ts';
import { Spool, type SpoolOptions, type SpoolRecord } from './spool.ts';

const numbered = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `record-${from + i}`);
const payloads = (records: readonly SpoolRecord[]): string[] => records.map((record) => record.payload);
const segmentFiles = (directory: string): string[] => readdirSync(directory).filter((name) => name.endsWith('.spool')).sort();

/** Reads everything unread, `batch` at a time. */
const readAll = (spool: Spool, batch = 7): SpoolRecord[] => {
  const all: SpoolRecord[] = [];
  for (let records = spool.read(batch); records.length > 0; records = spool.read(batch)) all.push(...records);
  return all;
};

const recordingLogger = (): PublishingLogger & { errors: string[]; warnings: string[] } => {
  const errors: string[] = [];
  const warnings: string[] = [];
  return {
    errors,
    warnings,
    info: () => undefined,
    warn: (_: unknown, message?: string) => void warnings.push(String(message)),
    error: (_: unknown, message?: string) => void errors.push(String(message)),
  } as PublishingLogger & { errors: string[]; warnings: string[] };
};

describe('Spool', () => {
  let directory: string;
  const opened: Spool[] = [];

  const openSpool = async (options: Partial<SpoolOptions> = {}): Promise<Spool> => {
    const spool = await Spool.open({ directory, ...options });
    opened.push(spool);
    return spool;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sapien-spool-'));
  });

  afterEach(async () => {
    for (const spool of opened.splice(0)) await spool.close();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('reading', () => {
    it('reads records back in the order they were appended, across segments', async () => {
      const spool = await openSpool({ segmentBytes: 200 });
      for (const payload of numbered(1, 100)) spool.append(payload);
      expect(payloads(readAll(spool))).to.deep.equal(numbered(1, 100));
      expect(segmentFiles(directory).length).to.be.greaterThan(5);
      expect(spool.hasUnread()).to.equal(false);
    });

    it('sees records appended after the reader caught up', async () => {
      const spool = await openSpool({ segmentBytes: 100 });
      spool.append('first');
      expect(payloads(spool.read(10))).to.deep.equal(['first']);
      expect(spool.read(10)).to.deep.equal([]);
      spool.append('second');
      expect(spool.hasUnread()).to.equal(true);
      expect(payloads(spool.read(10))).to.deep.equal(['second']);
    });

    it('keeps any text but a newline, including long and non-ASCII records', async () => {
      const spool = await openSpool({ segmentBytes: 1000 });
      const texts = ['', 'é ✓ 😀', 'x'.repeat(600_000), '{"a":"b\\nc"}', 'y'.repeat(1_500_000), 'z'];
      for (const text of texts) spool.append(text);
      expect(payloads(readAll(spool))).to.deep.equal(texts);
      expect(() => spool.append('a\nb')).to.throw().with.property('code', 'spool_bad_record');
    });

    it('rewinds to the first unacknowledged record', async () => {
      const spool = await openSpool({ segmentBytes: 150 });
      for (const payload of numbered(1, 20)) spool.append(payload);
      const firstFive = spool.read(5);
      spool.read(10);
      spool.ack((firstFive.at(-1) as SpoolRecord).next);
      spool.rewind();
      expect(payloads(readAll(spool))).to.deep.equal(numbered(6, 20));
      expect(spool.stats.pending).to.equal(15);
    });

    it('ignores an acknowledgement behind the one it has', async () => {
      const spool = await openSpool();
      for (const payload of numbered(1, 5)) spool.append(payload);
      const records = spool.read(5);
      spool.ack((records[3] as SpoolRecord).next);
      spool.ack((records[1] as SpoolRecord).next);
      expect(spool.stats.pending).to.equal(1);
    });

    it('reads any set of records back whole, whatever the segment size', async () => {
      const record = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((text) => !text.includes('\n'));
      await fc.assert(
        fc.asyncProperty(fc.array(record, { maxLength: 60 }), fc.integer({ min: 1, max: 300 }), async (texts, segmentBytes) => {
          const dir = mkdtempSync(join(tmpdir(), 'sapien-spool-prop-'));
          try {
            const writer = await Spool.open({ directory: dir, segmentBytes });
            for (const text of texts) writer.append(text);
            await writer.close();
            const reader = await Spool.open({ directory: dir, segmentBytes });
            expect(payloads(readAll(reader, 5))).to.deep.equal(texts);
            await reader.close();
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }),
        { numRuns: 40 },
      );
    });
    it('reads as it was written whatever mix of appends, reads, acks and rewinds comes, records crossing its read chunk included', async () => {
      // Records up to 120 KB against a 256 KB read chunk: the chunk read ahead often ends inside one.
      const text = fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 30 }).filter((value) => !value.includes('\n')),
        fc.tuple(fc.constantFrom('a', 'é', '😀'), fc.integer({ min: 20_000, max: 120_000 })).map(([unit, size]) => unit.repeat(Math.ceil(size / Buffer.byteLength(unit)))),
      );
      const operation = fc.oneof(
        fc.record({ append: fc.array(text, { minLength: 1, maxLength: 4 }) }),
        fc.record({ read: fc.integer({ min: 1, max: 6 }) }),
        fc.record({ rewindAfter: fc.nat() }),
        fc.constant({ tick: true }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { maxLength: 30 }), fc.constantFrom(4096, 300_000, 64 * 1024 ** 2), async (operations, segmentBytes) => {
          const dir = mkdtempSync(join(tmpdir(), 'sapien-spool-mix-'));
          const spool = await Spool.open({ directory: dir, segmentBytes });
          const written: string[] = [];
          const handed: SpoolRecord[] = [];
          const kept: Array<readonly [SpoolRecord, string]> = [];
          let acked = 0;
          let nextRead = 0;
          try {
            for (const op of operations) {
              if ('append' in op) {
                for (const value of op.append) spool.append(value);
                written.push(...op.append);
              } else if ('read' in op) {
                const records = spool.read(op.read);
                expect(payloads(records)).to.deep.equal(written.slice(nextRead, nextRead + op.read));
                records.forEach((record, i) => kept.push([record, written[nextRead + i] as string]));
                for (const record of records) expect(record.bytes.equals(Buffer.from(record.payload))).to.equal(true);
                handed.length = nextRead;
                handed.push(...records);
                nextRead += records.length;
              } else if ('rewindAfter' in op) {
                // Acknowledge some of what was read (or nothing), then read again from there.
                if (nextRead > acked) {
                  acked += op.rewindAfter % (nextRead - acked + 1);
                  if (acked > 0) spool.ack((handed[acked - 1] as SpoolRecord).next);
                }
                spool.rewind();
                nextRead = acked;
              } else {
                await sleep(0); // the appends are written in the background
              }
            }
            expect(payloads(readAll(spool, 3))).to.deep.equal(written.slice(nextRead));
            // Records handed out are views of what was read: later reads must leave them as they were.
            for (const [record, text] of kept) expect(record.payload).to.equal(text);
          } finally {
            await spool.close();
            rmSync(dir, { recursive: true, force: true });
          }
        }),
        { numRuns: 60 },
      );
    });
  });

  describe('bound', () => {
    it('drops the oldest records to stay within maxBytes, counting and logging them', async () => {
      const logger = recordingLogger();
      const spool = await openSpool({ maxBytes: 2000, segmentBytes: 400, logger });
      const all = numbered(1, 500); // about 20 bytes a line: five times the bound
      for (const payload of all) {
        spool.append(payload);
        if (Number(payload.slice(7)) % 50 === 0) await sleep(0); // several flushes, as under load
      }
      const kept = payloads(readAll(spool));
      const { dropped, bytes } = spool.stats;
      expect(dropped).to.be.greaterThan(0);
      expect(kept.length + dropped).to.equal(all.length);
      expect(kept).to.deep.equal(all.slice(dropped)); // the newest survive, in order
      expect(bytes).to.be.at.most(2000);
      expect(logger.errors.some((message) => message.includes('full'))).to.equal(true);
    });

    it('counts only unacknowledged records of a dropped segment as lost', async () => {
      const spool = await openSpool({ maxBytes: 1000, segmentBytes: 500 });
      for (const payload of numbered(1, 20)) spool.append(payload);
      spool.ack((readAll(spool).at(-1) as SpoolRecord).next);
      for (const payload of numbered(21, 120)) spool.append(payload);
      const kept = payloads(readAll(spool));
      expect(kept.at(-1)).to.equal('record-120');
      expect(spool.stats.dropped).to.equal(100 - kept.length);
    });

    it('drops a record larger than the whole spool and keeps the rest', async () => {
      const spool = await openSpool({ maxBytes: 1000, segmentBytes: 500 });
      spool.append('small');
      spool.append('x'.repeat(2000));
      spool.append('after');
      expect(payloads(readAll(spool))).to.deep.equal(['small', 'after']);
      expect(spool.stats.dropped).to.equal(1);
    });
  });

  describe('restart', () => {
    it('resumes after close at the first unacknowledged record', async () => {
      const first = await Spool.open({ directory, segmentBytes: 200 });
      for (const payload of numbered(1, 50)) first.append(payload);
      const read = first.read(30);
      first.ack((read[19] as SpoolRecord).next);
      await first.close();

      const second = await openSpool({ segmentBytes: 200 });
      expect(second.stats.pending).to.equal(30);
      second.append('record-51');
      expect(payloads(readAll(second))).to.deep.equal(numbered(21, 51));
    });

    it('after a crash reads again at most what was acknowledged since the last save', async () => {
      const crashed = await openSpool({ segmentBytes: 200, ackPersistIntervalMs: 10 });
      for (const payload of numbered(1, 40)) crashed.append(payload);
      crashed.ack((crashed.read(10).at(-1) as SpoolRecord).next);
      await sleep(50); // the acknowledgement is saved
      crashed.ack((crashed.read(10).at(-1) as SpoolRecord).next); // not saved: the process dies now
      // The process is gone: its pending save never runs (else it could fire while the spool reopens).
      clearTimeout((crashed as unknown as { ackTimer?: NodeJS.Timeout }).ackTimer);

      const reopened = await Spool.open({ directory, segmentBytes: 200 });
      const again = payloads(readAll(reopened));
      await reopened.close();
      expect(again).to.deep.equal(numbered(11, 40));
    });

    it('cuts off a torn last record and goes on after it', async () => {
      const logger = recordingLogger();
      const first = await Spool.open({ directory });
      for (const payload of numbered(1, 3)) first.append(payload);
      await first.close();
      const [file] = segmentFiles(directory);
      const path = join(directory, file as string);
      const whole = statSync(path).size;
      appendFileSync(path, '1a2b3c4d {"half a rec'); // a write the crash cut short

      const second = await openSpool({ logger });
      expect(statSync(path).size).to.equal(whole);
      expect(second.stats.damaged).to.equal(1);
      expect(logger.warnings.some((message) => message.includes('torn'))).to.equal(true);
      second.append('record-4');
      expect(payloads(readAll(second))).to.deep.equal(numbered(1, 4));
    });

    it('skips a damaged record in the middle and reads on', async () => {
      const first = await Spool.open({ directory });
      for (const payload of numbered(1, 3)) first.append(payload);
      await first.close();
      const path = join(directory, segmentFiles(directory)[0] as string);
      writeFileSync(path, readFileSync(path, 'latin1').replace('record-2', 'recorX-2'), 'latin1');

      const second = await openSpool();
      expect(payloads(readAll(second))).to.deep.equal(['record-1', 'record-3']);
      expect(second.stats.damaged).to.equal(1);
    });

    it('starts from the oldest segment when the ack file is unreadable', async () => {
      const first = await Spool.open({ directory });
      for (const payload of numbered(1, 3)) first.append(payload);
      first.ack((first.read(2).at(-1) as SpoolRecord).next);
      await first.close();
      writeFileSync(join(directory, 'ack.json'), '{"segm');
      const second = await openSpool();
      expect(payloads(readAll(second))).to.deep.equal(numbered(1, 3));
    });
  });

  describe('disk use', () => {
    it('removes segments once every record in them is acknowledged', async () => {
      const spool = await openSpool({ segmentBytes: 200, ackPersistIntervalMs: 10 });
      for (const payload of numbered(1, 100)) spool.append(payload);
      const records = readAll(spool);
      const before = segmentFiles(directory).length;
      expect(before).to.be.greaterThan(5);
      spool.ack((records[59] as SpoolRecord).next);
      await sleep(50);
      expect(segmentFiles(directory).length).to.be.lessThan(before - 3);
      spool.ack((records.at(-1) as SpoolRecord).next);
      await sleep(50);
      expect(segmentFiles(directory)).to.have.length(1);
      expect(spool.stats).to.include({ bytes: 0, pending: 0 });
    });
  });
});
