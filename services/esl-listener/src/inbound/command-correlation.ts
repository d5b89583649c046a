import type { CommandReply } from '@sapien/esl-protocol';
import type { EslCommandError } from '../hub/esl-command-error.ts';

export type ReplyWaiter = Readonly<{
  /** The Job-UUID a bgapi was sent with: its reply is matched by it. */
  jobUuid?: string;
  onReply(reply: CommandReply): void;
  onFail(error: EslCommandError): void;
}>;

export type JobWaiter = Readonly<{ onResult(body: string): void; onFail(error: EslCommandError): void }>;

/**
 * Matches what FreeSWITCH answers to what was sent: a command/reply to its command (in the order
 * sent, a bgapi by the Job-UUID it was sent with), a BACKGROUND_JOB event to its bgapi.
 */
export class CommandCorrelation {
  private replies: ReplyWaiter[] = [];
  private readonly jobs = new Map<string, JobWaiter>();

  get waitingReplies(): number {
    return this.replies.length;
  }

  get waitingJobs(): number {
    return this.jobs.size;
  }

  /** Call as the command is written: replies come in command order. */
  awaitReply(waiter: ReplyWaiter): void {
    this.replies.push(waiter);
  }

  /** Hands a reply to its command; false when no command was waiting for one. */
  reply(reply: CommandReply): boolean {
    const byJob = reply.jobUuid === undefined ? -1 : this.replies.findIndex((waiter) => waiter.jobUuid === reply.jobUuid);
    const waiter = byJob === -1 ? this.replies.shift() : this.replies.splice(byJob, 1)[0];
    if (waiter === undefined) return false;
    waiter.onReply(reply);
    return true;
  }

  awaitJob(jobUuid: string, waiter: JobWaiter): void {
    this.jobs.set(jobUuid, waiter);
  }

  /** A BACKGROUND_JOB result; false when no bgapi of ours waits for it (another client's job). */
  job(jobUuid: string, body: string): boolean {
    const waiter = this.jobs.get(jobUuid);
    if (waiter === undefined) return false;
    this.jobs.delete(jobUuid);
    waiter.onResult(body);
    return true;
  }

  failJob(jobUuid: string, error: EslCommandError): void {
    const waiter = this.jobs.get(jobUuid);
    this.jobs.delete(jobUuid);
    waiter?.onFail(error);
  }

  /** The connection is gone: no reply will come. Jobs may still finish, seen on the next connection. */
  failReplies(error: EslCommandError): void {
    const waiting = this.replies;
    this.replies = [];
    for (const waiter of waiting) waiter.onFail(error);
  }

  failJobs(error: EslCommandError): void {
    const waiting = [...this.jobs.values()];
    this.jobs.clear();
    for (const waiter of waiting) waiter.onFail(error);
  }
}
