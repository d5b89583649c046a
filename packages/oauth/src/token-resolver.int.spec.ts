import { expect } from 'chai';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { ClientDirectory } from './adapter/client-directory.ts';
import { GrantLedger } from './adapter/grant-ledger.ts';
import { TokenAdapter } from './adapter/token-adapter.ts';
import { createTokenResolver } from './token-resolver.ts';

describe('createTokenResolver (a service without the OAuth server)', () => {
  const clock = new SystemClock();
  let eventStore: EventStore;
  beforeEach(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
  });
  afterEach(async () => eventStore.close());

  it("answers a live token's principal, as the API would, and refuses anything else", async () => {
    const tokens = new TokenAdapter('ClientCredentials', { eventStore, clock, clients: new ClientDirectory(eventStore), grants: new GrantLedger(eventStore, clock) });
    await tokens.upsert('cc-1', { kind: 'ClientCredentials', clientId: 'ops', exp: Math.floor(Date.now() / 1000) + 600, scope: 'admin' });
    const resolve = createTokenResolver(eventStore, clock);
    expect(await resolve('cc-1')).to.deep.include({ kind: 'client', clientId: 'ops', orgId: undefined, scopes: ['admin'] });
    expect(await resolve('not-a-token')).to.equal(undefined);
    expect(await resolve('')).to.equal(undefined);
  });
});
