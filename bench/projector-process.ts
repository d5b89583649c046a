// The lag benchmark's projector, in a process of its own as services/projector runs: it projects
// Org.Orgs and EventLog, publishes to NATS, and tells its parent each position the read model has
// committed (both projections). Stops when the parent sends 'stop'.
import { openSqlEventStore } from '@sapien/event-store-sql';
import { NatsMessageBus } from '@sapien/message-bus-nats';
import { BusPublisher, CheckpointStore, ProjectionRunner } from '@sapien/projection-runtime';
import { eventLogProjection, orgsProjection } from '@sapien/projections';
import { applyServiceHeapPolicy } from '@sapien/kernel';
import { openReadModelStore } from '@sapien/read-model-sql';
import { parseProjectorConfig } from './projector-config.ts';
import { PrefixedBus } from './prefixed-bus.ts';

// As the service's process entry (packages/cli) does, before the heap grows; its parent passes the flags.
const missingNodeFlags = applyServiceHeapPolicy();
if (missingNodeFlags.length > 0) throw new Error(`started without ${missingNodeFlags.join(' ')}`);
const config = parseProjectorConfig(process.env.SAPIEN_BENCH_PROJECTOR);
const eventStore = await openSqlEventStore(config.eventStoreUrl);
const store = await openReadModelStore(config.readModelUrl);
const bus = await NatsMessageBus.connect({ servers: config.natsUrl, stream: config.stream, subjects: [`${config.prefix}.>`], name: 'sapien-bench-projector' });
const runner = new ProjectionRunner({ eventStore, store, projections: [orgsProjection, eventLogProjection] });
const publisher = new BusPublisher({ eventStore, bus: new PrefixedBus(bus, config.prefix), checkpoints: await CheckpointStore.open(store) });
await runner.start();
await publisher.start();

let stopping = false;
process.on('message', (message: unknown) => {
  if (message === 'stop') stopping = true;
});
process.send?.({ type: 'ready' });

let committed = 0;
while (!stopping) {
  if (!(await runner.waitForPosition(committed + 1, 100))) continue;
  committed = Math.min(...Object.values(runner.positions()));
  process.send?.({ type: 'position', position: committed });
}

await publisher.stop();
await runner.stop();
await bus.close();
await store.close();
await eventStore.close();
process.disconnect();
