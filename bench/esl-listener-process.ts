// The ESL benchmark's listener, in a process of its own as services/esl-listener runs: one inbound
// connection to the stand-in, the spooling publisher to JetStream. It answers its parent's
// requests (esl-listener-child.ts) over IPC and measures emitted → acknowledged itself, where
// the acks arrive.
import { PerformanceObserver, constants, monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { startEslListener } from '@sapien/esl-listener';
import { applyServiceHeapPolicy } from '@sapien/kernel';
import type { ListenerReply, ListenerRequest, ListenerWork } from './esl-listener-child.ts';
import { msSincePayloadTimestamp, msSinceTimestamp } from './esl-timestamps.ts';

type Config = Readonly<{ target: string; natsUrl: string; spoolDir: string }>;


// As the service's process entry (packages/cli) does, before the heap grows; its parent passes the flags.
const missingNodeFlags = applyServiceHeapPolicy();
if (missingNodeFlags.length > 0) throw new Error(`started without ${missingNodeFlags.join(' ')}`);
const config = JSON.parse(process.env.SAPIEN_BENCH_ESL ?? '{}') as Config;
const listener = await startEslListener({
  host: '127.0.0.1',
  port: 0,
  targets: config.target,
  natsUrls: [config.natsUrl],
  spoolDir: config.spoolDir,
  authenticate: async () => undefined,
  logger: pino({ level: process.env.BENCH_ESL_LOG ?? 'silent' }),
});
const publisher = listener.publisher;
if (publisher === undefined) throw new Error('the listener publishes');

const reply = (message: ListenerReply): void => void process.send?.(message);
const state = (): string => JSON.stringify({ hub: listener.hub.metrics(), nodes: listener.hub.nodes(), publisher: { ...publisher.metrics, lastError: undefined } });

let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs += 1;
}).observe({ entryTypes: ['gc'] });
const work = (): ListenerWork => {
  const { user, system } = process.cpuUsage();
  return { cpuMicros: user + system, majorGcs, spooled: publisher.metrics.spooled };
};

// Events are sent only to a subscribed connection (as FreeSWITCH does): ready once it is.
while (!listener.hub.nodes().some((node) => node.state === 'ready')) await new Promise((resolve) => setTimeout(resolve, 10));

let acked: number[] = [];
let arrived: number[] = [];
let loopDelay: ReturnType<typeof monitorEventLoopDelay> | undefined;
let observing = false;
// Counted here, not read from `publisher.metrics` (which sums the spool's state) on every ack.
let stored = 0;
let watch: Readonly<{ until: number }> | undefined;
const stopWatching = publisher.observeStored(({ payload, duplicate }) => {
  if (duplicate) return;
  stored += 1;
  if (watch !== undefined && stored >= watch.until) {
    watch = undefined;
    reply({ type: 'reached', published: stored });
  }
  if (!observing) return;
  const latency = msSincePayloadTimestamp(payload);
  if (latency !== undefined) acked.push(latency);
});

// Emitted → taken from the socket and parsed: the first leg of the acknowledged latency.
listener.hub.onEvent((event) => {
  if (observing) arrived.push(msSinceTimestamp(event.timestamp));
});

process.on('message', (request: ListenerRequest) => {
  switch (request.type) {
    case 'published':
      reply({ type: 'published', published: stored, state: state(), work: work() });
      return;
    case 'watch':
      // Tells the parent the moment JetStream has acknowledged `until` events in all.
      if (stored >= request.until) reply({ type: 'reached', published: stored });
      else watch = { until: request.until };
      return;
    case 'observe':
      acked = [];
      arrived = [];
      observing = true;
      loopDelay = monitorEventLoopDelay({ resolution: 1 });
      loopDelay.enable();
      reply({ type: 'observing' });
      return;
    case 'acks': {
      observing = false;
      loopDelay?.disable();
      const ms = (nanos: number | undefined): number => (nanos ?? 0) / 1e6;
      const delay = { p50: ms(loopDelay?.percentile(50)), p99: ms(loopDelay?.percentile(99)), max: ms(loopDelay?.max) };
      reply({ type: 'acks', latencies: acked, arrivals: arrived, loopDelay: delay, state: state() });
      acked = [];
      arrived = [];
      return;
    }
    case 'stop':
      stopWatching();
      void listener.stop().then(() => process.disconnect());
      return;
  }
});
reply({ type: 'ready' });
