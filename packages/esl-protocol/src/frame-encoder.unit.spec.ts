import { expect } from 'chai';
import { EslProtocolError } from './errors.ts';
import { encodeFrame } from './frame-encoder.ts';

describe('encodeFrame', () => {
  it('writes headers and a blank line for a frame without a body', () => {
    expect(encodeFrame([['Content-Type', 'auth/request']]).toString()).to.equal('Content-Type: auth/request\n\n');
  });

  it('appends Content-Length in bytes when there is a body', () => {
    expect(encodeFrame([['Content-Type', 'api/response']], 'é✓').toString()).to.equal(
      'Content-Type: api/response\nContent-Length: 5\n\né✓',
    );
  });

  it('rewrites a supplied Content-Length in place, as FreeSWITCH puts it first on events', () => {
    const frame = encodeFrame([['Content-Length', '999'], ['Content-Type', 'text/event-json']], Buffer.from('{}'));
    expect(frame.toString()).to.equal('Content-Length: 2\nContent-Type: text/event-json\n\n{}');
  });

  it('writes Content-Length: 0 for a supplied one without a body, as the linger notice does', () => {
    expect(encodeFrame([['Content-Type', 'text/disconnect-notice'], ['Content-Length', '']]).toString()).to.equal(
      'Content-Type: text/disconnect-notice\nContent-Length: 0\n\n',
    );
  });

  it('refuses a header that would break the line grammar', () => {
    for (const [name, value] of [['', 'x'], ['a:b', 'x'], ['a\nb', 'x'], ['a', 'x\ny'], ['a', 'x\r']]) {
      expect(() => encodeFrame([[name!, value!]])).to.throw(EslProtocolError);
    }
  });
});
