import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { DeliverPolicy, connect, type JetStreamClient, type NatsConnection } from 'nats';
import { TestNatsServer } from '@sapien/testing';
import { EslListenerChild, type ListenerWork } from './esl-listener-child.ts';
import { msSinceTimestamp } from './esl-timestamps.ts';
import { InFlight, offerAtRate } from './offer.ts';
import { progress } from './progress.ts';
import type { BenchSection } from './results.ts';
import { maximum, percentile } from './stats.ts';
import type { StandInReply, StandInRequest } from './esl-stand-in-worker.ts';

export type EslSizes = Readonly<{ throughputEvents: number; offeredRate: number; latencyRate: number; latencySeconds: number }>;

const THROUGHPUT_TARGET = 20_000;
const P99_TARGET_MS = 10;

/** The stand-in's thread: started, asked to emit, closed. */
class StandInThread {
  private readonly worker = new Worker(new URL('./esl-stand-in-worker.ts', import.meta.url));
  private readonly replies: StandInReply[] = [];
  private wake: (() => void) | undefined;

  constructor() {
    this.worker.on('message', (reply: StandInReply) => {
      this.replies.push(reply);
      this.wake?.();
    });
  }

  async next(type: StandInReply['type']): Promise<StandInReply> {
    for (;;) {
      const index = this.replies.findIndex((reply) => reply.type === type || reply.type === 'failed');
      const found = this.replies[index];
      if (found !== undefined) {
        this.replies.splice(index, 1);
        if (found.type === 'failed') throw new Error(`the ESL stand-in failed: ${found.message}`);
        return found;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  send(request: StandInRequest): void {
    this.worker.postMessage(request);
  }

  async close(): Promise<void> {
    this.send({ type: 'close' });
    await new Promise((resolve) => this.worker.once('exit', resolve));
  }
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;


/** Deliveries of ESL_EVENTS to an ordered consumer of this process: emitted (Event-Date-Timestamp) → here. */
const followLatencies = async (js: JetStreamClient, latencies: number[], signal: AbortSignal): Promise<void> => {
  const consumer = await js.consumers.get('ESL_EVENTS', { filterSubjects: 'esl.events.fs-bench.>', deliver_policy: DeliverPolicy.New });
  const messages = await consumer.consume();
  signal.addEventListener('abort', () => void messages.close());
  for await (const message of messages) {
    const { timestamp } = message.json<{ timestamp: string }>();
    latencies.push(msSinceTimestamp(timestamp));
  }
};

const waitUntil = async (done: () => boolean, timeoutMs: number, what: string, state: () => string): Promise<void> => {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}: ${state()}`);
    await sleep(10);
  }
};

/**
 * stand-in → listener → NATS JetStream with acks, on a private nats-server: the listener in a
 * process of its own as the service runs (`startEslListener`: inbound connection, json events,
 * the spooling publisher), the stand-in on a thread of this process replaying realistic events
 * (≈ 5 KB each), and the baselines and the delivery consumer here.
 */
export const runEslBench = async (sizes: EslSizes): Promise<BenchSection> => {
  const nats = await TestNatsServer.start();
  const spool = mkdtempSync(join(tmpdir(), 'sapien-bench-esl-'));
  const standIn = new StandInThread();
  let listener: EslListenerChild | undefined;
  let nc: NatsConnection | undefined;
  try {
    const ready = await standIn.next('ready');
    if (ready.type !== 'ready') throw new Error('no stand-in');
    listener = await EslListenerChild.start({ target: ready.url, natsUrl: nats.url, spoolDir: spool });
    nc = await connect({ servers: nats.url });
    const js = nc.jetstream();

    // Warm-up, as the service runs warm: a fifth of the sustained run, not measured.
    const warmUp = Math.ceil(sizes.throughputEvents / 5);
    progress(`esl: warming up the listener with ${warmUp} events`);
    const warmed = listener.reached((await listener.published()).published + warmUp, 120_000);
    standIn.send({ type: 'emit', rate: sizes.offeredRate, count: warmUp });
    await standIn.next('emitted');
    await warmed;

    // Sustained: more offered than the target, as fast as the path takes it; events/s acknowledged.
    progress(`esl: ${sizes.throughputEvents} events offered at ${sizes.offeredRate}/s`);
    const before = await listener.published();
    const base = before.published;
    const started = performance.now();
    const acknowledged = listener.reached(base + sizes.throughputEvents, 120_000);
    standIn.send({ type: 'emit', rate: sizes.offeredRate, count: sizes.throughputEvents });
    await standIn.next('emitted');
    await acknowledged;
    const sustained = sizes.throughputEvents / ((performance.now() - started) / 1000);
    const sustainedWork = workPerEvent(before.work, (await listener.published()).work, sizes.throughputEvents);

    // Baseline: the same payloads published straight to JetStream with the same ack window.
    const payloads = await samplePayloads(js, 1000);
    const inFlight = new InFlight();
    const rawStarted = performance.now();
    const rawCpu = process.cpuUsage();
    let window = 0;
    for (let i = 0; i < sizes.throughputEvents; i++) {
      while (window >= 1000) await sleep(0);
      window += 1;
      const payload = payloads[i % payloads.length] ?? new Uint8Array();
      inFlight.track(js.publish('esl.events.raw.BASELINE', payload, { msgID: `raw:${i}` }).finally(() => (window -= 1)));
    }
    await inFlight.settled();
    const raw = sizes.throughputEvents / ((performance.now() - rawStarted) / 1000);
    const { user, system } = process.cpuUsage(rawCpu);
    const rawCpuPerEvent = (user + system) / sizes.throughputEvents;

    // Latency at a fixed rate, twice: emitted → acknowledged by JetStream, the path the issue
    // names, with nothing else running (measured in the listener's process, where the acks
    // arrive); then emitted → delivered to a consumer here. Each against a direct publish.
    const count = Math.round(sizes.latencyRate * sizes.latencySeconds);
    const emitAtLatencyRate = async (): Promise<WorkPerEvent> => {
      const atStart = await listener!.published();
      const stored = listener!.reached(atStart.published + count, 60_000);
      standIn.send({ type: 'emit', rate: sizes.latencyRate, count });
      await standIn.next('emitted');
      await stored;
      return workPerEvent(atStart.work, (await listener!.published()).work, count);
    };
    progress(`esl: ${count} events at ${sizes.latencyRate}/s, emitted → acknowledged`);
    await listener.observe();
    const latencyWork = await emitAtLatencyRate();
    const { latencies: acked, arrivals, loopDelay, state } = await listener.acks();
    const directAcked = await directLatencies(js, payloads, sizes.latencyRate, count, false);

    progress(`esl: ${count} events at ${sizes.latencyRate}/s, emitted → delivered`);
    const latencies: number[] = [];
    const following = new AbortController();
    const followed = followLatencies(js, latencies, following.signal);
    await sleep(200);
    await emitAtLatencyRate();
    await waitUntil(() => latencies.length >= count, 60_000, 'the deliveries', () => `delivered ${latencies.length}`);
    following.abort();
    await followed.catch(() => undefined);
    const measured = latencies.slice(0, count);
    const direct = await directLatencies(js, payloads, sizes.latencyRate, count, true);

    const p99 = percentile(measured, 99);
    const directP99 = percentile(direct.delivered, 99);
    const ackP99 = percentile(acked, 99);
    const directAckP99 = percentile(directAcked.acked, 99);
    return {
      title: 'ESL listener',
      rows: [
        {
          case: 'ESL stand-in → listener → JetStream, sustained',
          db: '—',
          unit: 'events/s',
          result: sustained,
          baseline: raw,
          baselineName: 'direct JetStream publish',
          target: { text: `≥ ${THROUGHPUT_TARGET.toLocaleString('en-US')} events/s`, met: sustained >= THROUGHPUT_TARGET },
        },
        {
          case: `ESL emitted → JetStream ack p99 at ${sizes.latencyRate.toLocaleString('en-US')}/s`,
          db: '—',
          unit: 'ms',
          result: ackP99,
          baseline: directAckP99,
          baselineName: 'direct publish → ack p99',
          target: { text: `< ${P99_TARGET_MS} ms`, met: ackP99 < P99_TARGET_MS },
        },
        {
          case: `ESL emitted → delivered p99 at ${sizes.latencyRate.toLocaleString('en-US')}/s`,
          db: '—',
          unit: 'ms',
          result: p99,
          baseline: directP99,
          baselineName: 'direct publish → delivered p99',
        },
      ],
      details: [
        `ESL sustained: ${sizes.throughputEvents} realistic events (≈ 5 KB, json) offered at ${sizes.offeredRate}/s by the stand-in (a thread of this process) to a listener ` +
          `in its own process (startEslListener: one inbound connection, EslPublisher, 1,000 acks in flight) on a private nats-server; from the first emission to the last ack. ` +
          `Baseline: the same payloads published straight to JetStream from this process, 1,000 in flight. ` +
          `CPU per event: the listener process ${sustainedWork.cpuMicros.toFixed(0)} µs (all its threads; ${sustainedWork.majorGcs} full GCs), ` +
          `the direct publisher ${rawCpuPerEvent.toFixed(0)} µs (this process).`,
        `ESL latency: ${count} events at ${sizes.latencyRate}/s from Event-Date-Timestamp (stamped at emission). To the listener's JetStream ack (stored; measured in the listener's process): ` +
          `p50 ${ms(percentile(acked, 50))}, p99 ${ms(ackP99)}, max ${ms(maximum(acked))} (n = ${acked.length}); direct publish → ack p50 ${ms(percentile(directAcked.acked, 50))}, ` +
          `p99 ${ms(directAckP99)}; the listener's event-loop delay meanwhile p50 ${ms(loopDelay.p50)}, p99 ${ms(loopDelay.p99)}, max ${ms(loopDelay.max)}; emitted → parsed in the listener p50 ${ms(percentile(arrivals, 50))}, p99 ${ms(percentile(arrivals, 99))}; its CPU ${latencyWork.cpuMicros.toFixed(0)} µs per event (${latencyWork.majorGcs} full GCs). To a JetStream consumer in this process (push delivery, its JSON decoded here): p50 ${ms(percentile(measured, 50))}, ` +
          `p99 ${ms(p99)}, max ${ms(maximum(measured))}; direct publish → delivery p50 ${ms(percentile(direct.delivered, 50))}, p99 ${ms(directP99)}. ` +
          `Listener: ${state}`,
      ],
    };
  } finally {
    await listener?.stop();
    await nc?.close();
    await standIn.close();
    await nats.dispose();
    rmSync(spool, { recursive: true, force: true });
  }
};

