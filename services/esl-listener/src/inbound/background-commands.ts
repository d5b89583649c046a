import { bgapiCommand, EslProtocolError } from '@sapien/esl-protocol';
import { EslCommandError } from '../hub/esl-command-error.ts';
import type { CommandCorrelation } from './command-correlation.ts';
import type { Timers } from './timers.ts';

export type BgapiResult = Readonly<{ jobUuid: string; result: Promise<string> }>;

export type BackgroundCommandOptions = Readonly<{
  node: string;
  /** How long an `api` may take, and a `bgapi` may wait for its command/reply. */
  commandTimeoutMs: number;
  /** How long a `bgapi` result is waited for before it is given up. */
  jobTimeoutMs: number;
  newJobUuid: () => string;
}>;

/**
 * `api` and `bgapi` on an event connection. Both go out as `bgapi`: an `api` would hold back
 * every event on the connection until it returns. Each carries a Job-UUID of ours, so its
 * BACKGROUND_JOB result is matched whatever order replies and events arrive in.
 */
export class BackgroundCommands {
  constructor(
    private readonly correlation: CommandCorrelation,
    private readonly timers: Timers,
    private readonly options: BackgroundCommandOptions,
  ) {}

  /** The Job-UUID once FreeSWITCH accepted the command, the BACKGROUND_JOB body later. */
  bgapi(write: (text: string) => void, cmd: string): Promise<BgapiResult> {
    return this.send(write, cmd, this.options.jobTimeoutMs);
  }

  /** The command's output, within `commandTimeoutMs`. */
  async api(write: (text: string) => void, cmd: string): Promise<string> {
    const { result } = await this.send(write, cmd, this.options.commandTimeoutMs);
    return result;
  }

  private send(write: (text: string) => void, cmd: string, jobTimeoutMs: number): Promise<BgapiResult> {
    const { node, commandTimeoutMs } = this.options;
    const jobUuid = this.options.newJobUuid();
    let text: string;
    try {
      text = bgapiCommand(cmd, jobUuid);
    } catch (error) {
      const message = error instanceof EslProtocolError ? error.message : String(error);
      return Promise.reject(new EslCommandError('bad_command', `cannot send "${cmd}": ${message}`, { node }));
    }
    const result = this.awaitResult(jobUuid, cmd, jobTimeoutMs);
    return new Promise<BgapiResult>((resolve, reject) => {
      let settled = false;
      const fail = (error: EslCommandError): void => {
        if (settled) return;
        settled = true;
        cancelTimeout();
        this.correlation.failJob(jobUuid, error);
        reject(error);
      };
      const cancelTimeout = this.timers.schedule(commandTimeoutMs, () =>
        fail(new EslCommandError('timeout', `no reply to "${cmd}" from ${node} within ${commandTimeoutMs} ms`, { node, jobUuid })),
      );
      this.correlation.awaitReply({
        jobUuid,
        onReply: (reply) => {
          if (!reply.ok) {
            fail(new EslCommandError('command_failed', `${node} refused "${cmd}": ${reply.replyText}`, { node, replyText: reply.replyText }));
            return;
          }
          if (settled) return;
          settled = true;
          cancelTimeout();
          resolve({ jobUuid, result });
        },
        onFail: fail,
      });
      write(text);
    });
  }

  private awaitResult(jobUuid: string, cmd: string, timeoutMs: number): Promise<string> {
    const { node } = this.options;
    const result = new Promise<string>((resolve, reject) => {
      const cancelTimeout = this.timers.schedule(timeoutMs, () =>
        this.correlation.failJob(
          jobUuid,
          new EslCommandError('timeout', `no result of "${cmd}" from ${node} within ${timeoutMs} ms`, { node, jobUuid }),
        ),
      );
      this.correlation.awaitJob(jobUuid, {
        onResult: (body) => {
          cancelTimeout();
          resolve(body);
        },
        onFail: (error) => {
          cancelTimeout();
          reject(error);
        },
      });
    });
    // A caller that wanted only the Job-UUID never reads the result: its failure must not crash the process.
    result.catch(() => {});
    return result;
  }
}
