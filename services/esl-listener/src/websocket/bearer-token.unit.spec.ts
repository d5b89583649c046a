import { expect } from 'chai';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { bearerToken } from './bearer-token.ts';

const request = (path: string, headers: Record<string, string>): [IncomingMessage, URL] => {
  const message = new IncomingMessage(new Socket());
  message.url = path;
  message.headers = headers;
  return [message, new URL(path, 'http://localhost')];
};

describe('bearerToken', () => {
  it('reads Authorization: Bearer, whatever the scheme case', () => {
    expect(bearerToken(...request('/ws', { authorization: 'Bearer abc.def' }))).to.deep.equal({ token: 'abc.def', source: 'header' });
    expect(bearerToken(...request('/ws', { authorization: 'bearer abc' }))?.token).to.equal('abc');
  });

  it('takes no token from another scheme, nor falls back to the others then', () => {
    expect(bearerToken(...request('/ws?access_token=q', { authorization: 'Basic dXNlcjpwYXNz' }))).to.equal(undefined);
  });

  it('reads the bearer.<token> subprotocol among others, keeping the protocol to echo', () => {
    expect(bearerToken(...request('/ws', { 'sec-websocket-protocol': 'json, bearer.t0k3n' }))).to.deep.equal({
      token: 't0k3n',
      source: 'subprotocol',
      protocol: 'bearer.t0k3n',
    });
  });

  it('reads ?access_token=', () => {
    expect(bearerToken(...request('/ws?access_token=q1', {}))).to.deep.equal({ token: 'q1', source: 'query' });
  });

  it('finds none in a request without one', () => {
    expect(bearerToken(...request('/ws', {}))).to.equal(undefined);
    expect(bearerToken(...request('/ws?access_token=', { 'sec-websocket-protocol': 'bearer.' }))).to.equal(undefined);
  });
});
