import type { EventStore, StreamRevision } from '@sapien/event-store';
import { ExpectedRevisionConflict } from '@sapien/event-store';
import type { Clock } from '@sapien/kernel';
import { appendEvents, type WriteContext } from '../append.ts';
import type { GrantEvent, StoredPayload } from '../events.ts';
import type { PrincipalCache } from '../principal-cache.ts';
import { grantStreamId } from '../streams.ts';
import { foldGrant, type GrantState } from '../token-state.ts';

const MAX_ATTEMPTS = 5;

/** Grants in their streams: recorded by the login interaction, revoked with every token under them. */
export class GrantLedger {
  constructor(
    private readonly eventStore: EventStore,
    private readonly clock: Clock,
    /** This instance's cache of resolved principals, evicted by every revocation through it. */
    private readonly principals?: PrincipalCache,
  ) {}

  async read(grantId: string): Promise<Readonly<{ state: GrantState; revision: StreamRevision }>> {
    const recorded = await this.eventStore.readStream(grantStreamId(grantId));
    return { state: foldGrant(recorded), revision: recorded.at(-1)?.revision ?? 'no_stream' };
  }

  async isRevoked(grantId: string): Promise<boolean> {
    return (await this.read(grantId)).state.status === 'revoked';
  }

  /** Records (or updates) a grant; a revoked grant stays revoked. */
  async record(grantId: string, clientId: string, payload: StoredPayload, context: WriteContext): Promise<void> {
    const event: GrantEvent = { type: 'GrantRecorded', data: { grantId, clientId, payload } };
    await appendEvents(this.eventStore, this.clock, grantStreamId(grantId), [event], context, 'any');
  }

  /**
   * Revokes a grant once. oidc-provider calls this for every token model at the same time; the
   * append expects the revision it read, so concurrent callers see the first revocation and stop.
   * The grant's tokens leave this instance's principal cache once the append has returned (or failed).
   */
  async revoke(grantId: string, context: (clientId: string | undefined) => Promise<WriteContext>): Promise<void> {
    try {
      await this.appendRevocation(grantId, context);
    } finally {
      this.principals?.forgetGrant(grantId);
    }
  }

  private async appendRevocation(grantId: string, context: (clientId: string | undefined) => Promise<WriteContext>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.read(grantId);
      if (state.status === 'revoked') return;
      const clientId = state.status === 'recorded' ? state.clientId : undefined;
      const event: GrantEvent = { type: 'GrantRevoked', data: { grantId, ...(clientId === undefined ? {} : { clientId }) } };
      try {
        await appendEvents(this.eventStore, this.clock, grantStreamId(grantId), [event], await context(clientId), revision);
        return;
      } catch (error) {
        if (!(error instanceof ExpectedRevisionConflict) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
