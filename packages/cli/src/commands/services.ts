import type { SapienConfig } from '@sapien/config';
import { startApi, type RunningApi, type WaitForPosition } from '@sapien/api';
import { startEslListener } from '@sapien/esl-listener';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { createTokenResolver } from '@sapien/oauth';
import { CheckpointStore, waitForCheckpoints } from '@sapien/projection-runtime';
import { allProjections } from '@sapien/projections';
import { startProjector } from '@sapien/projector';
import { writeTransaction } from '@sapien/read-model-sql';
import { liveTables } from '@sapien/projection-runtime';
import type { Logger } from 'pino';
import { composeApi, type ApiComposition } from '../api-composition.ts';
import { describeInfrastructure, openInfrastructure, type Infrastructure } from '../infrastructure.ts';
import { createLogger } from '../logger.ts';
import { stopOnSignals } from '../shutdown.ts';

type Service = 'api' | 'projector' | 'esl-listener';

/** The listener's settings from the configuration; its own NATS connection publishes to ESL_EVENTS. */
const eslSettings = (config: SapienConfig, host: string) => ({
  host,
  port: config.eslWsPort,
  targets: config.eslTargets,
  events: config.eslEvents,
  outboundPort: config.eslOutboundPort,
  natsUrls: config.natsUrls,
  spoolDir: config.eslSpoolDir,
});

/** Builds and starts the API with its OAuth server; returns it with the first-token hint. */
const startApiService = async (
  config: SapienConfig,
  infrastructure: Infrastructure,
  waitForPosition: WaitForPosition,
  logger: Logger,
): Promise<{ api: RunningApi; composition: ApiComposition }> => {
  const composition = await composeApi(config, infrastructure, waitForPosition, logger);
  const api = await startApi(composition.deps, { host: config.apiHost, port: config.apiPort });
  return { api, composition };
};

/** The read models' tables exist before the API serves, even when the projector runs elsewhere. */
const ensureReadModelTables = async (infrastructure: Infrastructure): Promise<void> => {
  const { readModels } = infrastructure;
  await writeTransaction(readModels, async (trx) => {
    for (const projection of allProjections) await projection.createTables(trx, { dialect: readModels.dialect, names: liveTables });
  });
};

const printBanner = (logger: Logger, config: SapienConfig, urls: Record<string, string>, hint?: string): void => {
  logger.info({ ...urls, ...describeInfrastructure(config) }, 'sapien is running');
  // Plain lines for people, beside the structured log.
  process.stderr.write(
    [
      '',
      'Sapien is running:',
      ...Object.entries(urls).map(([name, url]) => `  ${name.padEnd(14)} ${url}`),
      '  stop with Ctrl+C',
      ...(hint === undefined ? [] : ['', hint]),
      '',
      '',
    ].join('\n'),
  );
};

/** `sapien start`: api + projector + esl-listener in one process, sharing one event store, read DB and bus. */
export const startAll = async (config: SapienConfig): Promise<void> => {
  const logger = createLogger(config, 'sapien');
  const infrastructure = await openInfrastructure(config);
  const projector = await startProjector({ ...infrastructure, projections: allProjections, logger: logger.child({ component: 'projector' }) });
  const { api, composition } = await startApiService(
    config,
    infrastructure,
    (position, timeoutMs) => projector.runner.waitForPosition(position, timeoutMs),
    logger.child({ component: 'api' }),
  );
  const esl = await startEslListener({
    ...eslSettings(config, config.apiHost),
    authenticate: composition.oauth.resolveAccessToken,
    logger: logger.child({ component: 'esl-listener' }),
  });
  printBanner(logger, config, {
    api: api.url,
    openapi: `${api.url}/openapi.json`,
    health: `${api.url}/health/ready`,
    'esl-listener': esl.url,
  }, composition.hint);
  stopOnSignals(logger, async () => {
    // Commands first (in-flight ones finish), then the projector saves its checkpoints.
    await api.close();
    await composition.oauth.close();
    await esl.stop();
    await projector.stop();
    await infrastructure.close();
  });
};

/** `sapien api|projector|esl-listener`: one service alone, configured from the environment. */
export const startOne = async (config: SapienConfig, service: Service): Promise<void> => {
  const logger = createLogger(config, service);
  switch (service) {
    case 'api': {
      const infrastructure = await openInfrastructure(config);
      await ensureReadModelTables(infrastructure);
      const checkpoints = await CheckpointStore.open(infrastructure.readModels);
      const names = allProjections.map((projection) => projection.name);
      const { api, composition } = await startApiService(
        config,
        infrastructure,
        (position, timeoutMs) => waitForCheckpoints({ checkpoints, names, position, timeoutMs }),
        logger,
      );
      printBanner(logger, config, { api: api.url, openapi: `${api.url}/openapi.json` }, composition.hint);
      stopOnSignals(logger, async () => {
        await api.close();
        await composition.oauth.close();
        await infrastructure.close();
      });
      return;
    }
    case 'projector': {
      const infrastructure = await openInfrastructure(config);
      const projector = await startProjector({ ...infrastructure, projections: allProjections, logger });
      printBanner(logger, config, {});
      stopOnSignals(logger, async () => {
        await projector.stop();
        await infrastructure.close();
      });
      return;
    }
    case 'esl-listener': {
      // Tokens are validated as the API validates them: from the event store.
      const eventStore = await openSqlEventStore(config.eventStoreUrl);
      const esl = await startEslListener({
        ...eslSettings(config, '0.0.0.0'),
        authenticate: createTokenResolver(eventStore, new SystemClock()),
        logger,
      });
      printBanner(logger, config, { 'esl-listener': esl.url });
      stopOnSignals(logger, async () => {
        await esl.stop();
        await eventStore.close();
      });
      return;
    }
    default: {
      const unknown: never = service;
      throw new Error(`unknown service ${String(unknown)}`);
    }
  }
};
