import { Cleanup } from './cleanup.ts';
import { listenApi, openApiStores } from './api-fixture.ts';
import type { DbKind } from './databases.ts';
import { withBenchDatabase } from './databases.ts';
import type { LoadReport } from './http-load.ts';
import { rateOf, runHttpLoad } from './http-load.ts';
import { copyClient, registerOrgClient, tokenRequest } from './oauth-client.ts';
import type { LoadSizes } from './options.ts';
import { progress } from './progress.ts';
import type { BenchSection } from './results.ts';
import type { RoundOptions } from './rounds.ts';
import { measurePaired } from './rounds.ts';
import { loadDetails } from './load-details.ts';

const ORG_ID = 1;
const TARGET = 0.6;

/**
 * client_credentials tokens per second from POST /oauth/token on a listening API whose OAuth
 * server keeps tokens and clients in the event store, against the same API and provider
 * configuration on oidc-provider's own in-memory adapter; both over the same stores.
 */
export const runTokenBench = (kind: DbKind, sizes: LoadSizes, rounds: RoundOptions): Promise<BenchSection> =>
  withBenchDatabase(kind, 'tokens', async (database) => {
    const cleanup = new Cleanup();
    try {
      const stores = await openApiStores(database, cleanup);
      const eventSourced = await listenApi(stores, { oauth: 'event-store', auth: true }, cleanup);
      const inMemory = await listenApi(stores, { oauth: 'oidc-provider-memory', auth: true }, cleanup);
      if (eventSourced.oauth === undefined || inMemory.oauth === undefined) throw new Error('both APIs serve OAuth');
      const client = await registerOrgClient(eventSourced.oauth, ORG_ID);
      await copyClient(eventSourced.oauth, inMemory.oauth, client.clientId);

      const reports = { subject: [] as LoadReport[], baseline: [] as LoadReport[] };
      const round = (url: string, into: LoadReport[]) => async (): Promise<number> => {
        const report = await runHttpLoad({ ...tokenRequest(url, client), ...sizes });
        into.push(report);
        return rateOf(report);
      };
      progress(`tokens ${kind}: ${sizes.concurrency} concurrent, ${sizes.seconds} s × ${rounds.warmups + rounds.rounds} rounds per side`);
      const measured = await measurePaired(rounds, round(eventSourced.url, reports.subject), round(inMemory.url, reports.baseline));
      const ratio = measured.result / measured.baseline;
      return {
        title: `tokens (${kind})`,
        rows: [
          {
            case: 'client_credentials tokens',
            db: kind,
            unit: 'tokens/s',
            result: measured.result,
            baseline: measured.baseline,
            baselineName: 'oidc-provider memory adapter',
            target: { text: `ratio ≥ ${TARGET.toFixed(2)}`, met: ratio >= TARGET },
          },
        ],
        details: [
          `client_credentials tokens, ${kind}: POST /oauth/token (scope orgs:read, client_secret_basic, an org's client) on a listening API, ` +
            `${sizes.concurrency} requests in flight over keep-alive loopback sockets for ${sizes.seconds} s per round; ` +
            loadDetails(measured, reports, rounds.warmups, 'event store', 'memory adapter', 'tokens/s'),
        ],
      };
    } finally {
      await cleanup.run();
    }
  });
