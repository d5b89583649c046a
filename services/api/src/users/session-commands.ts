import type { EventStore } from '@sapien/event-store';
import type { Actor } from '@sapien/kernel';
import type { RevokeSession } from '@sapien/users';
import { sessionDecider, sessionStreamId } from '@sapien/users';
import { metadataFor, type CommandContext } from '../commands/command-context.ts';
import { handleCommand } from '@sapien/event-store';
import { loadState } from '@sapien/event-store';

/** The OAuth server's revocation of a grant and every token under it (`OAuthServer.revokeGrant`). */
export type RevokeGrant = (grantId: string, context: Readonly<{ actor: Actor; correlationId: string }>) => Promise<void>;

/**
 * Revokes API sessions over `session-<sessionId>`. A session is started by the OAuth login and its
 * id is the login's grant id, so revoking it also revokes the grant: every access and refresh token
 * of that login stops working at once, on every instance.
 */
export class SessionCommands {
  constructor(
    private readonly eventStore: EventStore,
    private readonly revokeGrant?: RevokeGrant,
  ) {}

  async revoke(orgId: number, sessionId: string, context: CommandContext): Promise<Readonly<{ position: number; changed: boolean }>> {
    const command: RevokeSession = { type: 'RevokeSession', data: { sessionId, orgId, reason: 'revoked' }, metadata: { now: context.now } };
    const streamId = sessionStreamId(sessionId);
    if (this.revokeGrant) {
      // Decided first, so an unknown session or another org's is not found and no grant is touched.
      sessionDecider.decide(command, (await loadState(this.eventStore, streamId, sessionDecider)).state);
      // The tokens stop before the session is marked: should the append then fail, a retry appends
      // it (revoking again is a no-op), and the read model already shows the grant's revocation.
      await this.revokeGrant(sessionId, { actor: context.actor, correlationId: context.correlationId });
    }
    const result = await handleCommand(this.eventStore, streamId, sessionDecider, command, metadataFor(context, orgId));
    return { position: result.position, changed: result.events.length > 0 };
  }
}
