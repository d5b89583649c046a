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
import { measurePaired, type Paired } from './rounds.ts';
import { loadDetails } from './load-details.ts';

const ORG_ID = 1;
const TARGET = 0.6;

/** Each round's callers, as multiples of `--concurrency`: the first is the other HTTP cases' load. */
const LADDER = [1, 4] as const;

type Step = Readonly<{ concurrency: number; measured: Paired; reports: Readonly<{ subject: LoadReport[]; baseline: LoadReport[] }> }>;

/**
 * client_credentials tokens per second from POST /oauth/token on a listening API whose OAuth
 * server keeps tokens and clients in the event store, against the same API and provider
 * configuration on oidc-provider's own in-memory adapter; both over the same stores.
 *
 * Tokens/s is a capacity: each side is measured at `--concurrency` callers and at four times as
 * many, and compared at its best. An event-sourced token waits for its commit, so with few callers
 * the API sits idle between commits and the rate measures that wait rather than what the API can
 * issue (the in-memory adapter is at its peak already); the ratio at `--concurrency` alone is
 * reported too, without a target (bench/README.md).
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

      const steps: Step[] = [];
      for (const multiple of LADDER) {
        const concurrency = sizes.concurrency * multiple;
        const reports = { subject: [] as LoadReport[], baseline: [] as LoadReport[] };
        const round = (url: string, into: LoadReport[]) => async (): Promise<number> => {
          const report = await runHttpLoad({ ...tokenRequest(url, client), concurrency, seconds: sizes.seconds });
          into.push(report);
          return rateOf(report);
        };
        progress(`tokens ${kind}: ${concurrency} concurrent, ${sizes.seconds} s × ${rounds.warmups + rounds.rounds} rounds per side`);
        steps.push({ concurrency, measured: await measurePaired(rounds, round(eventSourced.url, reports.subject), round(inMemory.url, reports.baseline)), reports });
      }
      const peakOf = (side: 'result' | 'baseline'): Step =>
        steps.reduce((best, step) => (step.measured[side] > best.measured[side] ? step : best));
      const peak = { result: peakOf('result'), baseline: peakOf('baseline') };
      const ratio = peak.result.measured.result / peak.baseline.measured.baseline;
      const [first] = steps;
      if (first === undefined) throw new Error('no load step ran');
      const calls = steps.map((step) => step.concurrency).join(' or ');
      return {
        title: `tokens (${kind})`,
        rows: [
          {
            case: `client_credentials tokens, peak over ${calls} in flight`,
            db: kind,
            unit: 'tokens/s',
            result: peak.result.measured.result,
            baseline: peak.baseline.measured.baseline,
            baselineName: 'oidc-provider memory adapter',
            target: { text: `ratio ≥ ${TARGET.toFixed(2)}`, met: ratio >= TARGET },
          },
          {
            case: `client_credentials tokens, ${first.concurrency} in flight`,
            db: kind,
            unit: 'tokens/s',
            result: first.measured.result,
            baseline: first.measured.baseline,
            baselineName: 'oidc-provider memory adapter',
          },
        ],
        details: [
          `client_credentials tokens, ${kind}: POST /oauth/token (scope orgs:read, client_secret_basic, an org's client) on a listening API over keep-alive loopback sockets, ` +
            `${sizes.seconds} s per round; peak: event store at ${peak.result.concurrency} in flight, memory adapter at ${peak.baseline.concurrency}. ` +
            steps
              .map((step) => `${step.concurrency} in flight: ${loadDetails(step.measured, step.reports, rounds.warmups, 'event store', 'memory adapter', 'tokens/s')}`)
              .join('; '),
        ],
      };
    } finally {
      await cleanup.run();
    }
  });

