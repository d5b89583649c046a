import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';

const workload = fileURLToPath(new URL('./testing/heap-policy-workload.ts', import.meta.url));

/** Full collections of the workload in a fresh process, its young generation at 2 × 32 MB as a busy service's grows. */
const fullCollections = async (mode: 'policy' | 'default'): Promise<number> => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--min-semi-space-size=32', '--import', 'tsx', workload, mode]);
  return (JSON.parse(stdout) as { fullCollections: number }).fullCollections;
};

describe('the service heap policy', () => {
  it('keeps Buffer churn from forcing full collections on a small heap with a large young generation', async function () {
    this.timeout(60_000);
    const [withDefault, withPolicy] = await Promise.all([fullCollections('default'), fullCollections('policy')]);
    // V8's default counts the Buffers against the old generation's free space: full collections
    // come every few tens of MB of them. The policy leaves them to the scavenges.
    expect(withDefault, 'full collections under V8\'s default').to.be.at.least(6);
    expect(withPolicy, 'full collections under the service heap policy').to.be.at.most(2);
  });
});
