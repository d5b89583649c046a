import { expect } from 'chai';
import {
  eventCommand,
  filterCommand,
  filterDeleteCommand,
  headerText,
  myeventsCommand,
  nixeventCommand,
  noeventsCommand,
  type EslEvent,
  type EventMessage,
} from '@sapien/esl-protocol';
import { EslStandIn } from './index.ts';
import { RawClient, RawClients, eventually } from './raw-client.ts';

const event = (name: string, headers: Record<string, string> = {}): EslEvent => ({ headers: { 'Event-Name': name, ...headers } });
const names = (events: readonly EventMessage[]): Array<string | undefined> =>
  events.map((message) => headerText(message.event, 'Event-Name'));

describe('the ESL stand-in, events', () => {
  let standIn: EslStandIn;
  const clients = new RawClients();
  const track = (client: Promise<RawClient>): Promise<RawClient> => clients.track(client);
  /** Emits `events`, then a HEARTBEAT that every test subscriber takes, so "nothing else came" is observable. */
  const emitThenMark = (...events: EslEvent[]): void => {
    for (const each of events) standIn.emit(each);
    standIn.heartbeat();
  };
  const untilMark = async (client: RawClient): Promise<EventMessage[]> => {
    const received: EventMessage[] = [];
    for (;;) {
      const [next] = await client.events(1);
      if (headerText(next!.event, 'Event-Name') === 'HEARTBEAT') return received;
      received.push(next!);
    }
  };

  beforeEach(async () => {
    standIn = await EslStandIn.start({ coreUuid: 'core-a', hostname: 'fs-test' });
  });

  afterEach(async () => {
    clients.closeAll();
    await standIn.close();
  });

  describe('subscriptions', () => {
    it('sends the subscribed types only, in the connection\'s format', async () => {
      const plain = await track(RawClient.subscribed(standIn.port, 'plain', ['CHANNEL_ANSWER', 'HEARTBEAT']));
      const json = await track(RawClient.subscribed(standIn.port, 'json', ['CHANNEL_HANGUP', 'HEARTBEAT']));
      emitThenMark(event('CHANNEL_ANSWER'), event('CHANNEL_HANGUP'), event('CHANNEL_CREATE'));
      const [toPlain, toJson] = await Promise.all([untilMark(plain), untilMark(json)]);
      expect(names(toPlain)).to.deep.equal(['CHANNEL_ANSWER']);
      expect(toPlain[0]!.format).to.equal('plain');
      expect(names(toJson)).to.deep.equal(['CHANNEL_HANGUP']);
      expect(toJson[0]!.format).to.equal('json');
    });

    it('replies as FreeSWITCH does to event, nixevent and noevents', async () => {
      const client = await track(RawClient.authed(standIn.port));
      expect((await client.command(eventCommand('json', ['ALL']))).replyText).to.equal('+OK event listener enabled json');
      expect((await client.command('event plain NOT_AN_EVENT\n\n')).replyText).to.equal('-ERR no keywords supplied');
      expect((await client.command(nixeventCommand(['CHANNEL_CREATE']))).replyText).to.equal('+OK events nixed');
      expect((await client.command(noeventsCommand())).replyText).to.equal('+OK no longer listening for events');
      expect((await client.command(noeventsCommand())).replyText).to.equal('-ERR not listening for events');
    });

    it('sends CUSTOM events by subclass', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'plain', ['HEARTBEAT', 'CUSTOM', 'sofia::register']));
      emitThenMark(
        event('CUSTOM', { 'Event-Subclass': 'sofia::unregister' }),
        event('CUSTOM', { 'Event-Subclass': 'sofia::register', 'from-user': '1000' }),
      );
      const received = await untilMark(client);
      expect(received.map((message) => message.event.headers['Event-Subclass'])).to.deep.equal(['sofia::register']);
    });

    it('sends everything with ALL, minus what was nixed', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'plain', ['ALL']));
      await client.command(nixeventCommand(['CHANNEL_CREATE']));
      emitThenMark(event('CHANNEL_CREATE'), event('CHANNEL_ANSWER'), event('CUSTOM', { 'Event-Subclass': 'x::y' }));
      expect(names(await untilMark(client))).to.deep.equal(['CHANNEL_ANSWER']);
    });

    it('applies filters: a matching header lets an event through, several filters mean any', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'plain', ['ALL']));
      expect((await client.command(filterCommand('Unique-ID', 'call-1'))).replyText).to.equal('+OK filter added. [Unique-ID]=[call-1]');
      await client.command(filterCommand('Event-Name', 'HEARTBEAT'));
      emitThenMark(
        event('CHANNEL_ANSWER', { 'Unique-ID': 'call-1' }),
        event('CHANNEL_ANSWER', { 'Unique-ID': 'call-2' }),
        event('CHANNEL_HANGUP', { 'Unique-ID': 'call-1' }),
      );
      const received = await untilMark(client);
      expect(received.map((message) => [message.event.headers['Event-Name'], message.event.headers['Unique-ID']])).to.deep.equal([
        ['CHANNEL_ANSWER', 'call-1'],
        ['CHANNEL_HANGUP', 'call-1'],
      ]);
      expect((await client.command(filterDeleteCommand('Unique-ID'))).replyText).to.equal('+OK filter deleted. [Unique-ID][]');
      emitThenMark(event('CHANNEL_ANSWER', { 'Unique-ID': 'call-2' }));
      expect(await untilMark(client)).to.deep.equal([]);
    });

    it('limits an inbound myevents to the named channel', async () => {
      const client = await track(RawClient.authed(standIn.port));
      expect((await client.command(myeventsCommand({ format: 'json', uuid: 'call-9' }))).replyText).to.equal('+OK Events Enabled');
      standIn.emit(event('CHANNEL_ANSWER', { 'Unique-ID': 'call-8' }));
      standIn.emit(event('CHANNEL_ANSWER', { 'Unique-ID': 'call-9' }));
      const [only] = await client.events(1);
      expect(only!.event.headers['Unique-ID']).to.equal('call-9');
      expect(only!.format).to.equal('json');
    });
  });

  describe('emit', () => {
    it('fills what FreeSWITCH stamps, numbering events one by one, and returns the sequence', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'json', ['ALL']));
      const first = standIn.emit(event('CHANNEL_ANSWER', { 'Unique-ID': 'u1' }));
      const second = standIn.emit(event('CHANNEL_HANGUP', { 'Unique-ID': 'u1' }));
      expect(second).to.equal(first + 1);
      const [a, b] = await client.events(2);
      expect(a!.event.headers).to.include({
        'Event-Name': 'CHANNEL_ANSWER',
        'Core-UUID': 'core-a',
        'FreeSWITCH-Hostname': 'fs-test',
        'FreeSWITCH-Switchname': 'fs-test',
        'Event-Sequence': String(first),
        'Unique-ID': 'u1',
      });
      expect(Number(b!.event.headers['Event-Date-Timestamp'])).to.be.above(Number(a!.event.headers['Event-Date-Timestamp']));
      expect(Object.keys(a!.event.headers)[0]).to.equal('Event-Name');
    });

    it('keeps what the event already says, a body included', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'plain', ['ALL']));
      standIn.emit({ headers: { 'Event-Name': 'CUSTOM', 'Event-Subclass': 'a::b', 'Core-UUID': 'other', 'Event-Sequence': '900' }, body: 'é\n' });
      const [message] = await client.events(1);
      expect(message!.event.headers).to.include({ 'Core-UUID': 'other', 'Event-Sequence': '900', 'Content-Length': '3' });
      expect(message!.event.body).to.equal('é\n');
      expect(standIn.emit(event('API'))).to.equal(901);
    });
  });

  describe('emitAtRate', () => {
    it('sends every event, in order, with rising sequences, in both formats', async () => {
      const plain = await track(RawClient.subscribed(standIn.port, 'plain', ['ALL']));
      const json = await track(RawClient.subscribed(standIn.port, 'json', ['ALL']));
      await standIn.emitAtRate(20_000, 1000);
      for (const client of [plain, json]) {
        const events = await client.events(1000);
        const sequences = events.map((message) => Number(message.event.headers['Event-Sequence']));
        expect(sequences).to.deep.equal(sequences.map((_, i) => sequences[0]! + i));
        expect(new Set(names(events))).to.include.members(['CHANNEL_CREATE', 'CHANNEL_HANGUP_COMPLETE', 'HEARTBEAT', 'CUSTOM']);
        expect(events.every((message) => message.event.headers['Core-UUID'] === 'core-a')).to.equal(true);
      }
    });

    it('waits for a reader that stops reading, then delivers everything', async () => {
      const slow = await track(RawClient.subscribed(standIn.port, 'plain', ['ALL']));
      slow.pause();
      let done = false;
      // About 25 MB: more than the socket buffers hold, so the stand-in must wait for the reader.
      const emitting = standIn.emitAtRate(50_000, 5000).then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pendingWhilePaused = !done;
      slow.resume();
      await emitting;
      expect(pendingWhilePaused).to.equal(true);
      expect(await slow.events(5000, 20_000)).to.have.length(5000);
    });

    it('sends what make returns', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'json', ['DTMF']));
      await standIn.emitAtRate(5000, 3, (i) => event('DTMF', { 'DTMF-Digit': String(i) }));
      expect((await client.events(3)).map((message) => message.event.headers['DTMF-Digit'])).to.deep.equal(['0', '1', '2']);
    });
  });

  describe('a FreeSWITCH that misbehaves', () => {
    it('restarts: connections drop, the Core-UUID changes, sequences start again', async () => {
      const before = await track(RawClient.subscribed(standIn.port, 'plain', ['ALL']));
      standIn.emit(event('API'));
      standIn.emit(event('API'));
      await standIn.restart();
      await before.closed;
      expect(standIn.coreUuid).to.not.equal('core-a');
      const after = await track(RawClient.subscribed(standIn.port, 'plain', ['ALL']));
      expect(standIn.emit(event('API'))).to.equal(1);
      const [message] = await after.events(1);
      expect(message!.event.headers).to.include({ 'Core-UUID': standIn.coreUuid, 'Event-Sequence': '1' });
    });

    it('refuses connections for the downtime of a restart', async () => {
      await standIn.restart({ downtimeMs: 50 });
      const client = await track(RawClient.authed(standIn.port));
      expect(client.ended).to.equal(false);
    });

    it('drops connections without a word and keeps its identity', async () => {
      const client = await track(RawClient.authed(standIn.port));
      standIn.dropConnections();
      await client.closed;
      expect(client.unread().filter((m) => m.type === 'disconnect-notice')).to.deep.equal([]);
      expect(standIn.coreUuid).to.equal('core-a');
      await eventually(() => standIn.connectionCount() === 0);
    });

    it('goes silent: no replies or events, the socket open, then speaks again', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'plain', ['ALL']));
      standIn.setSilent(true);
      standIn.emit(event('API'));
      client.send(noeventsCommand());
      await standIn.waitForCommand((c) => c === 'noevents');
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(client.unread()).to.deep.equal([]);
      expect(client.ended).to.equal(false);
      standIn.setSilent(false);
      expect((await client.command(eventCommand('plain', ['ALL']))).ok).to.equal(true);
    });
  });
});
