import { expect } from 'chai';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { appendEvents } from './append.ts';
import { ClientDirectory } from './adapter/client-directory.ts';
import { GrantLedger } from './adapter/grant-ledger.ts';
import { TokenAdapter } from './adapter/token-adapter.ts';
import { sha256Hex } from './hashing.ts';
import { resolvePrincipal } from './principal.ts';
import { PrincipalCache } from './principal-cache.ts';
import { tokenStreamId } from './streams.ts';

describe('resolvePrincipal with the principal cache', () => {
  const clock = new SystemClock();
  const system = { orgId: 7, actor: { kind: 'system', id: 'test' }, correlationId: 'c' } as const;
  const exp = Math.floor(Date.now() / 1000) + 600;
  let eventStore: EventStore;
  let grants: GrantLedger;
  let tokens: TokenAdapter;
  let ms: number;
  let resolve: (token: string) => ReturnType<typeof resolvePrincipal>;

  beforeEach(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
    ms = 0;
    const cache = new PrincipalCache({ now: () => ms });
    grants = new GrantLedger(eventStore, clock, cache);
    tokens = new TokenAdapter('AccessToken', { eventStore, clock, clients: new ClientDirectory(eventStore), grants, principals: cache });
    resolve = (token) => resolvePrincipal({ eventStore, grants, clock, cache }, token);
    await grants.record('g-1', 'web', { accountId: 'u-1', clientId: 'web' }, system);
  });
  afterEach(async () => eventStore.close());

  const issue = (token: string, grantId?: string) =>
    tokens.upsert(token, {
      kind: 'AccessToken',
      clientId: 'web',
      exp,
      scope: 'orgs:read',
      extra: { org_id: 7, roles: ['member'] },
      ...(grantId === undefined ? {} : { accountId: 'u-1', grantId }),
    });
  /** A revocation as another instance appends it: straight to the store, past this instance's cache. */
  const revokeElsewhere = (token: string) =>
    appendEvents(eventStore, clock, tokenStreamId(sha256Hex(token)), [{ type: 'TokenRevoked', data: { tokenHash: sha256Hex(token), model: 'AccessToken' } }], system, 'any');

  it('answers a token issued after it was refused: a miss is never kept', async () => {
    expect(await resolve('at-late')).to.equal(undefined);
    await issue('at-late');
    expect(await resolve('at-late')).to.deep.include({ clientId: 'web', orgId: 7, scopes: ['orgs:read'] });
  });

  it('refuses a token revoked through this instance at once', async () => {
    await issue('at-1');
    expect(await resolve('at-1')).to.not.equal(undefined);
    await tokens.destroy('at-1');
    expect(await resolve('at-1')).to.equal(undefined);
  });

  it('refuses every token of a grant revoked through this instance at once', async () => {
    await issue('at-2', 'g-1');
    expect(await resolve('at-2')).to.deep.include({ userId: 'u-1', sessionId: 'g-1' });
    await grants.revoke('g-1', async () => system);
    expect(await resolve('at-2')).to.equal(undefined);
  });

  it('sees a revocation made elsewhere once its 500 ms have passed, never later', async () => {
    await issue('at-3');
    expect(await resolve('at-3')).to.not.equal(undefined);
    await revokeElsewhere('at-3');
    ms = 499;
    expect(await resolve('at-3'), 'still within the cache time').to.not.equal(undefined);
    ms = 500;
    expect(await resolve('at-3')).to.equal(undefined);
  });
});
