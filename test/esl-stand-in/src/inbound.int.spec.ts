import { expect } from 'chai';
import {
  apiCommand,
  authCommand,
  bgapiCommand,
  eventCommand,
  exitCommand,
  headerText,
  type ApiResponse,
  type DisconnectNotice,
  type EslMessage,
} from '@sapien/esl-protocol';
import { EslStandIn } from './index.ts';
import { RawClient, RawClients, eventually } from './raw-client.ts';

const isApiResponse = (m: EslMessage): boolean => m.type === 'api-response';
const isNotice = (m: EslMessage): boolean => m.type === 'disconnect-notice';

describe('the ESL stand-in, inbound mode', () => {
  let standIn: EslStandIn;
  const clients = new RawClients();
  const track = (client: Promise<RawClient>): Promise<RawClient> => clients.track(client);

  beforeEach(async () => {
    standIn = await EslStandIn.start({ bgapiDelayMs: 1 });
  });

  afterEach(async () => {
    clients.closeAll();
    await standIn.close();
  });

  describe('auth', () => {
    it('asks for auth on connect and accepts the right password', async () => {
      const client = await track(RawClient.connect(standIn.port));
      await client.take((m) => m.type === 'auth-request');
      const reply = await client.command(authCommand('ClueCon'));
      expect(reply).to.deep.include({ ok: true, replyText: '+OK accepted' });
      expect(standIn.received).to.deep.equal(['auth ClueCon']);
      expect(standIn.connectionCount()).to.equal(1);
    });

    it('refuses a wrong password with -ERR invalid, a disconnect notice, and a close', async () => {
      const client = await track(RawClient.connect(standIn.port));
      const reply = await client.command(authCommand('wrong'));
      expect(reply).to.deep.include({ ok: false, replyText: '-ERR invalid' });
      const notice = (await client.take(isNotice)) as DisconnectNotice;
      expect(notice.body).to.equal('Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n');
      await client.closed;
      await eventually(() => standIn.connectionCount() === 0);
    });

    it('answers any other command before auth with -ERR and stays open for auth', async () => {
      const client = await track(RawClient.connect(standIn.port));
      expect((await client.command(eventCommand('plain', ['ALL']))).replyText).to.equal('-ERR command not found');
      expect((await client.command(authCommand('ClueCon'))).ok).to.equal(true);
    });

    it('says goodbye on exit', async () => {
      const client = await track(RawClient.authed(standIn.port));
      expect((await client.command(exitCommand())).replyText).to.equal('+OK bye');
      await client.take(isNotice);
      await client.closed;
    });

    it('gives the url a listener is configured with', () => {
      expect(standIn.url()).to.equal(`esl://:ClueCon@127.0.0.1:${standIn.port}/fs1`);
      expect(standIn.url('edge-2')).to.equal(`esl://:ClueCon@127.0.0.1:${standIn.port}/edge-2`);
    });
  });

  describe('api', () => {
    it('answers status with the status text as an api/response counted in bytes', async () => {
      const client = await track(RawClient.authed(standIn.port));
      client.send(apiCommand('status'));
      const response = (await client.take(isApiResponse)) as ApiResponse;
      expect(response.body).to.match(/^UP 0 years, 0 days, .*\nFreeSWITCH \(Version 1\.10\.\d+.*\) is ready\n/);
      expect(Number(response.frame.headers.find(([name]) => name === 'Content-Length')?.[1])).to.equal(
        Buffer.byteLength(response.body),
      );
    });

    it('answers an unknown command as FreeSWITCH does', async () => {
      const client = await track(RawClient.authed(standIn.port));
      client.send(apiCommand('frobnicate now'));
      expect(((await client.take(isApiResponse)) as ApiResponse).body).to.equal('-ERR frobnicate Command not found!\n');
    });

    it('runs a given handler with the whole command and sends its text, multi-byte characters included', async () => {
      await standIn.close();
      standIn = await EslStandIn.start({ api: async (cmd) => `ran «${cmd}»\n` });
      const client = await track(RawClient.authed(standIn.port));
      client.send(apiCommand('show channels as json'));
      expect(((await client.take(isApiResponse)) as ApiResponse).body).to.equal('ran «show channels as json»\n');
    });

    it('holds events back on that connection until the api answers', async () => {
      await standIn.close();
      let answer: (text: string) => void = () => undefined;
      let started: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (started = resolve));
      standIn = await EslStandIn.start({
        api: () =>
          new Promise<string>((resolve) => {
            answer = resolve;
            started();
          }),
      });
      const client = await track(RawClient.subscribed(standIn.port, 'plain', ['HEARTBEAT']));
      client.send(apiCommand('slow'));
      await running;
      standIn.heartbeat();
      answer('+OK done\n');
      await client.take(isApiResponse);
      await client.events(1);
      const order = client.bytes().toString('latin1');
      expect(order.indexOf('api/response')).to.be.below(order.indexOf('text/event-plain'));
    });
  });

  describe('bgapi', () => {
    it('replies with a Job-UUID at once, then sends BACKGROUND_JOB with the result as its body', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'json', ['BACKGROUND_JOB']));
      const reply = await client.command(bgapiCommand('status'));
      expect(reply.replyText).to.match(/^\+OK Job-UUID: [0-9a-f-]{36}$/);
      const [job] = await client.events(1);
      expect(job!.format).to.equal('json');
      expect(job!.event.headers).to.include({ 'Event-Name': 'BACKGROUND_JOB', 'Job-UUID': reply.jobUuid, 'Job-Command': 'status' });
      expect(job!.event.body).to.match(/^UP /);
    });

    it('uses the Job-UUID the client chose, and passes the arguments on', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'plain', ['ALL']));
      const reply = await client.command(bgapiCommand('originate user/1000 &park()', 'job-1'));
      expect(reply).to.deep.include({ jobUuid: 'job-1', replyText: '+OK Job-UUID: job-1' });
      const [job] = await client.events(1);
      expect(job!.event.headers).to.include({ 'Job-UUID': 'job-1', 'Job-Command': 'originate', 'Job-Command-Arg': 'user/1000 &park()' });
      expect(job!.event.body).to.equal('-ERR originate Command not found!\n');
    });

    it('sends no BACKGROUND_JOB to a connection that did not subscribe to it', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'plain', ['HEARTBEAT']));
      await client.command(bgapiCommand('status'));
      await new Promise((resolve) => setTimeout(resolve, 30));
      standIn.heartbeat();
      const [event] = await client.events(1);
      expect(headerText(event!.event, 'Event-Name')).to.equal('HEARTBEAT');
    });
  });

  describe('heartbeat', () => {
    it('sends a realistic HEARTBEAT on demand', async () => {
      const client = await track(RawClient.subscribed(standIn.port, 'plain', ['HEARTBEAT']));
      const sequence = standIn.heartbeat();
      const [beat] = await client.events(1);
      expect(beat!.event.headers).to.include({
        'Event-Name': 'HEARTBEAT',
        'Event-Info': 'System Ready',
        'Core-UUID': standIn.coreUuid,
        'FreeSWITCH-Hostname': 'fs1',
        'Event-Sequence': String(sequence),
        'Session-Count': '0',
      });
      expect(beat!.event.headers['Up-Time']).to.match(/^0 years, 0 days, 0 hours, 0 minutes, \d+ seconds/);
    });

    it('sends one every heartbeatIntervalMs when asked to', async () => {
      await standIn.close();
      standIn = await EslStandIn.start({ heartbeatIntervalMs: 10 });
      const client = await track(RawClient.subscribed(standIn.port, 'json', ['HEARTBEAT']));
      const beats = await client.events(2);
      expect(Number(beats[1]!.event.headers['Event-Sequence'])).to.equal(Number(beats[0]!.event.headers['Event-Sequence']) + 1);
    });
  });

  describe('garbage from a client', () => {
    it('answers unparseable commands with -ERR, and keeps serving others', async () => {
      const bad = await track(RawClient.authed(standIn.port));
      const replies = async (count: number): Promise<string[]> => {
        const texts: string[] = [];
        for (let i = 0; i < count; i++) {
          const reply = await bad.take((m) => m.type === 'command-reply');
          if (reply.type === 'command-reply') texts.push(reply.replyText);
        }
        return texts;
      };
      bad.send(Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0x0a]));
      bad.send('hello: world\n: nothing\nContent-Length: -4\n\n');
      bad.send('{"json": true}\n\n');
      expect(await replies(3)).to.deep.equal(Array(3).fill('-ERR command not found'));
      // 100 KiB without a blank line: FreeSWITCH runs its buffer's worth as a command, then the rest.
      bad.send(Buffer.alloc(100 * 1024, 0x7a));
      bad.send('\n\n');
      expect(await replies(2)).to.deep.equal(Array(2).fill('-ERR command not found'));

      const good = await track(RawClient.subscribed(standIn.port, 'plain', ['HEARTBEAT']));
      standIn.heartbeat();
      expect(await good.events(1)).to.have.length(1);
      bad.send(apiCommand('status'));
      expect((await bad.take(isApiResponse)).type).to.equal('api-response');
    });

    it('forgets a client that disconnects', async () => {
      const client = await track(RawClient.authed(standIn.port));
      expect(standIn.connectionCount()).to.equal(1);
      client.close();
      await eventually(() => standIn.connectionCount() === 0);
      expect(standIn.emit({ headers: { 'Event-Name': 'HEARTBEAT' } })).to.be.a('number');
    });
  });
});
