import { expect } from 'chai';
import { NonLoopbackHostError } from './errors.ts';
import { assertLoopbackHost, isLoopbackHost } from './loopback.ts';

describe('isLoopbackHost', () => {
  it('accepts loopback addresses and localhost', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) {
      expect(isLoopbackHost(host), host).to.equal(true);
    }
  });

  it('refuses every other address and name', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'example.com', '128.0.0.1', '::2', '']) {
      expect(isLoopbackHost(host), host).to.equal(false);
      expect(() => assertLoopbackHost(host)).to.throw(NonLoopbackHostError);
    }
  });
});
