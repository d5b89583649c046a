import type { SapienConfig } from '@sapien/config';
import { startApi, type RunningApi, type WaitForPosition } from '@sapien/api';
import { startEslListener } from '@sapien/esl-listener';
import { SystemClock } from '@sapien/kernel';
import { CheckpointStore, waitForCheckpoints } from '@sapien/projection-runtime';
import { allProjections } from '@sapien/projections';
import { startProjector } from '@sapien/projector';
import { writeTransaction } from '@sapien/read-model-sql';
import { liveTables } from '@sapien/projection-runtime';
import type { Logger } from 'pino';
import { describeInfrastructure, openBus, openInfrastructure, type Infrastructure } from '../infrastructure.ts';
import { createLogger } from '../logger.ts';
import { stopOnSignals } from '../shutdown.ts';

type Service = 'api' | 'projector' | 'esl-listener';

const apiOptions = (config: SapienConfig) => ({ host: config.apiHost, port: config.apiPort });

const startApiService = (config: SapienConfig, infrastructure: Infrastructure, waitForPosition: WaitForPosition): Promise<RunningApi> =>
  startApi(
    {
      eventStore: infrastructure.eventStore,
      readModels: infrastructure.readModels,
      bus: infrastructure.bus,
      clock: new SystemClock(),
      waitForPosition,
      logger: { level: config.logLevel, name: 'api' },
      bodyLimit: config.bodyLimitBytes,
      minPositionTimeoutMs: config.minPositionTimeoutMs,
    },
    apiOptions(config),
  );

/** The read models' tables exist before the API serves, even when the projector runs elsewhere. */
const ensureReadModelTables = async (infrastructure: Infrastructure): Promise<void> => {
  const { readModels } = infrastructure;
  await writeTransaction(readModels, async (trx) => {
    for (const projection of allProjections) await projection.createTables(trx, { dialect: readModels.dialect, names: liveTables });
  });
};

const printBanner = (logger: Logger, config: SapienConfig, urls: Record<string, string>): void => {
  logger.info({ ...urls, ...describeInfrastructure(config) }, 'sapien is running');
  // Plain lines for people, beside the structured log.
  process.stderr.write(
    ['', 'Sapien is running:', ...Object.entries(urls).map(([name, url]) => `  ${name.padEnd(14)} ${url}`), '  stop with Ctrl+C', '', ''].join('\n'),
  );
};

/** `sapien start`: api + projector + esl-listener in one process, sharing one event store, read DB and bus. */
export const startAll = async (config: SapienConfig): Promise<void> => {
  const logger = createLogger(config, 'sapien');
  const infrastructure = await openInfrastructure(config);
  const projector = await startProjector({ ...infrastructure, projections: allProjections, logger: logger.child({ component: 'projector' }) });
  const api = await startApiService(config, infrastructure, (position, timeoutMs) => projector.runner.waitForPosition(position, timeoutMs));
  const esl = await startEslListener({ host: config.apiHost, port: config.eslWsPort, targets: config.eslTargets, logger: logger.child({ component: 'esl-listener' }) });
  printBanner(logger, config, {
    api: api.url,
    openapi: `${api.url}/openapi.json`,
    health: `${api.url}/health/ready`,
    'esl-listener': esl.url,
  });
  stopOnSignals(logger, async () => {
    // Commands first (in-flight ones finish), then the projector saves its checkpoints.
    await api.close();
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
      const api = await startApiService(config, infrastructure, (position, timeoutMs) =>
        waitForCheckpoints({ checkpoints, names, position, timeoutMs }),
      );
      printBanner(logger, config, { api: api.url, openapi: `${api.url}/openapi.json` });
      stopOnSignals(logger, async () => {
        await api.close();
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
      const bus = await openBus(config);
      const esl = await startEslListener({ host: '0.0.0.0', port: config.eslWsPort, targets: config.eslTargets, logger });
      printBanner(logger, config, { 'esl-listener': esl.url });
      stopOnSignals(logger, async () => {
        await esl.stop();
        await bus.close();
      });
      return;
    }
    default: {
      const unknown: never = service;
      throw new Error(`unknown service ${String(unknown)}`);
    }
  }
};
