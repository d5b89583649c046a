import type { Principal } from '@sapien/authorization';

/**
 * How long one instance reuses a resolved principal. A revocation through this instance evicts it
 * at once; other instances see the revocation within this — well inside the 1 s the product allows.
 */
export const PRINCIPAL_CACHE_MS = 500;

type Entry = Readonly<{ principal: Principal; grantId: string | undefined; until: number }>;

export type PrincipalCacheOptions = Readonly<{
  /** Default PRINCIPAL_CACHE_MS; 0 turns the cache off. */
  ttlMs?: number;
  /** Tokens remembered at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
  /** A monotonic clock in ms (the TTL is real time, whatever the domain clock says). Default performance.now. */
  now?: () => number;
}>;

/**
 * Live access tokens' principals by token hash, for a few hundred milliseconds: a request then
 * costs no event-store read. Only positive answers are kept (a token unknown now may be issued by
 * another instance a moment later). Revocations bump a counter: a resolution that read the store
 * before one and finishes after it is not kept, so an eviction cannot be undone by a slow reader.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private revocations = 0;

  constructor(options: PrincipalCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? PRINCIPAL_CACHE_MS;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** The principal kept for the token, unless its time here (never past the token's expiry) is up. */
  get(tokenHash: string): Principal | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.principal;
  }

  /** Taken before reading the store; `remember` keeps nothing if a revocation happened since. */
  mark(): number {
    return this.revocations;
  }

  /**
   * Keeps a principal just read from the store. `secondsLeft` is the token's remaining life at that
   * read (exp − now, by the domain clock): the entry ends with it if that comes before the TTL, so a
   * hit needs no clock but this one.
   */
  remember(tokenHash: string, principal: Principal, token: Readonly<{ grantId: string | undefined; secondsLeft: number }>, mark: number): void {
    if (mark !== this.revocations) return;
    const lifeMs = Math.min(this.ttlMs, token.secondsLeft * 1000);
    if (lifeMs <= 0) return;
    const now = this.now();
    // Entries go in with the same TTL, so the oldest are first: drop the expired, then the oldest.
    for (const [hash, entry] of this.entries) {
      if (entry.until > now && this.entries.size < this.maxEntries) break;
      this.entries.delete(hash);
    }
    this.entries.delete(tokenHash);
    // Shared by every request that reads it until it goes: frozen, so none can change it for the others.
    const shared = Object.freeze({ ...principal, scopes: Object.freeze([...principal.scopes]), roles: Object.freeze([...principal.roles]) });
    this.entries.set(tokenHash, { principal: shared, grantId: token.grantId, until: now + lifeMs });
  }

  /** A token was revoked through this instance. */
  forgetToken(tokenHash: string): void {
    this.revocations += 1;
    this.entries.delete(tokenHash);
  }

  /** A grant (a user's sign-in) was revoked through this instance: every token under it goes. */
  forgetGrant(grantId: string): void {
    this.revocations += 1;
    for (const [hash, entry] of this.entries) if (entry.grantId === grantId) this.entries.delete(hash);
  }
}
