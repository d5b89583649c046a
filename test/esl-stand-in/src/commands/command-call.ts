import type { EslEvent } from '@sapien/esl-protocol';
import type { EslCommand } from '../command-reader.ts';
import type { ControlledSession, EslConnection } from '../connection.ts';
import type { CoreIdentity } from '../core-identity.ts';

/** What commands reach of the simulated FreeSWITCH. */
export interface SwitchContext {
  readonly password: string;
  readonly identity: CoreIdentity;
  /** The api handler's text for `api`/`bgapi` (never rejects: a failure becomes `-ERR` text). */
  runApi(command: string): Promise<string>;
  /** Sends BACKGROUND_JOB to `connection` once the job has run, after the configured delay. */
  startBackgroundJob(connection: EslConnection, jobUuid: string, command: string): void;
  emit(event: EslEvent): number;
  findSession(uuid: string): ControlledSession | undefined;
}

/** One command being run: where it came from, and its line split as FreeSWITCH splits it. */
export class CommandCall {
  readonly lower: string;

  constructor(
    readonly context: SwitchContext,
    readonly connection: EslConnection,
    readonly command: EslCommand,
  ) {
    this.lower = command.line.toLowerCase();
  }

  get line(): string {
    return this.command.line;
  }

  /** strncasecmp(cmd, prefix, len): FreeSWITCH matches commands by prefix, ignoring case. */
  is(prefix: string): boolean {
    return this.lower.startsWith(prefix);
  }

  /** The text after the first space ('' without one). */
  get argument(): string {
    const space = this.line.indexOf(' ');
    return space === -1 ? '' : this.line.slice(space + 1);
  }

  /** The space-separated words after the command word, empty words dropped. */
  get words(): string[] {
    return this.argument.split(' ').filter((word) => word !== '');
  }
}

/** A reply text to send as `command/reply` ('' becomes `-ERR command not found`), or nothing when the handler wrote its own. */
export type Outcome = string | undefined;
