import type { EventStore } from '@sapien/event-store';
import { newEventId, newId, SystemClock } from '@sapien/kernel';
import type { NewEvent, RecordedEvent } from '@sapien/kernel';

const clock = new SystemClock();

const testEvent = (index: number): NewEvent => ({
  id: newEventId(),
  type: 'CounterIncremented',
  data: { index },
  metadata: { orgId: 1 + (index % 3), correlationId: newId(), causationId: newId(), actor: { kind: 'system', id: 'test' } },
  occurredAt: clock.now(),
});

/** Appends `count` events over `streams` streams (`counter-<n>`), `perAppend` at a time. */
export const appendEvents = async (
  eventStore: EventStore,
  count: number,
  options: Readonly<{ streams?: number; perAppend?: number; offset?: number }> = {},
): Promise<void> => {
  const streams = options.streams ?? 7;
  const perAppend = options.perAppend ?? 100;
  const offset = options.offset ?? 0;
  for (let start = 0; start < count; start += perAppend) {
    const size = Math.min(perAppend, count - start);
    const stream = `counter-${(offset + start / perAppend) % streams}`;
    await eventStore.appendToStream(
      stream,
      Array.from({ length: size }, (_, i) => testEvent(offset + start + i)),
    );
  }
};

/** Every event of the log, in order. */
export const readWholeLog = async (eventStore: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await eventStore.readAll({ after: events.at(-1)?.position ?? 0, maxCount: 1000 });
    if (batch.length === 0) return events;
    events.push(...batch);
  }
};
