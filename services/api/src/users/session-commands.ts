import type { EventStore } from '@sapien/event-store';
import type { RevokeSession } from '@sapien/users';
import { sessionDecider, sessionStreamId } from '@sapien/users';
import { metadataFor, type CommandContext } from '../commands/command-context.ts';
import { handleCommand } from '../commands/handle-command.ts';

/** Revokes API sessions over `session-<sessionId>` (they are started by the OAuth login). */
export class SessionCommands {
  constructor(private readonly eventStore: EventStore) {}

  async revoke(orgId: number, sessionId: string, context: CommandContext): Promise<Readonly<{ position: number; changed: boolean }>> {
    const command: RevokeSession = { type: 'RevokeSession', data: { sessionId, orgId, reason: 'revoked' }, metadata: { now: context.now } };
    const result = await handleCommand(this.eventStore, sessionStreamId(sessionId), sessionDecider, command, metadataFor(context, orgId));
    return { position: result.position, changed: result.events.length > 0 };
  }
}
