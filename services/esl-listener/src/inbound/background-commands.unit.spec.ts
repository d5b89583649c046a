import { expect } from 'chai';
import { classifyFrame, FrameParser, type CommandReply } from '@sapien/esl-protocol';
import { EslCommandError } from '../hub/esl-command-error.ts';
import { commandRejection } from './command-rejection.ts';
import { BackgroundCommands } from './background-commands.ts';
import { CommandCorrelation } from './command-correlation.ts';
import { ManualTimers } from './manual-timers.ts';

const reply = (text: string, jobUuid?: string): CommandReply => {
  const headers = `Content-Type: command/reply\nReply-Text: ${text}\n${jobUuid === undefined ? '' : `Job-UUID: ${jobUuid}\n`}\n`;
  const message = classifyFrame(new FrameParser().push(Buffer.from(headers)).frames[0]!);
  if (message.type !== 'command-reply') throw new Error('not a reply');
  return message;
};

describe('api and bgapi on an event connection', () => {
  let timers: ManualTimers;
  let correlation: CommandCorrelation;
  let commands: BackgroundCommands;
  let written: string[];
  let ids: number;
  const write = (text: string): void => {
    written.push(text);
  };

  beforeEach(() => {
    timers = new ManualTimers();
    correlation = new CommandCorrelation();
    written = [];
    ids = 0;
    commands = new BackgroundCommands(correlation, timers, {
      node: 'fs1',
      commandTimeoutMs: 1000,
      jobTimeoutMs: 5000,
      newJobUuid: () => `job-${++ids}`,
    });
  });

  it('sends bgapi with a Job-UUID of its own and resolves it, then the result', async () => {
    const pending = commands.bgapi(write, 'status');
    expect(written).to.deep.equal(['bgapi status\nJob-UUID: job-1\n\n']);
    correlation.reply(reply('+OK Job-UUID: job-1', 'job-1'));
    const { jobUuid, result } = await pending;
    expect(jobUuid).to.equal('job-1');
    expect(correlation.job('job-1', 'UP 0 years\n')).to.equal(true);
    expect(await result).to.equal('UP 0 years\n');
    expect(timers.waiting).to.equal(0);
  });

  it('matches two bgapi by their Job-UUIDs when replies and results come out of order', async () => {
    const first = commands.bgapi(write, 'one');
    const second = commands.bgapi(write, 'two');
    correlation.reply(reply('+OK Job-UUID: job-2', 'job-2'));
    correlation.reply(reply('+OK Job-UUID: job-1', 'job-1'));
    const [a, b] = await Promise.all([first, second]);
    correlation.job('job-2', 'second');
    correlation.job('job-1', 'first');
    expect([a.jobUuid, await a.result, b.jobUuid, await b.result]).to.deep.equal(['job-1', 'first', 'job-2', 'second']);
  });

  it('sends api as bgapi and answers with the result', async () => {
    const output = commands.api(write, 'version');
    expect(written[0]).to.match(/^bgapi version\n/);
    correlation.reply(reply('+OK Job-UUID: job-1', 'job-1'));
    await Promise.resolve();
    correlation.job('job-1', 'FreeSWITCH Version 1.10\n');
    expect(await output).to.equal('FreeSWITCH Version 1.10\n');
  });

  it('rejects a command FreeSWITCH refuses with command_failed', async () => {
    const pending = commands.bgapi(write, 'nope');
    correlation.reply(reply('-ERR no such command'));
    const error = await commandRejection(pending);
    expect(error.code).to.equal('command_failed');
    expect(error.message).to.contain('-ERR no such command');
    expect(correlation.waitingJobs).to.equal(0);
  });

  it('rejects an api without a result in time with timeout, and forgets it', async () => {
    const output = commands.api(write, 'sleep 5000');
    correlation.reply(reply('+OK Job-UUID: job-1', 'job-1'));
    timers.advance(1000);
    const error = await commandRejection(output);
    expect(error.code).to.equal('timeout');
    expect(correlation.waitingJobs).to.equal(0);
    expect(timers.waiting).to.equal(0);
  });

  it('rejects a bgapi without a reply in time, and a late reply still lands on it', async () => {
    const pending = commands.bgapi(write, 'status');
    timers.advance(1000);
    expect((await commandRejection(pending)).code).to.equal('timeout');
    const next = commands.bgapi(write, 'status');
    correlation.reply(reply('+OK Job-UUID: job-1', 'job-1'));
    correlation.reply(reply('+OK Job-UUID: job-2', 'job-2'));
    expect((await next).jobUuid).to.equal('job-2');
  });

  it('gives up a bgapi result after the job time-out without an unhandled rejection', async () => {
    const pending = commands.bgapi(write, 'originate');
    correlation.reply(reply('+OK Job-UUID: job-1', 'job-1'));
    const { result } = await pending;
    timers.advance(5000);
    expect((await commandRejection(result)).code).to.equal('timeout');
  });

  it('rejects the commands waiting for a reply when the connection closes', async () => {
    const pending = commands.bgapi(write, 'status');
    correlation.failReplies(new EslCommandError('disconnected', 'gone'));
    expect((await commandRejection(pending)).code).to.equal('disconnected');
    expect(timers.waiting).to.equal(0);
  });

  it('refuses a command with a line break with bad_command, sending nothing', async () => {
    const error = await commandRejection(commands.bgapi(write, 'status\n\nexit'));
    expect(error.code).to.equal('bad_command');
    expect(written).to.deep.equal([]);
  });
});

describe('command/reply correlation', () => {
  it('hands replies to commands in the order sent', () => {
    const correlation = new CommandCorrelation();
    const seen: string[] = [];
    correlation.awaitReply({ onReply: (answer) => seen.push(`a ${answer.replyText}`), onFail: () => {} });
    correlation.awaitReply({ onReply: (answer) => seen.push(`b ${answer.replyText}`), onFail: () => {} });
    correlation.reply(reply('+OK one'));
    correlation.reply(reply('+OK two'));
    expect(seen).to.deep.equal(['a +OK one', 'b +OK two']);
    expect(correlation.reply(reply('+OK three'))).to.equal(false);
  });

  it('ignores a BACKGROUND_JOB of a job it did not send', () => {
    expect(new CommandCorrelation().job('someone-else', 'x')).to.equal(false);
  });
});
