import { expect } from 'chai';
import { FrameParser, type RawFrame } from '@sapien/esl-protocol';
import { inboundWireFrame, outboundWireFrame } from './wire-frame.ts';

const AT = '2026-01-01T00:00:00.000001Z';

const frameOf = (bytes: Buffer): RawFrame => {
  const { frames } = new FrameParser().push(bytes);
  const frame = frames[0];
  if (frame === undefined) throw new Error('no frame');
  return frame;
};

describe('wire frames as captured', () => {
  it('keeps the header values of a frame in as sent', () => {
    const frame = frameOf(Buffer.from('Content-Type: command/reply\nReply-Text: %2BOK%0A\n\n'));
    expect(inboundWireFrame(frame, 'fs1', AT)).to.deep.equal({
      at: AT,
      node: 'fs1',
      direction: 'in',
      contentType: 'command/reply',
      headers: { 'Content-Type': 'command/reply', 'Reply-Text': '%2BOK%0A' },
    });
  });

  it('gives a UTF-8 body as text and any other body in base64', () => {
    const text = frameOf(Buffer.from('Content-Type: api/response\nContent-Length: 6\n\nh\u00e9llo'));
    expect(inboundWireFrame(text, 'fs1', AT)).to.include({ body: 'h\u00e9llo' }).and.not.have.property('bodyEncoding');
    const binary = frameOf(Buffer.concat([Buffer.from('Content-Type: api/response\nContent-Length: 2\n\n'), Buffer.from([0xe9, 0x41])]));
    expect(inboundWireFrame(binary, 'fs1', AT)).to.include({ body: Buffer.from([0xe9, 0x41]).toString('base64'), bodyEncoding: 'base64' });
  });

  it('captures a command as its whole text, with no headers', () => {
    expect(outboundWireFrame('event json ALL\n\n', 'fs1', AT)).to.deep.equal({
      at: AT,
      node: 'fs1',
      direction: 'out',
      headers: {},
      body: 'event json ALL\n\n',
    });
  });

  it('masks the password of `auth`', () => {
    expect(outboundWireFrame('auth ClueCon\n\n', 'fs1', AT).body).to.equal('auth ***\n\n');
  });
});
