import { listenApi, openApiStores } from './api-fixture.ts';
import { createBenchOrg } from './bench-org.ts';
import { Cleanup } from './cleanup.ts';
import type { DbKind } from './databases.ts';
import { withBenchDatabase } from './databases.ts';
import type { LoadJob, LoadReport } from './http-load.ts';
import { rateOf, runHttpLoad } from './http-load.ts';
import { loadDetails } from './load-details.ts';
import { fetchAccessToken, registerOrgClient } from './oauth-client.ts';
import type { LoadSizes } from './options.ts';
import { progress } from './progress.ts';
import type { BenchSection } from './results.ts';
import type { RoundOptions } from './rounds.ts';
import { measurePaired } from './rounds.ts';

const ORG_ID = 1;
const TARGET = 0.8;

/**
 * GET /v1/orgs/{orgId} per second with a valid token of the org's own client on an API that
 * authenticates it (the token's stream in the event store), counts it against the org's rate limit
 * (an upsert in the read-model database) and lets the voters decide; against the same route on an
 * API built without a token resolver, where /v1 is open and none of the three runs.
 */
export const runAuthBench = (kind: DbKind, sizes: LoadSizes, rounds: RoundOptions): Promise<BenchSection> =>
  withBenchDatabase(kind, 'auth', async (database) => {
    const cleanup = new Cleanup();
    try {
      const stores = await openApiStores(database, cleanup);
      await createBenchOrg(stores, ORG_ID);
      const guarded = await listenApi(stores, { oauth: 'event-store', auth: true }, cleanup);
      const open = await listenApi(stores, { auth: false }, cleanup);
      if (guarded.oauth === undefined) throw new Error('the guarded API serves OAuth');
      const token = await fetchAccessToken(guarded.url, await registerOrgClient(guarded.oauth, ORG_ID));

      // The open API gets the same header, so both parse the same request.
      const request = (url: string): LoadJob => ({
        url,
        method: 'GET',
        path: `/v1/orgs/${ORG_ID}`,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        expectStatus: 200,
        ...sizes,
      });
      const reports = { subject: [] as LoadReport[], baseline: [] as LoadReport[] };
      const round = (url: string, into: LoadReport[]) => async (): Promise<number> => {
        const report = await runHttpLoad(request(url));
        into.push(report);
        return rateOf(report);
      };
      progress(`auth ${kind}: ${sizes.concurrency} concurrent, ${sizes.seconds} s × ${rounds.warmups + rounds.rounds} rounds per side`);
      const measured = await measurePaired(rounds, round(guarded.url, reports.subject), round(open.url, reports.baseline));
      const ratio = measured.result / measured.baseline;
      return {
        title: `auth (${kind})`,
        rows: [
          {
            case: 'GET /v1/orgs/{orgId}, auth + voters + rate limit',
            db: kind,
            unit: 'req/s',
            result: measured.result,
            baseline: measured.baseline,
            baselineName: 'all three off',
            target: { text: `ratio ≥ ${TARGET.toFixed(2)}`, met: ratio >= TARGET },
          },
        ],
        details: [
          `GET /v1/orgs/{orgId}, ${kind}: an org client's bearer token (client_credentials, orgs:read) on a listening API, ` +
            `${sizes.concurrency} requests in flight over keep-alive loopback sockets for ${sizes.seconds} s per round; ` +
            loadDetails(measured, reports, rounds.warmups, 'guarded', 'open', 'req/s'),
        ],
      };
    } finally {
      await cleanup.run();
    }
  });
