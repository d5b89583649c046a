import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SERVICE_NODE_FLAGS } from '@sapien/kernel';
import { freePort } from '@sapien/testing';
import { runSapien } from './support/sapien-process.ts';

const root = new URL('..', import.meta.url).pathname;

describe("the services' V8 flags", () => {
  it('are what npm start and npm run sapien pass to node', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['start', 'sapien']) expect(scripts[name], name).to.contain(`node ${SERVICE_NODE_FLAGS.join(' ')} --import tsx packages/cli/src/main.ts`);
  });

  it('are missed out loud: a service started without them says so, and runs', async function () {
    this.timeout(30_000);
    const data = mkdtempSync(join(tmpdir(), 'sapien-flags-'));
    const env = {
      SAPIEN_EVENTSTORE_URL: `sqlite:${join(data, 'events.sqlite')}`,
      SAPIEN_ESL_OUTBOUND_PORT: String(await freePort()),
      SAPIEN_ESL_SPOOL_DIR: join(data, 'spool'),
    };
    /** Starts the listener, waits for its banner, stops it: what it printed. */
    const output = async (nodeFlags?: readonly string[]): Promise<string> => {
      const sapien = runSapien(['esl-listener'], { ...env, SAPIEN_ESL_WS_PORT: String(await freePort()) }, nodeFlags === undefined ? {} : { nodeFlags });
      try {
        await sapien.waitFor('Sapien is running');
        return sapien.output();
      } finally {
        await sapien.stop();
      }
    };
    try {
      expect(await output([])).to.contain('sapien: started without --initial-old-space-size=128: ');
      expect(await output()).not.to.contain('started without');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