type WorkPerEvent = Readonly<{ cpuMicros: number; majorGcs: number }>;

/** The listener process's CPU time per event, and its full GCs, between two readings. */
const workPerEvent = (from: ListenerWork, to: ListenerWork, events: number): WorkPerEvent => ({
  cpuMicros: (to.cpuMicros - from.cpuMicros) / events,
  majorGcs: to.majorGcs - from.majorGcs,
});

/** The listener's own payloads, read back from the stream: the baseline sends the very same bytes. */
const samplePayloads = async (js: JetStreamClient, count: number): Promise<Uint8Array[]> => {
  const consumer = await js.consumers.get('ESL_EVENTS', { filterSubjects: 'esl.events.fs-bench.>' });
  const payloads: Uint8Array[] = [];
  const messages = await consumer.fetch({ max_messages: count, expires: 5_000 });
  for await (const message of messages) payloads.push(message.data);
  if (payloads.length === 0) throw new Error('no ESL payloads in the stream');
  return payloads;
};

/** Direct publish → ack and → delivery at the rate, for the latencies' baselines. */
const directLatencies = async (
  js: JetStreamClient,
  payloads: readonly Uint8Array[],
  rate: number,
  count: number,
  follow: boolean,
): Promise<Readonly<{ acked: number[]; delivered: number[] }>> => {
  const run = follow ? 'delivered' : 'acked';
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const acked: number[] = [];
  const messages = follow
    ? await (await js.consumers.get('ESL_EVENTS', { filterSubjects: 'esl.events.direct.>', deliver_policy: DeliverPolicy.New })).consume()
    : undefined;
  const following = (async () => {
    if (messages === undefined) return;
    for await (const message of messages) {
      const id = message.headers?.get('Nats-Msg-Id') ?? '';
      const at = sentAt.get(id);
      if (at !== undefined) latencies.push(performance.now() - at);
      if (latencies.length >= count) break;
    }
  })();
  const inFlight = new InFlight();
  await offerAtRate(count, rate, (i) => {
    const id = `direct-${run}:${i}`;
    const at = performance.now();
    sentAt.set(id, at);
    inFlight.track(
      js.publish('esl.events.direct.BASELINE', payloads[i % payloads.length] ?? new Uint8Array(), { msgID: id }).then((ack) => {
        acked.push(performance.now() - at);
        return ack;
      }),
    );
  });
  await inFlight.settled();
  await Promise.race([following, sleep(30_000)]);
  await messages?.close();
  return { acked, delivered: latencies };
};
