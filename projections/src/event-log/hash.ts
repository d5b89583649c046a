import { createHash } from 'node:crypto';
import { canonicalJson } from '../support/canonical-json.ts';

/** The fields of an EventLog row that its hash covers (everything but the auto id and the hash). */
export type ChainedFields = Readonly<{
  eventId: string;
  orgId: number;
  eventType: string;
  streamId: string;
  position: number;
  occurredAt: string;
  actor: string;
  payload: string;
  prevHash: string | null;
}>;

/** sha256 (hex) of the previous hash followed by the canonical JSON of the row's fields. */
export const eventLogHash = (fields: ChainedFields): string =>
  createHash('sha256')
    .update((fields.prevHash ?? '') + canonicalJson(fields))
    .digest('hex');
