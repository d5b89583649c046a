// Ad-hoc probe: token endpoint, event store vs memory adapter, alternating rounds. Not part of the bench.
import { Cleanup } from '../cleanup.ts';
import { listenApi, openApiStores } from '../api-fixture.ts';
import { openBenchDatabase, type DbKind } from '../databases.ts';
import { runHttpLoad, rateOf } from '../http-load.ts';
import { copyClient, registerOrgClient, tokenRequest } from '../oauth-client.ts';

const kind = (process.argv[2] ?? 'sqlite') as DbKind;
const only = process.argv[3];
const database = await openBenchDatabase(kind, 'probe');
const cleanup = new Cleanup();
try {
  const stores = await openApiStores(database, cleanup);
  const es = await listenApi(stores, { oauth: 'event-store', auth: true }, cleanup);
  const mem = await listenApi(stores, { oauth: 'oidc-provider-memory', auth: true }, cleanup);
  if (es.oauth === undefined || mem.oauth === undefined) throw new Error('no oauth');
  const client = await registerOrgClient(es.oauth, 1);
  await copyClient(es.oauth, mem.oauth, client.clientId);
  for (let i = 0; i < 3; i++) {
    const a = only === 'mem' ? 0 : rateOf(await runHttpLoad({ ...tokenRequest(es.url, client), concurrency: 16, seconds: 3 }));
    const b = only === 'es' ? 0 : rateOf(await runHttpLoad({ ...tokenRequest(mem.url, client), concurrency: 16, seconds: 3 }));
    console.log(kind, 'event-store', Math.round(a), 'memory', Math.round(b), 'ratio', (a / b).toFixed(2));
  }
} finally {
  await cleanup.run();
  await database.dispose();
}
