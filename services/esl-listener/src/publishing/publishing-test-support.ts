import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'nats';
import type { PublishedEslEvent } from '../hub.ts';
import type { EslPublisher } from './publisher.ts';
import { ESL_EVENTS_STREAM } from './subject.ts';

/** A test event with the given Event-Sequence; CUSTOM and plain names take turns. */
export const testEvent = (sequence: number, overrides: Partial<PublishedEslEvent> = {}): PublishedEslEvent => {
  const custom = sequence % 3 === 0;
  return {
    node: 'fs1.example.com',
    name: custom ? 'CUSTOM' : 'CHANNEL_ANSWER',
    ...(custom ? { subclass: 'sofia::register' } : { uniqueId: `call-${sequence}` }),
    sequence,
    coreUuid: 'core-a',
    timestamp: '2024-05-01T10:00:00.123456Z',
    headers: { 'Event-Name': custom ? 'CUSTOM' : 'CHANNEL_ANSWER', 'Event-Sequence': String(sequence) },
    ...overrides,
  };
};

export type StoredEslMessage = Readonly<{ subject: string; msgId: string | undefined; streamSequence: number; event: PublishedEslEvent }>;

/** The number of messages in ESL_EVENTS, or -1 while the server does not answer. */
export const storedCount = async (servers: string): Promise<number> => {
  try {
    const nc = await connect({ servers, reconnect: false, timeout: 1000 });
    try {
      return (await (await nc.jetstreamManager()).streams.info(ESL_EVENTS_STREAM)).state.messages;
    } finally {
      await nc.close();
    }
  } catch {
    return -1;
  }
};

/** Every message of ESL_EVENTS, read with an ordered consumer from the first. */
export const readStoredEvents = async (servers: string): Promise<StoredEslMessage[]> => {
  const nc = await connect({ servers });
  try {
    const js = nc.jetstream();
    const total = (await (await nc.jetstreamManager()).streams.info(ESL_EVENTS_STREAM)).state.messages;
    const stored: StoredEslMessage[] = [];
    if (total === 0) return stored;
    const messages = await (await js.consumers.get(ESL_EVENTS_STREAM)).consume({ max_messages: 1000 });
    for await (const message of messages) {
      stored.push({
        subject: message.subject,
        msgId: message.headers?.get('Nats-Msg-Id'),
        streamSequence: message.seq,
        event: message.json<PublishedEslEvent>(),
      });
      if (stored.length === total) break;
    }
    return stored;
  } finally {
    await nc.close();
  }
};

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export const waitUntil = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
};

/** Offers events 1, 2, 3 … at `perSecond`, catching up after a late timer. */
export const offerAtRate = (publisher: EslPublisher, perSecond: number, make: (sequence: number) => PublishedEslEvent = testEvent) => {
  let offered = 0;
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) * perSecond) / 1000);
    while (offered < due) publisher.publish(make(++offered));
  }, 5);
  return {
    get offered(): number {
      return offered;
    },
    stop(): number {
      clearInterval(timer);
      return offered;
    },
  };
};
