import { EventEmitter } from 'node:events';
import type { EslEvent } from '@sapien/esl-protocol';
import type { EslCommand } from './command-reader.ts';
import type { SwitchContext } from './commands/command-call.ts';
import { runCommand } from './commands/route.ts';
import type { ConnectionOwner, ControlledSession, EslConnection } from './connection.ts';
import { CoreIdentity } from './core-identity.ts';
import { EslStandInError } from './errors.ts';
import type { OutgoingEvent } from './outgoing-event.ts';
import { backgroundJobEvent, defaultApi, type SwitchStats } from './system-events.ts';

/** Answers `api` and `bgapi` commands: the command line after `api `, e.g. `status` or `show channels`. */
export type ApiHandler = (command: string) => string | Promise<string>;

export type SwitchOptions = Readonly<{
  password: string;
  hostname: string;
  ipv4: string;
  coreUuid?: string;
  api?: ApiHandler;
  bgapiDelayMs: number;
}>;

/**
 * The simulated FreeSWITCH behind the sockets: its identity, its connections and what they
 * asked for, its channels, and event delivery to every subscribed connection.
 */
export class EslSwitch implements ConnectionOwner, SwitchContext {
  readonly identity: CoreIdentity;
  readonly password: string;
  readonly connections = new Set<EslConnection>();
  readonly received: string[] = [];
  readonly #options: SwitchOptions;
  readonly #changes = new EventEmitter();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #sessions = new Map<string, ControlledSession>();
  #sessionsSinceStartup = 0;
  #silent = false;

  constructor(options: SwitchOptions) {
    this.#options = options;
    this.password = options.password;
    this.identity = new CoreIdentity(options);
    this.#changes.setMaxListeners(0);
  }

  // --- connections -------------------------------------------------------------------------

  isSilent(): boolean {
    return this.#silent;
  }

  setSilent(silent: boolean): void {
    this.#silent = silent;
  }

  adopt(connection: EslConnection): void {
    this.connections.add(connection);
    this.#changed();
  }

  forget(connection: EslConnection): void {
    this.connections.delete(connection);
    this.#changed();
  }

  record(_connection: EslConnection, command: EslCommand): void {
    this.received.push(command.text);
    this.#changed();
  }

  handle(connection: EslConnection, command: EslCommand): Promise<void> {
    return runCommand(this, connection, command);
  }

  inboundCount(): number {
    let count = 0;
    for (const connection of this.connections) if (connection.kind === 'inbound') count++;
    return count;
  }

  /** Closes every connection at once; pending background jobs are dropped with them. */
  dropAll(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const connection of [...this.connections]) connection.destroy();
  }

  // --- channels ----------------------------------------------------------------------------

  addSession(session: ControlledSession): void {
    this.#sessions.set(session.uuid, session);
    this.#sessionsSinceStartup++;
  }

  removeSession(session: ControlledSession): void {
    this.#sessions.delete(session.uuid);
  }

  findSession(uuid: string): ControlledSession | undefined {
    return this.#sessions.get(uuid);
  }

  stats(): SwitchStats {
    return {
      uptimeMs: this.identity.uptimeMs,
      sessionCount: this.#sessions.size,
      sessionsSinceStartup: this.#sessionsSinceStartup,
    };
  }

  // --- api ---------------------------------------------------------------------------------

  async runApi(command: string): Promise<string> {
    try {
      const handler = this.#options.api;
      return handler === undefined ? defaultApi(command, this.stats()) : await handler(command);
    } catch (error) {
      return `-ERR ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  startBackgroundJob(connection: EslConnection, jobUuid: string, command: string): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.runApi(command).then((result) => {
        if (!connection.open) return;
        const event = backgroundJobEvent(jobUuid, command, result, connection.session?.uuid);
        this.deliver(this.identity.stamp(event), [connection]);
      });
    }, this.#options.bgapiDelayMs);
    this.#timers.add(timer);
  }

  // --- events ------------------------------------------------------------------------------

  emit(event: EslEvent): number {
    const outgoing = this.identity.stamp(event);
    this.deliver(outgoing);
    return outgoing.sequence;
  }

  /** Queues the event on every target that subscribed to it; writes at once unless `flush` is false. */
  deliver(outgoing: OutgoingEvent, targets: Iterable<EslConnection> = this.connections, flush = true): void {
    for (const connection of targets) {
      if (!connection.authed || !connection.subscription.wants(outgoing)) continue;
      connection.queue(outgoing.frame(connection.subscription.format));
      if (flush) connection.flush();
    }
  }

  // --- waiting -----------------------------------------------------------------------------

  /** Resolves once `condition` holds (checked now and after every command or connection change). */
  waitFor<T>(condition: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = condition();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = condition();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new EslStandInError('timeout', `timed out after ${timeoutMs} ms waiting for ${what}`, { timeoutMs }));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#changes.off('change', check);
      };
      this.#changes.on('change', check);
    });
  }

  #changed(): void {
    this.#changes.emit('change');
  }
}
