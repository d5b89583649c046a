import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { expect } from 'chai';
import {
  apiCommand,
  channelData,
  command,
  connectCommand,
  headerText,
  lingerCommand,
  myeventsCommand,
  sendmsgCommand,
  type CommandReply,
  type DisconnectNotice,
  type EslMessage,
} from '@sapien/esl-protocol';
import { EslStandIn } from './index.ts';
import { RawClient } from './raw-client.ts';

/** What an outbound-mode listener sees: one message after another, named by kind. */
const kind = (message: EslMessage): string => {
  if (message.type === 'event') return String(headerText(message.event, 'Event-Name'));
  if (message.type === 'disconnect-notice') return message.linger ? 'linger-notice' : 'disconnect-notice';
  return message.type;
};

describe('the ESL stand-in, outbound mode (the socket application)', () => {
  let standIn: EslStandIn;
  let server: Server;
  let accepted: RawClient[];
  let port: number;

  /** The listener's side of the next call the stand-in dials. */
  const nextCall = async (): Promise<RawClient> => {
    while (accepted.length === 0) await once(server, 'connection');
    return accepted.shift()!;
  };

  beforeEach(async () => {
    standIn = await EslStandIn.start();
    accepted = [];
    server = createServer((socket) => accepted.push(new RawClient(socket)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    await standIn.close();
    server.close();
  });

  it('dials the listener, waits for connect, and answers with the channel data as URL-encoded headers', async () => {
    const call = standIn.dial(port, '127.0.0.1', { channelData: { 'Caller-Caller-ID-Name': 'Zoë Müller' } });
    const listener = await nextCall();
    const reply = await listener.command(connectCommand());
    expect(await call.connected).to.equal(true);
    expect(reply).to.deep.include({ ok: true, replyText: '+OK' });
    expect(reply.frame.body).to.equal(undefined);
    const data = channelData(reply);
    expect(data).to.include({
      'Event-Name': 'CHANNEL_DATA',
      'Core-UUID': standIn.coreUuid,
      'Unique-ID': call.uuid,
      'Channel-Name': call.channelName,
      'Caller-Caller-ID-Name': 'Zoë Müller',
      'Caller-Caller-ID-Number': '1000',
      variable_current_application: 'socket',
      Control: 'full',
      'Socket-Mode': 'async',
    });
    expect(reply.headers['Channel-Name']).to.equal(call.channelName.replace('@', '%40'));
    expect(reply.headers['Caller-Caller-ID-Name']).to.equal('Zo%C3%AB%20M%C3%BCller');
  });

  it('sends the call\'s own events after myevents, in the asked format, and no one else\'s', async () => {
    const call = standIn.dial(port, undefined, { uuid: 'call-1' });
    const listener = await nextCall();
    await listener.command(connectCommand());
    expect((await listener.command(myeventsCommand({ format: 'json' }))).replyText).to.equal('+OK Events Enabled');
    standIn.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER', 'Unique-ID': 'someone-else' } });
    call.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER' } });
    const [answer] = await listener.events(1);
    expect(answer!.format).to.equal('json');
    expect(answer!.event.headers).to.include({ 'Event-Name': 'CHANNEL_ANSWER', 'Unique-ID': 'call-1' });
  });

  it('on hang-up of a lingering socket: CHANNEL_HANGUP, the linger notice, CHANNEL_HANGUP_COMPLETE, goodbye, close', async () => {
    const call = standIn.dial(port);
    const listener = await nextCall();
    await listener.command(connectCommand());
    await listener.command(myeventsCommand());
    expect((await listener.command(lingerCommand())).replyText).to.equal('+OK will linger');
    await call.hangup();
    await listener.closed;
    const messages: EslMessage[] = [];
    while (listener.unread().length > 0) messages.push(await listener.take(() => true));
    expect(messages.map(kind)).to.deep.equal([
      'CHANNEL_HANGUP',
      'linger-notice',
      'CHANNEL_HANGUP_COMPLETE',
      'disconnect-notice',
    ]);
    const [hangup, linger, complete, goodbye] = messages as [EslMessage, DisconnectNotice, EslMessage, DisconnectNotice];
    expect(hangup.type === 'event' && hangup.event.headers).to.include({ 'Unique-ID': call.uuid, 'Hangup-Cause': 'NORMAL_CLEARING' });
    expect(linger.headers).to.include({
      'Controlled-Session-UUID': call.uuid,
      'Content-Disposition': 'linger',
      'Channel-Name': call.channelName,
      'Linger-Time': '-1',
    });
    expect(complete.type === 'event' && complete.event.headers).to.include({ variable_hangup_cause: 'NORMAL_CLEARING' });
    expect(goodbye.headers).to.include({ 'Controlled-Session-UUID': call.uuid, 'Content-Disposition': 'disconnect' });
    expect(goodbye.body).to.equal('Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n');
    await call.closed;
  });

  it('without linger, hangs up with the events and the disconnect notice only', async () => {
    const call = standIn.dial(port);
    const listener = await nextCall();
    await listener.command(connectCommand());
    await listener.command(myeventsCommand());
    expect((await listener.command(lingerCommand(30))).replyText).to.equal('+OK will linger 30 seconds');
    expect((await listener.command(command('nolinger'))).replyText).to.equal('+OK will not linger');
    await call.hangup('USER_BUSY');
    await listener.closed;
    const messages: EslMessage[] = [];
    while (listener.unread().length > 0) messages.push(await listener.take(() => true));
    expect(messages.map(kind)).to.deep.equal(['CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE', 'disconnect-notice']);
    const complete = messages[1]!;
    expect(complete.type === 'event' && complete.event.headers).to.include({ variable_hangup_cause_q850: '17' });
  });

  it('refuses api, bgapi, event and linger on a socket without full, as FreeSWITCH does', async () => {
    standIn.dial(port, undefined, { full: false });
    const listener = await nextCall();
    const reply = await listener.command(connectCommand());
    expect(channelData(reply)).to.include({ Control: 'single-channel' });
    for (const refused of [apiCommand('status'), 'bgapi status\n\n', 'event plain ALL\n\n', lingerCommand()]) {
      expect((await listener.command(refused)).replyText, refused).to.equal('-ERR command not found');
    }
    expect((await listener.command(myeventsCommand())).ok).to.equal(true);
    expect((await listener.command(sendmsgCommand({ headers: { 'call-command': 'execute', 'execute-app-name': 'answer' } }))).replyText).to.equal('+OK');
  });

  it('runs api on a full socket', async () => {
    standIn.dial(port);
    const listener = await nextCall();
    await listener.command(connectCommand());
    listener.send(apiCommand('status'));
    const response = await listener.take((m) => m.type === 'api-response');
    expect(response.type === 'api-response' && response.body).to.match(/^UP /);
  });

  it('reads channel variables with getvar', async () => {
    standIn.dial(port, undefined, { channelData: { variable_sip_from_user: '2002' } });
    const listener = await nextCall();
    await listener.command(connectCommand());
    expect((await listener.command(command('getvar sip_from_user'))).replyText).to.equal('2002');
  });

  it('hangs up when told to by sendmsg', async () => {
    const call = standIn.dial(port);
    const listener = await nextCall();
    await listener.command(connectCommand());
    await listener.command(myeventsCommand());
    const reply = (await listener.command(
      sendmsgCommand({ headers: { 'call-command': 'hangup', 'hangup-cause': 'CALL_REJECTED' } }),
    )) as CommandReply;
    expect(reply.replyText).to.equal('+OK');
    const [hangup] = await listener.events(1);
    expect(hangup!.event.headers['Hangup-Cause']).to.equal('CALL_REJECTED');
    await call.closed;
  });

  it('lets an inbound connection subscribed to ALL see the call\'s events too', async () => {
    const inbound = await RawClient.subscribed(standIn.port, 'plain', ['ALL']);
    const call = standIn.dial(port);
    const listener = await nextCall();
    await listener.command(connectCommand());
    call.emit({ headers: { 'Event-Name': 'DTMF', 'DTMF-Digit': '5' } });
    const [dtmf] = await inbound.events(1);
    expect(dtmf!.event.headers).to.include({ 'Unique-ID': call.uuid, 'DTMF-Digit': '5' });
    inbound.close();
  });

  it('hangs up on a listener that never sends connect', async () => {
    const call = standIn.dial(port, undefined, { connectTimeoutMs: 50 });
    const listener = await nextCall();
    await listener.take((m) => m.type === 'disconnect-notice');
    await listener.closed;
    await call.closed;
    expect(await call.connected).to.equal(false);
  });

  it('reports a listener it cannot reach', async () => {
    server.close();
    await once(server, 'close');
    const call = standIn.dial(port);
    await call.closed;
    expect(await call.connected).to.equal(false);
    expect(call.error).to.be.instanceOf(Error);
  });
});
