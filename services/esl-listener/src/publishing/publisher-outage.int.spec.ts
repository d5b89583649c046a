import { expect } from 'chai';
import { TestNatsServer, requireNats } from '@sapien/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { EslPublisher } from './publisher.ts';
import { offerAtRate, readStoredEvents, storedCount, waitUntil } from './publishing-test-support.ts';

const RATE = 2000; // events a second, offered for the whole test
const OUTAGE_MS = 30_000;

describe('EslPublisher through a 30 s NATS outage', () => {
  let server: TestNatsServer | undefined;
  let publisher: EslPublisher | undefined;
  let spoolDirectory: string | undefined;

  before(requireNats);

  after(async () => {
    await publisher?.stop(0);
    await server?.dispose();
    if (spoolDirectory) rmSync(spoolDirectory, { recursive: true, force: true });
  });

  it('stores every event offered at 2,000/s exactly once, in order, when the broker is down for 30 s', async function () {
    this.timeout(300_000);
    server = await TestNatsServer.start();
    spoolDirectory = mkdtempSync(join(tmpdir(), 'sapien-esl-outage-'));
    publisher = new EslPublisher({ servers: server.url, spoolDirectory, logger: pino({ level: 'silent' }) });
    await publisher.start();
    const offer = offerAtRate(publisher, RATE);

    await sleep(5000);
    await server.stop();
    await sleep(OUTAGE_MS);
    const duringOutage = publisher.metrics;
    await server.restart(); // same port and store: the stream and its duplicate window survive
    await sleep(5000);
    const offered = offer.stop();

    // Generous: the backlog drains on a loaded machine at its own pace.
    await waitUntil('every offered event is stored', async () => (await storedCount(server?.url ?? '')) >= offered, 180_000);
    await waitUntil('the publisher is idle', () => publisher?.metrics.spoolPending === 0 && publisher.metrics.inFlight === 0, 60_000);

    expect(duringOutage.spooled, 'events went to the spool during the outage').to.be.greaterThan(0);
    expect(publisher.metrics.dropped).to.equal(0);
    expect(await storedCount(server.url)).to.equal(offered);
    const stored = await readStoredEvents(server.url);
    expect(stored).to.have.length(offered);
    const outOfPlace = stored.findIndex((message, i) => message.event.sequence !== i + 1);
    expect(outOfPlace, `stream position of the first event out of order (of ${offered})`).to.equal(-1);
  });
});
