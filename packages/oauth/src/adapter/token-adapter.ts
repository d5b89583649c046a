import type { AppendDurability, EventStore } from '@sapien/event-store';
import { ExpectedRevisionConflict } from '@sapien/event-store';
import type { Actor, Clock } from '@sapien/kernel';
import { epochMicrosOf } from '@sapien/kernel';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { appendEvents, type WriteContext } from '../append.ts';
import { issuedEvent, type StoredPayload, type TokenEvent, type TokenModel } from '../events.ts';
import { sha256Hex } from '../hashing.ts';
import { tokenStreamId } from '../streams.ts';
import type { ClientDirectory } from './client-directory.ts';
import type { PrincipalCache } from '../principal-cache.ts';
import type { GrantLedger } from './grant-ledger.ts';
import { requestActor, requestCorrelationId } from './request-context.ts';
import { loadToken } from './token-store.ts';

const MAX_ATTEMPTS = 5;

export type TokenAdapterDependencies = Readonly<{
  eventStore: EventStore;
  clock: Clock;
  clients: ClientDirectory;
  grants: GrantLedger;
  /** This instance's cache of resolved principals, evicted by every revocation through it. */
  principals?: PrincipalCache;
}>;

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The payload without `jti`: the raw token value is never written, only its hash names the stream. */
const storedForm = (payload: AdapterPayload): StoredPayload => {
  const { jti: _jti, ...rest } = payload;
  return { ...rest };
};

/**
 * An access token's issue may return before its commit is flushed (`deferred`): a database crash
 * within a fraction of a second may forget it, and its client then gets `invalid_token` and asks
 * for another, as it does when one expires. A refresh token or a code is flushed first (losing one
 * would end a user's sign-in), and so is everything that takes rights away: consumption,
 * revocation, grant revocation.
 */
const durabilityOf = (model: TokenModel): AppendDurability => (model === 'AccessToken' || model === 'ClientCredentials' ? 'deferred' : 'flushed');

/** A token is issued to a user (authorization code flow) or to a client (client_credentials). */
const issuedTo = (payload: StoredPayload): Actor => {
  const accountId = stringOf(payload.accountId);
  if (accountId) return { kind: 'user', id: accountId };
  return { kind: 'client', id: stringOf(payload.clientId) ?? 'unknown' };
};

/**
 * The event-sourced adapter of one token model (AccessToken, ClientCredentials, RefreshToken,
 * AuthorizationCode). Every call that changes something appends an event to `oauthtoken-<sha256>`;
 * `find` reads the stream and the token's grant stream on every call.
 */
export class TokenAdapter implements Adapter {
  constructor(
    private readonly model: TokenModel,
    private readonly deps: TokenAdapterDependencies,
  ) {}

  private async context(clientId: string | undefined, actor: Actor): Promise<WriteContext> {
    return { orgId: await this.deps.clients.orgOf(clientId), actor, correlationId: requestCorrelationId() };
  }

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    const stored = storedForm(payload);
    const tokenHash = sha256Hex(id);
    const context = await this.context(stringOf(stored.clientId), issuedTo(stored));
    // `any`: oidc-provider may save a token again; the last payload wins and a revocation stays final.
    await appendEvents(this.deps.eventStore, this.deps.clock, tokenStreamId(tokenHash), [issuedEvent(this.model, tokenHash, stored)], context, 'any', durabilityOf(this.model));
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const { state } = await loadToken(this.deps.eventStore, id);
    if (state.status !== 'issued' || state.model !== this.model) return undefined;
    const grantId = stringOf(state.payload.grantId);
    if (grantId !== undefined && (await this.deps.grants.isRevoked(grantId))) return undefined;
    return { ...state.payload, jti: id, ...(state.consumedAt === undefined ? {} : { consumed: state.consumedAt }) } as AdapterPayload;
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  /**
   * Marks a code or refresh token used, once. oidc-provider checked it was unused a moment ago; if
   * another request consumed it since (two redemptions racing), this one is a reuse too: the grant
   * is revoked and the request fails, as a sequential reuse would.
   */
  async consume(id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { tokenHash, streamId, state, revision } = await loadToken(this.deps.eventStore, id);
      if (state.status !== 'issued') throw new errors.InvalidGrant('grant request is invalid');
      const grantId = stringOf(state.payload.grantId);
      if (state.consumedAt !== undefined) {
        if (grantId !== undefined) await this.revokeByGrantId(grantId);
        throw new errors.InvalidGrant(`${this.model === 'RefreshToken' ? 'refresh token' : 'authorization code'} already used`);
      }
      const consumedAt = Number(epochMicrosOf(this.deps.clock.now()) / 1_000_000n);
      const event: TokenEvent =
        this.model === 'RefreshToken'
          ? { type: 'RefreshTokenConsumed', data: { tokenHash, consumedAt } }
          : { type: 'AuthorizationCodeConsumed', data: { tokenHash, consumedAt } };
      try {
        const context = await this.context(stringOf(state.payload.clientId), requestActor());
        await appendEvents(this.deps.eventStore, this.deps.clock, streamId, [event], context, revision);
        return;
      } catch (error) {
        if (!(error instanceof ExpectedRevisionConflict) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Revokes one token (RFC 7009 revocation, or a reused refresh token); it leaves the principal cache once appended. */
  async destroy(id: string): Promise<void> {
    try {
      await this.appendRevocation(id);
    } finally {
      this.deps.principals?.forgetToken(sha256Hex(id));
    }
  }

  private async appendRevocation(id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { tokenHash, streamId, state, revision } = await loadToken(this.deps.eventStore, id);
      if (state.status !== 'issued') return;
      const event: TokenEvent = { type: 'TokenRevoked', data: { tokenHash, model: state.model } };
      try {
        const context = await this.context(stringOf(state.payload.clientId), requestActor());
        await appendEvents(this.deps.eventStore, this.deps.clock, streamId, [event], context, revision);
        return;
      } catch (error) {
        if (!(error instanceof ExpectedRevisionConflict) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Revokes the grant: every token under it reads as gone from then on (one event, no fan-out). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.deps.grants.revoke(grantId, (clientId) => this.context(clientId, requestActor()));
  }
}
