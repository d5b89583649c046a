// Ad-hoc probe: guarded vs open GET, alternating rounds. Not part of the bench.
import { Cleanup } from '../cleanup.ts';
import { listenApi, openApiStores } from '../api-fixture.ts';
import { createBenchOrg } from '../bench-org.ts';
import { openBenchDatabase, type DbKind } from '../databases.ts';
import { runHttpLoad, rateOf } from '../http-load.ts';
import { fetchAccessToken, registerOrgClient } from '../oauth-client.ts';

const kind = (process.argv[2] ?? 'postgres') as DbKind;
const only = process.argv[3];
const database = await openBenchDatabase(kind, 'probe');
const cleanup = new Cleanup();
try {
  const stores = await openApiStores(database, cleanup);
  await createBenchOrg(stores, 1);
  const guarded = await listenApi(stores, { oauth: 'event-store', auth: true }, cleanup);
  const open = await listenApi(stores, { auth: false }, cleanup);
  if (guarded.oauth === undefined) throw new Error('no oauth');
  const token = await fetchAccessToken(guarded.url, await registerOrgClient(guarded.oauth, 1));
  const job = (url: string) => ({ url, method: 'GET' as const, path: '/v1/orgs/1', headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, expectStatus: 200, concurrency: 16, seconds: 3 });
  const counts = new Map<string, number>();
  stores.readModels.db.on('query', (q: { sql: string }) => counts.set(q.sql.slice(0, 80), (counts.get(q.sql.slice(0, 80)) ?? 0) + 1));
  for (let i = 0; i < 3; i++) {
    const a = only === 'open' ? 0 : rateOf(await runHttpLoad(job(guarded.url)));
    const b = only === 'guarded' ? 0 : rateOf(await runHttpLoad(job(open.url)));
    console.log(kind, 'guarded', Math.round(a), 'open', Math.round(b), 'ratio', (a / b).toFixed(2));
  }
  console.log(counts);
} finally {
  await cleanup.run();
  await database.dispose();
}
