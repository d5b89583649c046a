import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { SERVICE_NODE_FLAGS, missingServiceNodeFlags } from './heap-policy.ts';

const run = promisify(execFile);
const workload = fileURLToPath(new URL('./testing/heap-policy-workload.ts', import.meta.url));

/** Full collections of the workload in a fresh process, its young generation at 2 × 32 MB as a busy service's grows. */
const fullCollections = async (mode: 'policy' | 'default'): Promise<number> => {
  const { stdout } = await run(process.execPath, ['--min-semi-space-size=32', '--import', 'tsx', workload, mode]);
  return (JSON.parse(stdout) as { fullCollections: number }).fullCollections;
};

/** The old generation's limit V8 sets after full collections of a small heap, started with `flags`. */
const oldGenerationLimit = async (flags: readonly string[]): Promise<number> => {
  const script = 'let kept = []; for (let i = 0; i < 200000; i++) kept.push({ i }); gc(); kept = []; gc();';
  const { stdout } = await run(process.execPath, ['--expose-gc', '--trace-gc-nvp', ...flags, '-e', script]);
  const limits = [...stdout.matchAll(/gc=mc .*?old_gen_allocation_limit=(\d+)/g)].map((match) => Number(match[1]));
  expect(limits, 'the full collections V8 traced').to.have.length.at.least(2);
  return limits.at(-1)!;
};

describe('the service heap policy', () => {
  it('keeps Buffer churn from forcing full collections on a small heap with a large young generation', async function () {
    this.timeout(60_000);
    const [withDefault, withPolicy] = await Promise.all([fullCollections('default'), fullCollections('policy')]);
    // V8's default counts the Buffers against the old generation's free space: full collections
    // come every few tens of MB of them. The policy leaves them to the scavenges.
    expect(withDefault, "full collections under V8's default").to.be.at.least(6);
    expect(withPolicy, 'full collections under the service heap policy').to.be.at.most(2);
  });

  it('starts a service process with a floor of 128 MB under the old generation, kept after its full collections', async function () {
    this.timeout(60_000);
    const [withFlags, without] = await Promise.all([oldGenerationLimit(SERVICE_NODE_FLAGS), oldGenerationLimit([])]);
    expect(withFlags).to.equal(128 * 1024 * 1024);
    expect(without, "V8's own limit, for a live heap of a few MB").to.not.equal(withFlags);
  });

  it('names the start-up flag a process lacks, and takes an operator\'s own floor', () => {
    expect(missingServiceNodeFlags(SERVICE_NODE_FLAGS)).to.deep.equal([]);
    expect(missingServiceNodeFlags(['--import', 'tsx'])).to.deep.equal(['--initial-old-space-size=128']);
    expect(missingServiceNodeFlags(['--initial-old-space-size=512'])).to.deep.equal([]);
    expect(missingServiceNodeFlags(['--initial-old-space-size-x=1'])).to.deep.equal(['--initial-old-space-size=128']);
  });
});
