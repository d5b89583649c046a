import { expect } from 'chai';
import { encodeFrame } from './frame-encoder.ts';
import { FrameParser } from './frame-parser.ts';
import { channelData, classifyFrame, type EslMessage } from './frames.ts';
import type { RawFrame } from './raw-frame.ts';

const frameOf = (wire: string | Buffer): RawFrame => {
  const { frames, error } = new FrameParser().push(typeof wire === 'string' ? Buffer.from(wire) : wire);
  if (error !== undefined || frames.length !== 1) throw new Error(`expected one frame, got ${frames.length}: ${error?.message}`);
  return frames[0]!;
};
const classify = (wire: string | Buffer): EslMessage => classifyFrame(frameOf(wire));

describe('classifyFrame', () => {
  it('reads auth/request', () => {
    expect(classify('Content-Type: auth/request\n\n').type).to.equal('auth-request');
  });

  describe('command/reply', () => {
    it('reads +OK as ok, with its reply text', () => {
      const message = classify('Content-Type: command/reply\nReply-Text: +OK accepted\n\n');
      expect(message).to.include({ type: 'command-reply', replyText: '+OK accepted', ok: true, jobUuid: undefined });
    });

    it('reads -ERR as not ok', () => {
      expect(classify('Content-Type: command/reply\nReply-Text: -ERR invalid\n\n')).to.include({ ok: false, replyText: '-ERR invalid' });
    });

    it('exposes the Job-UUID of a bgapi reply', () => {
      const message = classify('Content-Type: command/reply\nReply-Text: +OK Job-UUID: 7f4d\nJob-UUID: 7f4d\n\n');
      expect(message).to.include({ ok: true, jobUuid: '7f4d' });
    });

    it('decodes the channel data of an outbound connect reply', () => {
      const message = classify(
        'Event-Name: CHANNEL_DATA\nChannel-Name: sofia/internal/1000%40192.0.2.10\nCaller-Caller-ID-Name: Jos%C3%A9\n' +
          'variable_DP_MATCH: ARRAY%3A%3A1000%7C%3A10\nvariable_x: _undef_\nContent-Type: command/reply\nReply-Text: %2BOK%0A\n' +
          'Socket-Mode: async\nControl: full\n\n',
      );
      if (message.type !== 'command-reply') throw new Error(message.type);
      expect(message.ok).to.equal(true);
      expect(message.replyText).to.equal('+OK');
      expect(message.headers['Channel-Name']).to.equal('sofia/internal/1000%40192.0.2.10');
      expect(channelData(message)).to.deep.include({
        'Channel-Name': 'sofia/internal/1000@192.0.2.10',
        'Caller-Caller-ID-Name': 'José',
        variable_DP_MATCH: ['1000', '10'],
        variable_x: '',
        Control: 'full',
      });
    });
  });

  it('reads api/response with its body as text', () => {
    const body = Buffer.from('UP 0 years ✓\n');
    expect(classify(encodeFrame([['Content-Type', 'api/response']], body))).to.include({ type: 'api-response', body: 'UP 0 years ✓\n' });
  });

  describe('events', () => {
    it('reads text/event-plain', () => {
      const inner = 'Event-Name: HEARTBEAT\nIdle-CPU: 97.5\n\n';
      const message = classify(encodeFrame([['Content-Length', ''], ['Content-Type', 'text/event-plain']], inner));
      expect(message).to.deep.include({ type: 'event', format: 'plain', event: { headers: { 'Event-Name': 'HEARTBEAT', 'Idle-CPU': '97.5' } } });
    });

    it('reads text/event-json', () => {
      const message = classify(encodeFrame([['Content-Type', 'text/event-json']], '{"Event-Name":"HEARTBEAT"}'));
      expect(message).to.deep.include({ type: 'event', format: 'json', event: { headers: { 'Event-Name': 'HEARTBEAT' } } });
    });

    it('gives an error message, not an exception, for a body that does not decode', () => {
      const message = classify(encodeFrame([['Content-Type', 'text/event-json']], '{"Event-Name":'));
      expect(message.type).to.equal('error');
      expect(message.type === 'error' && message.error.code).to.equal('bad_event_json');
      const plain = classify(encodeFrame([['Content-Type', 'text/event-plain']], 'garbage line\n\n'));
      expect(plain.type === 'error' && plain.error.code).to.equal('bad_event_plain');
    });

    it('gives an error message for an event frame without a body', () => {
      const message = classify('Content-Type: text/event-plain\n\n');
      expect(message.type === 'error' && message.error.code).to.equal('bad_event_plain');
    });
  });

  describe('text/disconnect-notice', () => {
    it('reads the plain notice and its body', () => {
      const message = classify(encodeFrame([['Content-Type', 'text/disconnect-notice']], 'Disconnected, goodbye.\nSee you at ClueCon!\n'));
      expect(message).to.include({ type: 'disconnect-notice', linger: false, body: 'Disconnected, goodbye.\nSee you at ClueCon!\n' });
    });

    it('reads the linger form', () => {
      const message = classify(
        'Content-Type: text/disconnect-notice\nControlled-Session-UUID: 7f4d\nContent-Disposition: linger\n' +
          'Channel-Name: sofia/internal/1000@192.0.2.10\nLinger-Time: 600\nContent-Length: 0\n\n',
      );
      if (message.type !== 'disconnect-notice') throw new Error(message.type);
      expect(message.linger).to.equal(true);
      expect(message.headers).to.include({ 'Controlled-Session-UUID': '7f4d', 'Linger-Time': '600' });
    });
  });

  it('reads text/rude-rejection', () => {
    const message = classify(encodeFrame([['Content-Type', 'text/rude-rejection']], 'Access Denied, go away.\n'));
    expect(message).to.include({ type: 'rude-rejection', body: 'Access Denied, go away.\n' });
  });

  it('reads log/data with its headers', () => {
    const message = classify(
      encodeFrame([['Content-Type', 'log/data'], ['Content-Length', ''], ['Log-Level', '7'], ['Log-File', 'switch_core.c']], 'a log line\n'),
    );
    if (message.type !== 'log-data') throw new Error(message.type);
    expect(message.body).to.equal('a log line\n');
    expect(message.headers).to.include({ 'Log-Level': '7', 'Log-File': 'switch_core.c' });
  });

  it('surfaces any other content type, and none, as unknown', () => {
    expect(classify('Content-Type: text/event-xml\nContent-Length: 7\n\n<event>')).to.include({ type: 'unknown', contentType: 'text/event-xml' });
    expect(classify('Content-Type: application/x-new\n\n')).to.include({ type: 'unknown', contentType: 'application/x-new' });
    expect(classify('X-Thing: 1\n\n')).to.include({ type: 'unknown', contentType: undefined });
  });
});
