import type { SapienConfig } from '@sapien/config';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { cliProgressReporter, DEFAULT_PUBLISHER_NAME, projectionStatus, rebuildProjection } from '@sapien/projection-runtime';
import { allProjections } from '@sapien/projections';
import { openReadModelStore } from '@sapien/read-model-sql';
import { UsageError } from '../usage.ts';

const withStores = async <T>(
  config: SapienConfig,
  work: (stores: { eventStore: Awaited<ReturnType<typeof openSqlEventStore>>; store: Awaited<ReturnType<typeof openReadModelStore>> }) => Promise<T>,
): Promise<T> => {
  const eventStore = await openSqlEventStore(config.eventStoreUrl);
  try {
    const store = await openReadModelStore(config.readDbUrl);
    try {
      return await work({ eventStore, store });
    } finally {
      await store.close();
    }
  } finally {
    await eventStore.close();
  }
};

/** `sapien projections status`: each projection's checkpoint, the log's head and the lag. */
export const projectionsStatus = (config: SapienConfig, out: NodeJS.WritableStream = process.stdout): Promise<void> =>
  withStores(config, async ({ eventStore, store }) => {
    const rows = await projectionStatus({
      eventStore,
      store,
      projections: [...allProjections, { name: DEFAULT_PUBLISHER_NAME }],
    });
    const width = Math.max(...rows.map((row) => row.name.length), 'projection'.length);
    out.write(`${'projection'.padEnd(width)}  ${'position'.padStart(10)}  ${'head'.padStart(10)}  ${'lag'.padStart(8)}\n`);
    for (const row of rows) {
      out.write(`${row.name.padEnd(width)}  ${String(row.position).padStart(10)}  ${String(row.head).padStart(10)}  ${String(row.lag).padStart(8)}\n`);
    }
  });

/** `sapien projections rebuild <name>`: builds beside the live tables with a progress bar, then swaps. */
export const projectionsRebuild = (config: SapienConfig, name: string | undefined): Promise<void> => {
  const projection = allProjections.find((candidate) => candidate.name === name);
  if (!projection) {
    throw new UsageError(
      `${name === undefined ? 'name a projection to rebuild' : `no projection named ${name}`}; projections: ${allProjections.map((p) => p.name).join(', ')}`,
    );
  }
  return withStores(config, async ({ eventStore, store }) => {
    const result = await rebuildProjection({ eventStore, store, projection, onProgress: cliProgressReporter({ label: projection.name }) });
    process.stdout.write(`rebuilt ${projection.name}: ${result.events} events, now at position ${result.position}; swapped ${result.tables.join(', ')}\n`);
  });
};
