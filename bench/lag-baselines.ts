import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { RecordedEvent } from '@sapien/kernel';
import { newId } from '@sapien/kernel';
import type { MessageBus } from '@sapien/message-bus';
import { sapienEventMessage } from '@sapien/message-bus';
import { InFlight, offerAtRate } from './offer.ts';
import { insertRows } from './raw-insert.ts';
import { RAW_EVENTS_TABLE, RAW_EVENT_COLUMNS, createRawEventsTable } from './raw-tables.ts';

const rawRowOf = (event: RecordedEvent, position: number): Knex.Value[] => [
  position,
  event.id,
  event.streamId,
  event.revision,
  event.type,
  JSON.stringify(event.data),
  JSON.stringify(event.metadata),
  event.occurredAt,
];

/** The read-model lag's baseline: latency of a plain single-row insert, offered at the same rate. */
export const rawInsertLatencies = async (db: Knex, events: readonly RecordedEvent[], rate: number, count: number): Promise<number[]> => {
  await createRawEventsTable(db, 'postgres');
  const latencies: number[] = [];
  const inFlight = new InFlight();
  await offerAtRate(count, rate, (index) => {
    const event = events[index % events.length];
    if (event === undefined) throw new Error('no events to insert');
    const calledAt = performance.now();
    inFlight.track(insertRows(db, RAW_EVENTS_TABLE, RAW_EVENT_COLUMNS, [rawRowOf(event, index + 1)]).then(() => latencies.push(performance.now() - calledAt)));
  });
  await inFlight.settled();
  return latencies;
};

/** Times JetStream deliveries of the baseline's messages, by message id. */
export class DirectDeliveries {
  readonly latencies: number[] = [];
  private readonly sentAt = new Map<string, number>();

  sent(id: string): void {
    this.sentAt.set(id, performance.now());
  }

  received(id: string | undefined, receivedAt: number): void {
    const sentAt = id === undefined ? undefined : this.sentAt.get(id);
    if (sentAt === undefined || id === undefined) return;
    this.sentAt.delete(id);
    this.latencies.push(receivedAt - sentAt);
  }

  get outstanding(): number {
    return this.sentAt.size;
  }
}

/**
 * The NATS lag's baseline: Sapien event messages of the same size published straight to JetStream
 * at the same rate (no event store, no publisher), timed from the publish call to delivery.
 */
export const directPublishLatencies = async (
  bus: MessageBus,
  subject: string,
  events: readonly RecordedEvent[],
  deliveries: DirectDeliveries,
  rate: number,
  count: number,
): Promise<number[]> => {
  const inFlight = new InFlight();
  await offerAtRate(count, rate, (index) => {
    const event = events[index % events.length];
    if (event === undefined) throw new Error('no events to publish');
    const id = newId();
    deliveries.sent(id);
    inFlight.track(bus.publish([{ subject, id, payload: sapienEventMessage(event).payload }]));
  });
  await inFlight.settled();
  const deadline = performance.now() + 30_000;
  while (deliveries.outstanding > 0) {
    if (performance.now() > deadline) throw new Error(`${deliveries.outstanding} baseline messages were never delivered`);
    await sleep(5);
  }
  return deliveries.latencies;
};
