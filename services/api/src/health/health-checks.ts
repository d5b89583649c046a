import type { EventStore } from '@sapien/event-store';
import type { MessageBus } from '@sapien/message-bus';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { inject, injectable } from 'inversify';
import type { ApiSettings } from '../dependencies.ts';
import { TOKENS } from '../tokens.ts';

export type CheckStatus = 'up' | 'down';
export type ReadinessReport = Readonly<{ ready: boolean; checks: Readonly<Record<'eventStore' | 'readModels' | 'bus', CheckStatus>> }>;

const withTimeout = async (ping: () => Promise<void>, timeoutMs: number): Promise<CheckStatus> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckStatus>((resolve) => {
    timer = setTimeout(() => resolve('down'), timeoutMs);
  });
  try {
    return await Promise.race([ping().then((): CheckStatus => 'up'), timeout]);
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
};

/** Readiness: the event store, the read-model database and the bus each answer a ping in time. */
@injectable()
export class HealthChecks {
  constructor(
    @inject(TOKENS.EventStore) private readonly eventStore: EventStore,
    @inject(TOKENS.ReadModels) private readonly readModels: ReadModelStore,
    @inject(TOKENS.MessageBus) private readonly bus: MessageBus,
    @inject(TOKENS.Settings) private readonly settings: ApiSettings,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const timeout = this.settings.readyTimeoutMs;
    const [eventStore, readModels, bus] = await Promise.all([
      withTimeout(() => this.eventStore.ping(), timeout),
      withTimeout(() => this.readModels.ping(), timeout),
      withTimeout(() => this.bus.ping(), timeout),
    ]);
    const checks = { eventStore, readModels, bus };
    return { ready: Object.values(checks).every((status) => status === 'up'), checks };
  }
}
