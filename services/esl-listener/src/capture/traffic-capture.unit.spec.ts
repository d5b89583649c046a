import { isUuidV7 } from '@sapien/kernel';
import { expect } from 'chai';
import { FakeEslHub, namedEvent } from '../websocket/testing/fake-hub.ts';
import { CaptureNotFoundError, TooManyCapturesError } from './capture-errors.ts';
import { CAPTURE_LIMITS } from './capture-limits.ts';
import { parseEventSelector } from './event-selector.ts';
import { TrafficCapture } from './traffic-capture.ts';

const selectors = (...names: string[]) => names.map((name) => parseEventSelector(name)!);

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('TrafficCapture', () => {
  let hub: FakeEslHub;
  let capture: TrafficCapture;

  beforeEach(() => {
    hub = new FakeEslHub();
    hub.statuses = [
      { node: 'fs1', mode: 'inbound', state: 'ready' },
      { node: 'fs2', mode: 'inbound', state: 'ready' },
    ];
    capture = new TrafficCapture(hub);
  });

  afterEach(() => capture.close());

  describe('startCapturingTraffic', () => {
    it('issues a UUID v7 and reports the defaults it applied', () => {
      const summary = capture.start();
      expect(isUuidV7(summary.captureId)).to.equal(true);
      expect(summary).to.deep.include({ state: 'running', entries: 0 });
      expect(summary.filter).to.deep.equal({ directions: ['in', 'out'], maxEntries: 10_000, maxDurationMs: 300_000 });
    });

    it('lowers limits above the caps to the caps', () => {
      const summary = capture.start({ maxEntries: 1_000_000, maxDurationMs: 24 * 3_600_000 });
      expect(summary.filter).to.deep.include({ maxEntries: CAPTURE_LIMITS.maxEntries, maxDurationMs: CAPTURE_LIMITS.maxDurationMs });
    });

    it('listens to the hub only while a capture runs', () => {
      expect(hub.frameListenerCount).to.equal(0);
      const first = capture.start();
      const second = capture.start();
      expect(hub.frameListenerCount).to.equal(1);
      capture.stop(first.captureId);
      expect(hub.frameListenerCount).to.equal(1);
      capture.stop(second.captureId);
      expect(hub.frameListenerCount).to.equal(0);
    });
  });

  describe('recording', () => {
    it('numbers entries from 1 in the fixture layout', async () => {
      const { captureId } = capture.start();
      hub.emit(namedEvent('CHANNEL_ANSWER'));
      await hub.api('fs1', 'status');
      const entries = capture.entries(captureId);
      expect(entries.map((entry) => entry.seq)).to.deep.equal([1, 2, 3]);
      expect(entries.map((entry) => [entry.direction, entry.contentType])).to.deep.equal([
        ['in', 'text/event-plain'],
        ['out', undefined],
        ['in', 'api/response'],
      ]);
      expect(Object.keys(entries[0]!)).to.deep.equal(['seq', 'at', 'node', 'direction', 'contentType', 'headers', 'body']);
      expect(entries[1]!.body).to.equal('api status\n\n');
    });

    it('keeps one node only when asked', () => {
      const { captureId } = capture.start({ node: 'fs2' });
      hub.emit(namedEvent('HEARTBEAT'), { node: 'fs1' });
      hub.emit(namedEvent('HEARTBEAT'), { node: 'fs2' });
      expect(capture.entries(captureId).map((entry) => entry.node)).to.deep.equal(['fs2']);
    });

    it('keeps one direction only when asked', async () => {
      const { captureId } = capture.start({ directions: ['out'] });
      hub.emit(namedEvent('HEARTBEAT'));
      await hub.api('fs1', 'status');
      expect(capture.entries(captureId).map((entry) => entry.body)).to.deep.equal(['api status\n\n']);
    });

    it('keeps only the named events, plain and JSON, subclasses included, and frames that are not events', async () => {
      const { captureId } = capture.start({ eventNames: selectors('CHANNEL_ANSWER', 'CUSTOM::sofia::register') });
      hub.emit(namedEvent('CHANNEL_ANSWER'));
      hub.emit(namedEvent('CHANNEL_HANGUP'), { format: 'json' });
      hub.emit(namedEvent('CUSTOM', 'sofia::register'), { format: 'json' });
      hub.emit(namedEvent('CUSTOM', 'sofia::unregister'));
      await hub.api('fs1', 'status');
      const kept = capture.entries(captureId).map((entry) => entry.contentType ?? entry.direction);
      expect(kept).to.deep.equal(['text/event-plain', 'text/event-json', 'out', 'api/response']);
      expect(capture.entries(captureId)[1]!.body).to.contain('"Event-Subclass":"sofia::register"');
    });

    it('stops by itself at maxEntries', () => {
      const { captureId } = capture.start({ maxEntries: 2 });
      for (let i = 0; i < 5; i++) hub.emit(namedEvent('HEARTBEAT'));
      expect(capture.summary(captureId)).to.deep.include({ state: 'stopped', stopReason: 'max-entries', entries: 2 });
      expect(hub.frameListenerCount).to.equal(0);
    });

    it('stops by itself after maxDurationMs', async () => {
      const { captureId } = capture.start({ maxDurationMs: 5 });
      await until(() => capture.summary(captureId).state === 'stopped');
      expect(capture.summary(captureId).stopReason).to.equal('max-duration');
      hub.emit(namedEvent('HEARTBEAT'));
      expect(capture.entries(captureId)).to.have.length(0);
    });

    it('records nothing after stopCapturingTraffic, and keeps what it had', () => {
      const { captureId } = capture.start();
      hub.emit(namedEvent('HEARTBEAT'));
      const stopped = capture.stop(captureId);
      hub.emit(namedEvent('HEARTBEAT'));
      expect(stopped).to.deep.include({ state: 'stopped', stopReason: 'requested', entries: 1 });
      expect(capture.entries(captureId)).to.have.length(1);
      expect(capture.stop(captureId)).to.deep.equal(stopped);
    });

    it('feeds several captures from one frame', () => {
      const all = capture.start();
      const answers = capture.start({ eventNames: selectors('CHANNEL_ANSWER') });
      hub.emit(namedEvent('CHANNEL_ANSWER'));
      hub.emit(namedEvent('HEARTBEAT'));
      expect(capture.entries(all.captureId)).to.have.length(2);
      expect(capture.entries(answers.captureId).map((entry) => entry.seq)).to.deep.equal([1]);
    });
  });

  describe('getRecordedTraffic', () => {
    it('pages entries after a seq, with the cursor of the next page', () => {
      const { captureId } = capture.start();
      for (let i = 0; i < 5; i++) hub.emit(namedEvent('HEARTBEAT'));
      const first = capture.page(captureId, 0, 2);
      expect(first.entries.map((entry) => entry.seq)).to.deep.equal([1, 2]);
      expect(first).to.deep.include({ total: 5, next: 2, state: 'running' });
      const rest = capture.page(captureId, 2, 10);
      expect(rest.entries.map((entry) => entry.seq)).to.deep.equal([3, 4, 5]);
      expect(rest.next).to.equal(5);
    });

    it('keeps giving a cursor while running and none once a stopped capture is read to its end', () => {
      const { captureId } = capture.start();
      hub.emit(namedEvent('HEARTBEAT'));
      expect(capture.page(captureId, 1).next).to.equal(1);
      capture.stop(captureId);
      expect(capture.page(captureId, 0, 1).next).to.equal(null);
      expect(capture.page(captureId, 5).entries).to.deep.equal([]);
    });

    it('stops a page at its byte budget, with at least one entry', () => {
      const small = new TrafficCapture(hub, { maxPageBytes: 10 });
      const { captureId } = small.start();
      for (let i = 0; i < 3; i++) hub.emit(namedEvent('HEARTBEAT'));
      const page = small.page(captureId, 0, 100);
      expect(page.entries.map((entry) => entry.seq)).to.deep.equal([1]);
      expect(page.next).to.equal(1);
      small.close();
    });

    it('fails for an unknown capture', () => {
      expect(() => capture.page('0190a5c4-0000-7000-8000-000000000000')).to.throw(CaptureNotFoundError).with.property('code', 'capture-not-found');
    });
  });

  describe('NDJSON export', () => {
    it('writes one entry per line, each ending in a newline', async () => {
      const { captureId } = capture.start();
      hub.emit(namedEvent('CHANNEL_ANSWER'));
      await hub.api('fs1', 'status');
      const text = capture.ndjson(captureId);
      expect(text.endsWith('\n')).to.equal(true);
      const lines = text.split('\n').slice(0, -1);
      expect(lines.map((line) => JSON.parse(line))).to.deep.equal(capture.entries(captureId));
    });
  });

  describe('bounds', () => {
    it('drops the oldest finished capture to make room', () => {
      const bounded = new TrafficCapture(hub, { maxCaptures: 2 });
      const first = bounded.start();
      const second = bounded.start();
      bounded.stop(second.captureId);
      bounded.stop(first.captureId);
      const third = bounded.start();
      expect(bounded.list().map((summary) => summary.captureId)).to.deep.equal([second.captureId, third.captureId]);
      expect(() => bounded.summary(first.captureId)).to.throw(CaptureNotFoundError);
      bounded.close();
    });

    it('refuses a new capture while every kept one runs', () => {
      const bounded = new TrafficCapture(hub, { maxCaptures: 1 });
      bounded.start();
      expect(() => bounded.start()).to.throw(TooManyCapturesError).with.property('code', 'too-many-captures');
      bounded.close();
    });

    it('stops every capture on close', () => {
      const { captureId } = capture.start();
      capture.close();
      expect(capture.summary(captureId)).to.deep.include({ state: 'stopped', stopReason: 'shutdown' });
      expect(hub.frameListenerCount).to.equal(0);
    });
  });
});
