import { expect } from 'chai';
import { newEventId, newId, parseInstant } from '@sapien/kernel';
import type { NewEvent, RecordedEvent } from '@sapien/kernel';
import { ExpectedRevisionConflict } from '../errors.ts';
import type { EventStore, ExpectedRevision, StreamRevision, SubscribeToAllOptions, SubscriptionMessage } from '../port.ts';

/** What each part of the contract reads its fresh store from. */
export type ContractContext = Readonly<{ store: EventStore }>;

export const testEvent = (data: unknown = { n: 0 }, type = 'ContractTested', occurredAt = '2026-01-02T03:04:05.123456Z'): NewEvent => ({
  id: newEventId(),
  type,
  data,
  metadata: { orgId: 7, correlationId: newId(), causationId: newId(), actor: { kind: 'system', id: 'contract' } },
  occurredAt: parseInstant(occurredAt),
});

export const testEvents = (count: number): NewEvent[] => Array.from({ length: count }, (_, n) => testEvent({ n }));

export const idsOf = (events: readonly (NewEvent | RecordedEvent)[]): string[] => events.map((event) => event.id);

export const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  let outcome: { error: unknown } | undefined;
  try {
    await promise;
  } catch (error) {
    outcome = { error };
  }
  if (outcome === undefined) throw new Error('expected the promise to reject');
  return outcome.error;
};

export const expectConflict = async (
  promise: Promise<unknown>,
  streamId: string,
  expected: ExpectedRevision,
  actual: StreamRevision,
): Promise<void> => {
  const error = await rejectionOf(promise);
  expect(error).to.be.instanceOf(ExpectedRevisionConflict);
  const conflict = error as ExpectedRevisionConflict;
  expect(conflict.code).to.equal('expected-revision-conflict');
  expect({ streamId: conflict.streamId, expected: conflict.expected, actual: conflict.actual }).to.deep.equal({ streamId, expected, actual });
};

export const expectValidationError = async (promise: Promise<unknown>): Promise<void> => {
  const error = await rejectionOf(promise);
  expect(error).to.have.property('code', 'validation-failed');
};

/** Drives a subscription step by step, as a consumer would. */
export class SubscriptionProbe {
  private readonly controller = new AbortController();
  private readonly iterator: AsyncIterator<SubscriptionMessage>;

  constructor(store: EventStore, options: Omit<SubscribeToAllOptions, 'signal'> = {}) {
    this.iterator = store.subscribeToAll({ ...options, signal: this.controller.signal })[Symbol.asyncIterator]();
  }

  async next(): Promise<SubscriptionMessage> {
    const result = await this.iterator.next();
    if (result.done === true) throw new Error('the subscription ended');
    return result.value;
  }

  /** The raw next result, for checking that the subscription has ended. */
  nextResult(): Promise<IteratorResult<SubscriptionMessage>> {
    return this.iterator.next();
  }

  /** Events up to the next caughtUp mark, and that mark's position. */
  async untilCaughtUp(): Promise<{ events: RecordedEvent[]; position: number }> {
    const events: RecordedEvent[] = [];
    for (;;) {
      const message = await this.next();
      if (message.type === 'caughtUp') return { events, position: message.position };
      events.push(message.event);
    }
  }

  abort(): void {
    this.controller.abort();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.iterator.return?.();
  }
}
