import { epochMicrosOf, type Clock } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { inject, injectable } from 'inversify';
import type { ApiSettings } from '../dependencies.ts';
import { TOKENS } from '../tokens.ts';
import { IDEMPOTENCY_TABLE } from './table.ts';

/** A remembered answer: replayed byte for byte with its headers. */
export type StoredResponse = Readonly<{ statusCode: number; headers: Readonly<Record<string, string>>; body: string }>;

export type Claim =
  | Readonly<{ kind: 'claimed' }>
  | Readonly<{ kind: 'replay'; response: StoredResponse }>
  | Readonly<{ kind: 'in-flight' }>
  | Readonly<{ kind: 'mismatch' }>;

export type KeyRef = Readonly<{ principal: string; key: string }>;

type Row = Readonly<{
  fingerprint: string;
  state: string;
  claimed_at_us: number | string;
  status_code: number | null;
  headers: string | null;
  body: string | null;
}>;

const parseHeaders = (text: string | null): Record<string, string> => {
  const parsed: unknown = JSON.parse(text ?? '{}');
  const headers: Record<string, string> = {};
  if (typeof parsed === 'object' && parsed !== null) {
    for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') headers[name] = value;
  }
  return headers;
};

/**
 * Idempotency keys: the first request with a key claims it (an insert that only one writer wins),
 * its answer is stored on completion, and later requests with the same key get that answer.
 */
@injectable()
export class IdempotencyStore {
  constructor(
    @inject(TOKENS.ReadModels) private readonly readModels: ReadModelStore,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Settings) private readonly settings: ApiSettings,
  ) {}

  private table() {
    return this.readModels.db(IDEMPOTENCY_TABLE);
  }

  private where({ principal, key }: KeyRef) {
    return this.table().where({ principal, idempotency_key: key });
  }

  async claim(ref: KeyRef, fingerprint: string, attempts = 3): Promise<Claim> {
    const now = Number(epochMicrosOf(this.clock.now()));
    const inserted: unknown[] = await this.table()
      .insert({ principal: ref.principal, idempotency_key: ref.key, fingerprint, state: 'pending', claimed_at_us: now })
      .onConflict(['principal', 'idempotency_key'])
      .ignore()
      .returning('idempotency_key');
    if (inserted.length > 0) return { kind: 'claimed' };
    const row: Row | undefined = await this.where(ref).first();
    // Released (after a server error) between the insert and this read: claim it afresh.
    if (!row) return attempts > 1 ? this.claim(ref, fingerprint, attempts - 1) : { kind: 'in-flight' };
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.state === 'done') {
      return { kind: 'replay', response: { statusCode: row.status_code ?? 200, headers: parseHeaders(row.headers), body: row.body ?? '' } };
    }
    const claimedAt = Number(row.claimed_at_us);
    // A claim older than the lease belongs to a request that died; the compare-and-set lets one retry take it.
    if (now - claimedAt > this.settings.idempotencyLeaseMs * 1000) {
      const taken = await this.where(ref).andWhere({ state: 'pending', claimed_at_us: claimedAt }).update({ claimed_at_us: now });
      if (taken === 1) return { kind: 'claimed' };
    }
    return { kind: 'in-flight' };
  }

  async complete(ref: KeyRef, response: StoredResponse): Promise<void> {
    await this.where(ref).update({
      state: 'done',
      status_code: response.statusCode,
      headers: JSON.stringify(response.headers),
      body: response.body,
    });
  }

  /** Forgets an unfinished claim so that a retry runs the request again (after a server error). */
  async release(ref: KeyRef): Promise<void> {
    await this.where(ref).andWhere({ state: 'pending' }).delete();
  }
}
