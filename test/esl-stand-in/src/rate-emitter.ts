import { setTimeout as sleep } from 'node:timers/promises';
import type { EslEvent } from '@sapien/esl-protocol';
import { realisticEvents } from '@sapien/esl-protocol/testing';
import type { EslSwitch } from './esl-switch.ts';
import { STAMPED_HEADERS } from './event-template.ts';
import { EventTemplate } from './event-template.ts';


let pool: readonly EslEvent[] | undefined;

/**
 * The pool behind `pooledEvent`, built and encoded in both formats on first use (a few hundred
 * milliseconds, once per process), before any rate is measured.
 */
export function eventPool(): readonly EslEvent[] {
  if (pool === undefined) {
    pool = realisticEvents(1000, { seed: 20240501 }).map((event) => {
      const headers = { ...event.headers };
      // The pool's own values would name another FreeSWITCH: each send stamps its own.
    for (const name of STAMPED_HEADERS) delete headers[name];
      return event.body === undefined ? { headers } : { headers, body: event.body };
    });
    for (const event of pool) {
      const template = EventTemplate.of(event);
      template.plainRest();
      template.jsonRest();
    }
  }
  return pool;
}

/**
 * The default events of `emitAtRate`: a fixed pool of realistic traffic (calls, heartbeats,
 * background jobs, registrations) that the stand-in stamps as its own. Being the same objects
 * every round, their bulk is encoded once.
 */
export function pooledEvent(i: number): EslEvent {
  const events = eventPool();
  return events[i % events.length]!;
}

// Events per write at most: a reader that fell behind catches up in writes of about a megabyte,
// not in one buffer of the whole backlog.
const MAX_BATCH = 200;

/**
 * Emits `count` events at `eventsPerSecond`: each turn stamps the events due by now and writes
 * them to each connection in one write; a connection that asks to wait for 'drain' is waited for,
 * so memory stays bounded and the rate falls to what the reader takes. Ahead of time it sleeps
 * until the next event is due; behind, it only yields to I/O between writes.
 */
export async function emitAtRate(
  sw: EslSwitch,
  eventsPerSecond: number,
  count: number,
  make: (i: number) => EslEvent,
  stopped: () => boolean,
): Promise<void> {
  if (!(eventsPerSecond > 0) || count <= 0) return;
  const start = performance.now();
  let sent = 0;
  while (sent < count && !stopped()) {
    const due = Math.min(count, Math.floor(((performance.now() - start) * eventsPerSecond) / 1000) + 1);
    if (due > sent) {
      const end = Math.min(due, sent + MAX_BATCH);
      for (; sent < end; sent++) sw.deliver(sw.identity.stamp(make(sent)), sw.connections, false);
      const waiting = [...sw.connections].filter((connection) => !connection.flush());
      if (waiting.length > 0) await Promise.all(waiting.map((connection) => connection.drained()));
      else await new Promise((resolve) => setImmediate(resolve));
    } else {
      const nextAt = start + (sent * 1000) / eventsPerSecond;
      await sleep(Math.max(1, Math.ceil(nextAt - performance.now())));
    }
  }
}
