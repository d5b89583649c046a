import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { openReadModelStore } from '@sapien/read-model-sql';
import { createTemporaryDatabase, requirePostgres, type TemporaryDatabase } from '@sapien/testing';
import { migrateRateLimitTables } from './table.ts';

type Tally = Record<string, { allowed: number; refused: number }>;

const FIXTURE = fileURLToPath(new URL('./testing/consume-loop.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const WINDOW_SECONDS = 1;

type Kind = 'sql' | 'leased';

const startProcess = (url: string, kind: Kind, orgId: number, limit: number): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, ['--import', 'tsx', FIXTURE, url, String(orgId), String(limit), String(WINDOW_SECONDS), '3', '4', kind], { cwd: REPO_ROOT });

/** Resolves with the child's stdout lines as they come; `ready` first, the tally last. */
const linesOf = (child: ChildProcessWithoutNullStreams) => {
  let buffer = '';
  let stderr = '';
  const waiters: ((line: string) => void)[] = [];
  const lines: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return {
    next: () =>
      new Promise<string>((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) return resolve(line);
        child.once('exit', (code) => reject(new Error(`consume-loop exited (${code}): ${stderr}`)));
        waiters.push(resolve);
      }),
  };
};

describe('Rate limiters across two processes (PostgreSQL)', function () {
  this.timeout(90_000);
  let database: TemporaryDatabase;

  before(requirePostgres);
  before(async () => {
    database = await createTemporaryDatabase('sapien_ratelimit');
    const store = await openReadModelStore(database.url);
    await migrateRateLimitTables(store);
    await store.close();
  });
  after(async () => database?.drop());

  /** Both processes hammer one org until each was refused in 3 windows; the allowed and refused requests of each window, both processes together. */
  const hammerFromTwoProcesses = async (kind: Kind, orgId: number, limit: number) => {
    const children = [startProcess(database.url, kind, orgId, limit), startProcess(database.url, kind, orgId, limit)];
    const outputs = children.map(linesOf);
    for (const output of outputs) expect(await output.next()).to.equal('ready');
    for (const child of children) child.stdin.write('go\n');
    const tallies = (await Promise.all(outputs.map((output) => output.next()))).map((line) => JSON.parse(line) as Tally);

    const windows = new Map<string, { allowed: number; refused: number }>();
    for (const tally of tallies) {
      for (const [windowStart, counts] of Object.entries(tally)) {
        const total = windows.get(windowStart) ?? { allowed: 0, refused: 0 };
        windows.set(windowStart, { allowed: total.allowed + counts.allowed, refused: total.refused + counts.refused });
      }
    }
    const saturated = [...windows.values()].filter(({ refused }) => refused > 0);
    expect(saturated.length, 'windows in which requests were refused').to.be.at.least(2);
    for (const [windowStart, { allowed }] of windows) expect(allowed, `allowed in the window from ${windowStart}`).to.be.at.most(limit);
    return saturated;
  };

  it('SqlRateLimiter never lets more than the limit through in a window while two processes hammer one org', async () => {
    const limit = 25;
    const saturated = await hammerFromTwoProcesses('sql', 1, limit);
    // A refusal means the count passed the limit, so exactly the limit got through in that window.
    for (const { allowed } of saturated) expect(allowed).to.equal(limit);
  });

  it('LeasedRateLimiter never lets more than the limit through either, nor fewer once the window is used up', async () => {
    const limit = 3_000;
    const saturated = await hammerFromTwoProcesses('leased', 2, limit);
    // A process is refused only once it holds nothing, and the other uses what it holds before it
    // stops, so a saturated window still lets exactly the limit through.
    for (const { allowed } of saturated) expect(allowed).to.equal(limit);
  });
});
