import { expect } from 'chai';
import { EslProtocolError } from './errors.ts';
import { DEFAULT_MAX_CONTENT_LENGTH, FrameParser } from './frame-parser.ts';
import type { RawFrame } from './raw-frame.ts';

const pushAll = (parser: FrameParser, ...chunks: Array<string | Buffer>): RawFrame[] =>
  chunks.flatMap((chunk) => parser.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk).frames);

const simplify = (frames: readonly RawFrame[]) =>
  frames.map((frame) => ({ ...frame, headers: frame.headers.map(([name, value]) => [name, value]), body: frame.body?.toString('hex') }));

describe('FrameParser', () => {
  describe('framing', () => {
    it('reads a frame without a body: headers in wire order, its content type, its size', () => {
      const [frame, ...rest] = pushAll(new FrameParser(), 'Content-Type: auth/request\n\n');
      expect(rest).to.deep.equal([]);
      expect(frame).to.deep.equal({
        headers: [['Content-Type', 'auth/request']],
        contentType: 'auth/request',
        body: undefined,
        bytes: 28,
      });
    });

    it('reads exactly Content-Length bytes of body, then the next frame', () => {
      const frames = pushAll(
        new FrameParser(),
        'Content-Type: api/response\nContent-Length: 6\n\n+OK\n\n\nContent-Type: command/reply\nReply-Text: +OK accepted\n\n',
      );
      expect(frames.map((frame) => frame.body?.toString())).to.deep.equal(['+OK\n\n\n', undefined]);
      expect(frames[1]!.headers).to.deep.equal([
        ['Content-Type', 'command/reply'],
        ['Reply-Text', '+OK accepted'],
      ]);
    });

    it('counts the body in bytes, not characters', () => {
      const body = Buffer.from('héllo ✓ 山田');
      const wire = Buffer.concat([Buffer.from(`Content-Type: api/response\nContent-Length: ${body.length}\n\n`), body, Buffer.from('Content-Type: auth/request\n\n')]);
      const frames = pushAll(new FrameParser(), wire);
      expect(frames).to.have.length(2);
      expect(frames[0]!.body?.toString('utf8')).to.equal('héllo ✓ 山田');
      expect(frames[1]!.contentType).to.equal('auth/request');
    });

    it('yields the same frames for every split point, inside header lines and multi-byte characters', () => {
      const body = Buffer.from('a✓b山c');
      const wire = Buffer.concat([
        Buffer.from(`Content-Length: ${body.length}\nContent-Type: api/response\n\n`),
        body,
        Buffer.from('Content-Type: text/disconnect-notice\nContent-Length: 3\n\nbye'),
      ]);
      const whole = simplify(pushAll(new FrameParser(), wire));
      for (let at = 0; at <= wire.length; at++) {
        expect(simplify(pushAll(new FrameParser(), wire.subarray(0, at), wire.subarray(at))), `split at ${at}`).to.deep.equal(whole);
      }
      const bytes = [...wire].map((byte) => Buffer.from([byte]));
      expect(simplify(pushAll(new FrameParser(), ...bytes))).to.deep.equal(whole);
    });

    it('tolerates CRLF line ends', () => {
      const [frame] = pushAll(new FrameParser(), 'Content-Type: api/response\r\nContent-Length: 2\r\n\r\nok');
      expect(frame!.headers).to.deep.equal([
        ['Content-Type', 'api/response'],
        ['Content-Length', '2'],
      ]);
      expect(frame!.body?.toString()).to.equal('ok');
    });

    it('skips blank lines between frames, counting them in the next frame\'s size', () => {
      const frames = pushAll(new FrameParser(), '\n\r\n\nContent-Type: auth/request\n\n\n');
      expect(frames).to.have.length(1);
      expect(frames[0]!.bytes).to.equal(4 + 28);
    });

    it('splits a header at its first colon and drops one space after it', () => {
      const [frame] = pushAll(new FrameParser(), 'Reply-Text: +OK Job-UUID: 7f4d\nX-Bare:value\nX-Spaced:   v\nX-Empty:\n\n');
      expect(frame!.headers).to.deep.equal([
        ['Reply-Text', '+OK Job-UUID: 7f4d'],
        ['X-Bare', 'value'],
        ['X-Spaced', '  v'],
        ['X-Empty', ''],
      ]);
    });

    it('gives an empty body for Content-Length: 0', () => {
      const [frame] = pushAll(new FrameParser(), 'Content-Type: text/disconnect-notice\nContent-Length: 0\n\n');
      expect(frame!.body).to.deep.equal(Buffer.alloc(0));
    });

    it('keeps a frame without Content-Type, with contentType undefined', () => {
      const [frame] = pushAll(new FrameParser(), 'X-Thing: 1\n\n');
      expect(frame!.contentType).to.equal(undefined);
    });

    it('reports the bytes of a frame not yet complete', () => {
      const parser = new FrameParser();
      pushAll(parser, 'Content-Type: auth/request\n\nContent-Type: api/response\nContent-Length: 10\n\nabc');
      expect(parser.pendingBytes).to.equal(50);
    });
  });

  describe('errors', () => {
    const failWith = (input: string | Buffer, options = {}): { frames: RawFrame[]; error: EslProtocolError | undefined; parser: FrameParser } => {
      const parser = new FrameParser(options);
      const result = parser.push(typeof input === 'string' ? Buffer.from(input) : input);
      return { frames: result.frames, error: result.error, parser };
    };

    it('rejects a Content-Length above FreeSWITCH\'s 16 MiB', () => {
      const { error } = failWith(`Content-Type: api/response\nContent-Length: ${DEFAULT_MAX_CONTENT_LENGTH + 1}\n\n`);
      expect(error).to.be.instanceOf(EslProtocolError);
      expect(error?.code).to.equal('content_length_too_large');
      expect(error?.name).to.equal('EslProtocolError');
    });

    it('accepts a Content-Length at the cap, and honours a configured cap', () => {
      expect(failWith(`Content-Length: ${DEFAULT_MAX_CONTENT_LENGTH}\n\n`).error).to.equal(undefined);
      expect(failWith('Content-Length: 11\n\n', { maxContentLength: 10 }).error?.code).to.equal('content_length_too_large');
    });

    for (const value of ['abc', '-1', '1.5', '', '0x10', '+5']) {
      it(`rejects Content-Length "${value}"`, () => {
        expect(failWith(`Content-Length: ${value}\n\n`).error?.code).to.equal('bad_content_length');
      });
    }

    it('rejects two different Content-Length headers', () => {
      expect(failWith('Content-Length: 1\nContent-Length: 2\n\nab').error?.code).to.equal('bad_content_length');
    });

    it('rejects a header line without a colon, or with an empty name', () => {
      expect(failWith('Content-Type api/response\n\n').error?.code).to.equal('bad_header_line');
      expect(failWith(': value\n\n').error?.code).to.equal('bad_header_line');
    });

    it('rejects a header block above its cap, even before the line ends', () => {
      expect(failWith(`X: ${'a'.repeat(100)}`, { maxHeaderBytes: 64 }).error?.code).to.equal('header_too_large');
      expect(failWith('X: 1\n'.repeat(20), { maxHeaderBytes: 64 }).error?.code).to.equal('header_too_large');
    });

    it('returns the frames completed before the error, and then ignores all input', () => {
      const { frames, error, parser } = failWith('Content-Type: auth/request\n\nbroken line\n\n');
      expect(frames.map((frame) => frame.contentType)).to.deep.equal(['auth/request']);
      expect(error?.code).to.equal('bad_header_line');
      expect(parser.error).to.equal(error);
      expect(parser.push(Buffer.from('Content-Type: auth/request\n\n'))).to.deep.equal({ frames: [] });
      expect(parser.pendingBytes).to.equal(0);
      expect(parser.end()).to.equal(undefined);
    });

    it('reports a frame cut short when the stream ends', () => {
      const parser = new FrameParser();
      parser.push(Buffer.from('Content-Type: api/response\nContent-Length: 10\n\nabc'));
      expect(parser.end()?.code).to.equal('truncated_frame');
      expect(parser.error?.code).to.equal('truncated_frame');
    });

    it('ends cleanly between frames', () => {
      const parser = new FrameParser();
      parser.push(Buffer.from('Content-Type: auth/request\n\n\n'));
      expect(parser.end()).to.equal(undefined);
    });
  });
});
