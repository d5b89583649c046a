import { expect } from 'chai';
import {
  apiCommand,
  authCommand,
  bgapiCommand,
  command,
  connectCommand,
  eventCommand,
  exitCommand,
  filterCommand,
  filterDeleteCommand,
  lingerCommand,
  logCommand,
  myeventsCommand,
  nixeventCommand,
  noeventsCommand,
  nolingerCommand,
  nologCommand,
  sendmsgCommand,
} from './commands.ts';
import { EslProtocolError } from './errors.ts';

const refusal = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof EslProtocolError) return error.code;
    throw error;
  }
  return undefined;
};

describe('commands', () => {
  it('writes auth <password>', () => {
    expect(authCommand('ClueCon')).to.equal('auth ClueCon\n\n');
  });

  it('writes event json|plain with event names, CUSTOM subclasses included', () => {
    expect(eventCommand('json', ['ALL'])).to.equal('event json ALL\n\n');
    expect(eventCommand('plain', ['CHANNEL_ANSWER', 'CUSTOM', 'sofia::register'])).to.equal(
      'event plain CHANNEL_ANSWER CUSTOM sofia::register\n\n',
    );
    expect(eventCommand('json', ['CUSTOM sofia::register'])).to.equal('event json CUSTOM sofia::register\n\n');
  });

  it('writes nixevent and noevents', () => {
    expect(nixeventCommand(['HEARTBEAT', 'RE_SCHEDULE'])).to.equal('nixevent HEARTBEAT RE_SCHEDULE\n\n');
    expect(noeventsCommand()).to.equal('noevents\n\n');
  });

  it('writes filter and filter delete', () => {
    expect(filterCommand('Event-Name', 'CHANNEL_ANSWER')).to.equal('filter Event-Name CHANNEL_ANSWER\n\n');
    expect(filterCommand('variable_x', 'a b')).to.equal('filter variable_x a b\n\n');
    expect(filterDeleteCommand('Event-Name', 'CHANNEL_ANSWER')).to.equal('filter delete Event-Name CHANNEL_ANSWER\n\n');
    expect(filterDeleteCommand('all')).to.equal('filter delete all\n\n');
  });

  it('writes api and bgapi, with an optional Job-UUID', () => {
    expect(apiCommand('status')).to.equal('api status\n\n');
    expect(apiCommand('show channels as json')).to.equal('api show channels as json\n\n');
    expect(bgapiCommand('status')).to.equal('bgapi status\n\n');
    expect(bgapiCommand('originate user/1000 &park()', '7f4d')).to.equal('bgapi originate user/1000 &park()\nJob-UUID: 7f4d\n\n');
  });

  it('writes sendmsg with headers, and a body with its byte length', () => {
    expect(
      sendmsgCommand({
        uuid: '7f4d',
        headers: { 'call-command': 'execute', 'execute-app-name': 'playback', 'execute-app-arg': '/tmp/a.wav', 'event-lock': 'true' },
      }),
    ).to.equal('sendmsg 7f4d\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: /tmp/a.wav\nevent-lock: true\n\n');
    expect(sendmsgCommand({ headers: { 'call-command': 'execute', 'execute-app-name': 'speak', 'content-type': 'text/plain' }, body: 'héllo\nworld' })).to.equal(
      'sendmsg\ncall-command: execute\nexecute-app-name: speak\ncontent-type: text/plain\nContent-Length: 12\n\nhéllo\nworld',
    );
  });

  it('writes myevents, linger, nolinger, connect, exit, log and nolog', () => {
    expect(myeventsCommand()).to.equal('myevents\n\n');
    expect(myeventsCommand({ format: 'json' })).to.equal('myevents json\n\n');
    expect(myeventsCommand({ format: 'plain', uuid: '7f4d' })).to.equal('myevents plain 7f4d\n\n');
    expect(lingerCommand()).to.equal('linger\n\n');
    expect(lingerCommand(600)).to.equal('linger 600\n\n');
    expect(nolingerCommand()).to.equal('nolinger\n\n');
    expect(connectCommand()).to.equal('connect\n\n');
    expect(exitCommand()).to.equal('exit\n\n');
    expect(logCommand(7)).to.equal('log 7\n\n');
    expect(logCommand('debug')).to.equal('log debug\n\n');
    expect(nologCommand()).to.equal('nolog\n\n');
  });

  describe('injection', () => {
    const attempts: Array<[string, () => unknown]> = [
      ['auth', () => authCommand('x\n\nevent plain ALL')],
      ['api', () => apiCommand('status\nbgapi shutdown')],
      ['bgapi', () => bgapiCommand('status\r\nexit')],
      ['a Job-UUID', () => bgapiCommand('status', 'a\nb')],
      ['an event name', () => eventCommand('plain', ['ALL\n\nexit'])],
      ['a filter value', () => filterCommand('Event-Name', 'X\rY')],
      ['a sendmsg header value', () => sendmsgCommand({ headers: { 'execute-app-arg': 'a\ncall-command: hangup' } })],
      ['a sendmsg header name', () => sendmsgCommand({ headers: { 'a\nb': 'c' } })],
      ['a channel uuid', () => myeventsCommand({ uuid: 'x\n' })],
    ];
    for (const [what, run] of attempts) {
      it(`refuses a line break in ${what}`, () => {
        expect(refusal(run)).to.equal('newline_in_argument');
      });
    }

    it('keeps line breaks in a sendmsg body, which its length frames', () => {
      expect(refusal(() => sendmsgCommand({ headers: {}, body: 'a\n\nb' }))).to.equal(undefined);
    });
  });

  describe('invalid arguments', () => {
    it('refuses an empty command or argument', () => {
      expect(refusal(() => command(''))).to.equal('empty_command');
      expect(refusal(() => command('  '))).to.equal('empty_command');
      expect(refusal(() => apiCommand(''))).to.equal('empty_command');
      expect(refusal(() => authCommand(''))).to.equal('empty_command');
      expect(refusal(() => eventCommand('json', []))).to.equal('empty_command');
      expect(refusal(() => eventCommand('json', ['ALL', '']))).to.equal('empty_command');
    });

    it('refuses a filter header with spaces, a header name with a colon, bad linger or log levels', () => {
      expect(refusal(() => filterCommand('Event Name', 'x'))).to.equal('bad_argument');
      expect(refusal(() => sendmsgCommand({ headers: { 'a:b': 'c' } }))).to.equal('bad_argument');
      expect(refusal(() => lingerCommand(0))).to.equal('bad_argument');
      expect(refusal(() => lingerCommand(1.5))).to.equal('bad_argument');
      expect(refusal(() => logCommand(8))).to.equal('bad_argument');
      expect(refusal(() => logCommand('de bug'))).to.equal('bad_argument');
    });
  });
});
