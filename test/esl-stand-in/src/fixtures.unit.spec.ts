import { expect } from 'chai';
import { FrameParser, classifyFrame, headerText, type EslEvent, type EslMessage } from '@sapien/esl-protocol';
import { FIXTURE_NAMES, fixtureFrameBytes, loadFixture, type RecordedTrafficEntry } from './fixtures.ts';

const message = (entry: RecordedTrafficEntry): EslMessage => {
  const { frames, error } = new FrameParser().push(fixtureFrameBytes(entry));
  expect(error).to.equal(undefined);
  expect(frames).to.have.length(1);
  return classifyFrame(frames[0]!);
};

const eventsOf = (entries: readonly RecordedTrafficEntry[]): EslEvent[] =>
  entries.flatMap((entry) => {
    if (entry.direction !== 'in') return [];
    const decoded = message(entry);
    return decoded.type === 'event' ? [decoded.event] : [];
  });

const name = (event: EslEvent): string | undefined => headerText(event, 'Event-Name');

describe('recorded traffic fixtures', () => {
  for (const fixture of FIXTURE_NAMES) {
    describe(fixture, () => {
      const entries = loadFixture(fixture);

      it('numbers its entries from 1 and stamps them in order, with microseconds', () => {
        expect(entries.map((entry) => entry.seq)).to.deep.equal(entries.map((_, i) => i + 1));
        for (const entry of entries) expect(entry.at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        expect([...entries].map((entry) => entry.at).sort()).to.deep.equal(entries.map((entry) => entry.at));
      });

      it('holds frames whose Content-Length counts the body in bytes, and that decode cleanly', () => {
        for (const entry of entries.filter((each) => each.direction === 'in')) {
          expect(entry.contentType).to.equal(entry.headers['Content-Type']);
          const length = entry.headers['Content-Length'];
          if (length !== undefined) expect(Number(length)).to.equal(Buffer.byteLength(entry.body ?? '', 'utf8'));
          expect(message(entry).type).to.be.oneOf(['event', 'command-reply']);
        }
      });

      it('says what the same events say in the other format', () => {
        const [base, format] = fixture.split(/\.(?=plain$|json$)/) as [string, string];
        const other = loadFixture(`${base}.${format === 'plain' ? 'json' : 'plain'}` as (typeof FIXTURE_NAMES)[number]);
        expect(eventsOf(entries)).to.deep.equal(eventsOf(other));
      });
    });
  }

  it('has a whole bridged call: both legs from CHANNEL_CREATE to CHANNEL_HANGUP_COMPLETE, sequences rising by one', () => {
    const events = eventsOf(loadFixture('full-call.plain'));
    expect(events.map(name)).to.deep.equal([
      'CHANNEL_CREATE',
      'CHANNEL_CREATE',
      'CHANNEL_PROGRESS',
      'CHANNEL_PROGRESS_MEDIA',
      'CHANNEL_PROGRESS',
      'CHANNEL_PROGRESS_MEDIA',
      'CHANNEL_ANSWER',
      'CHANNEL_ANSWER',
      'CHANNEL_BRIDGE',
      'CHANNEL_UNBRIDGE',
      'CHANNEL_HANGUP',
      'CHANNEL_HANGUP',
      'CHANNEL_HANGUP_COMPLETE',
      'CHANNEL_HANGUP_COMPLETE',
    ]);
    const sequences = events.map((event) => Number(headerText(event, 'Event-Sequence')));
    expect(sequences).to.deep.equal(sequences.map((_, i) => sequences[0]! + i));
    const legs = new Set(events.map((event) => headerText(event, 'Unique-ID')));
    expect(legs.size).to.equal(2);
    const bridge = events.find((event) => name(event) === 'CHANNEL_BRIDGE')!;
    expect(legs).to.include(headerText(bridge, 'Bridge-A-Unique-ID')).and.include(headerText(bridge, 'Bridge-B-Unique-ID'));
    for (const event of events) expect(Object.keys(event.headers).length).to.be.within(100, 200);
    const complete = events.at(-1)!;
    expect(headerText(complete, 'variable_hangup_cause')).to.equal('NORMAL_CLEARING');
    expect(Number(headerText(complete, 'variable_billsec'))).to.be.above(30);
  });

  it('has a bgapi, its Job-UUID reply, and the BACKGROUND_JOB carrying the result in its body', () => {
    const [command, reply, job] = loadFixture('background-job.json');
    expect(command).to.deep.include({ direction: 'out', headers: {} });
    expect(command!.body).to.match(/^bgapi originate .*\nJob-UUID: ([0-9a-f-]{36})\n\n$/);
    const jobUuid = /Job-UUID: (\S+)/.exec(command!.body!)![1];
    const replied = message(reply!);
    expect(replied).to.deep.include({ type: 'command-reply', ok: true, jobUuid });
    const event = eventsOf([job!])[0]!;
    expect(event.headers).to.include({ 'Event-Name': 'BACKGROUND_JOB', 'Job-UUID': jobUuid, 'Job-Command': 'originate' });
    expect(event.headers['Job-Command-Arg']).to.be.a('string');
    expect(event.body).to.match(/^\+OK [0-9a-f-]{36}\n$/);
  });

  it('has a HEARTBEAT and a CUSTOM sofia::register', () => {
    expect(eventsOf(loadFixture('heartbeat.plain'))[0]!.headers).to.include({ 'Event-Name': 'HEARTBEAT', 'Event-Info': 'System Ready' });
    expect(eventsOf(loadFixture('sofia-register.plain'))[0]!.headers).to.include({
      'Event-Name': 'CUSTOM',
      'Event-Subclass': 'sofia::register',
      status: 'Registered(UDP)',
    });
  });

  it('refuses a fixture it does not have', () => {
    expect(() => loadFixture('nope' as (typeof FIXTURE_NAMES)[number])).to.throw('no fixture named');
  });
});
