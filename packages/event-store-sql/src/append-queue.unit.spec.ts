import { expect } from 'chai';
import type { AppendResult } from '@sapien/event-store';
import { AppendQueue, type AppendOutcome, type QueuedAppend } from './append-queue.ts';
import type { UnplacedEventRow } from './rows.ts';

const rows = (count: number): UnplacedEventRow[] =>
  Array.from({ length: count }, (_, n) => ({ eventId: `e${n}`, type: 'T', data: '{}', metadata: '{}', occurredAt: '2026-01-01T00:00:00.000000Z' }));
const append = (streamId: string, count = 1): QueuedAppend => ({ streamId, rows: rows(count), expected: 'any' });
const result = (position: number): AppendResult => ({ nextExpectedRevision: 0, position });

/** Steps that record what ran how; `together` writes all but the streams named in `redo`. */
const recordingSteps = (options: Readonly<{ redo?: readonly string[]; failTogether?: boolean }> = {}) => {
  const calls: string[] = [];
  let position = 0;
  return {
    calls,
    steps: {
      alone: async (queued: QueuedAppend): Promise<AppendOutcome> => {
        calls.push(`alone ${queued.streamId}`);
        return { result: result(++position), wrote: true };
      },
      together: async (appends: readonly QueuedAppend[]): Promise<(AppendResult | undefined)[]> => {
        calls.push(`together ${appends.map((a) => a.streamId).join(',')}`);
        if (options.failTogether) throw new Error('connection lost');
        return appends.map((a) => (options.redo?.includes(a.streamId) ? undefined : result(++position)));
      },
    },
  };
};

describe('AppendQueue (group commit)', () => {
  it('runs a lone append alone', async () => {
    const { calls, steps } = recordingSteps();
    expect(await new AppendQueue(steps).append(append('a'))).to.deep.equal({ result: result(1), wrote: true });
    expect(calls).to.deep.equal(['alone a']);
  });

  it('writes appends made in the same turn together, after the first', async () => {
    const { calls, steps } = recordingSteps();
    const queue = new AppendQueue(steps);
    const outcomes = await Promise.all(['a', 'b', 'c'].map((s) => queue.append(append(s))));
    expect(calls).to.deep.equal(['together a,b,c']);
    expect(outcomes.map((o) => o.result.position)).to.deep.equal([1, 2, 3]);
  });

  it('collects the appends that arrive while a batch runs into the next one', async () => {
    const { calls, steps } = recordingSteps();
    const queue = new AppendQueue(steps);
    const first = queue.append(append('a'));
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['b', 'c'].map((s) => queue.append(append(s)));
    await Promise.all([first, ...later]);
    expect(calls).to.deep.equal(['alone a', 'together b,c']);
  });

  it('keeps batches within the append and event limits', async () => {
    const { calls, steps } = recordingSteps();
    const queue = new AppendQueue(steps, { maxAppends: 2, maxEvents: 5 });
    await Promise.all([queue.append(append('a')), queue.append(append('b')), queue.append(append('c', 4)), queue.append(append('d', 9))]);
    expect(calls).to.deep.equal(['together a,b', 'alone c', 'alone d']);
  });

  it('runs alone each append the batch did not write, and only those', async () => {
    const { calls, steps } = recordingSteps({ redo: ['b'] });
    const queue = new AppendQueue(steps);
    await Promise.all(['a', 'b', 'c'].map((s) => queue.append(append(s))));
    expect(calls).to.deep.equal(['together a,b,c', 'alone b']);
  });

  it('runs every append alone when the batch fails, so each caller gets its own answer', async () => {
    const { calls, steps } = recordingSteps({ failTogether: true });
    const queue = new AppendQueue(steps);
    const outcomes = await Promise.all(['a', 'b'].map((s) => queue.append(append(s))));
    expect(calls).to.deep.equal(['together a,b', 'alone a', 'alone b']);
    expect(outcomes.every((o) => o.wrote)).to.equal(true);
  });

  it('rejects only the append whose lone run fails', async () => {
    const queue = new AppendQueue({
      alone: async (queued) => {
        if (queued.streamId === 'bad') throw new Error('bad append');
        return { result: result(1), wrote: true };
      },
      together: async (appends) => appends.map(() => undefined),
    });
    const outcomes = await Promise.allSettled([queue.append(append('good')), queue.append(append('bad'))]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected']);
  });

  it('marks an empty append as writing nothing', async () => {
    const { steps } = recordingSteps();
    const queue = new AppendQueue(steps);
    const [empty] = await Promise.all([queue.append(append('e', 0)), queue.append(append('f'))]);
    expect(empty?.wrote).to.equal(false);
  });
});
