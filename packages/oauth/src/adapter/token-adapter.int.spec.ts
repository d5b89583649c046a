import { expect } from 'chai';
import type { AppendOptions, EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { errors } from 'oidc-provider';
import { sha256Hex } from '../hashing.ts';
import { ClientDirectory } from './client-directory.ts';
import { GrantLedger } from './grant-ledger.ts';
import { TokenAdapter } from './token-adapter.ts';

describe('TokenAdapter (event store)', () => {
  let eventStore: EventStore;
  let grants: GrantLedger;
  let adapter: (model: 'RefreshToken' | 'AccessToken') => TokenAdapter;
  const system = { orgId: undefined, actor: { kind: 'system', id: 'test' }, correlationId: 'c' } as const;
  const exp = Math.floor(Date.now() / 1000) + 600;

  beforeEach(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
    const clock = new SystemClock();
    grants = new GrantLedger(eventStore, clock);
    const clients = new ClientDirectory(eventStore);
    adapter = (model) => new TokenAdapter(model, { eventStore, clock, clients, grants });
    await grants.record('g-1', 'client-1', { accountId: 'u-1', clientId: 'client-1' }, system);
  });
  afterEach(async () => eventStore.close());

  it('lets an access token’s issue return before its commit is flushed, and nothing else', async () => {
    const durabilities: [string, unknown][] = [];
    const recording: EventStore = Object.create(eventStore, {
      appendToStream: {
        value: (streamId: string, events: Parameters<EventStore['appendToStream']>[1], options?: AppendOptions) => {
          durabilities.push([events[0]?.type ?? '', options?.durability]);
          return eventStore.appendToStream(streamId, events, options);
        },
      },
    }) as EventStore;
    const clock = new SystemClock();
    const deps = { eventStore: recording, clock, clients: new ClientDirectory(eventStore), grants };
    const payload = (kind: string) => ({ kind, clientId: 'client-1', grantId: 'g-1', exp });
    for (const model of ['ClientCredentials', 'AccessToken', 'RefreshToken', 'AuthorizationCode'] as const) {
      await new TokenAdapter(model, deps).upsert(`value-of-${model}`, payload(model));
    }
    await new TokenAdapter('AccessToken', deps).destroy('value-of-AccessToken');
    await new TokenAdapter('RefreshToken', deps).consume('value-of-RefreshToken');
    expect(durabilities).to.deep.equal([
      ['AccessTokenIssued', 'deferred'],
      ['AccessTokenIssued', 'deferred'],
      ['RefreshTokenIssued', 'flushed'],
      ['AuthorizationCodeIssued', 'flushed'],
      ['TokenRevoked', undefined],
      ['RefreshTokenConsumed', undefined],
    ]);
  });

  it('stores a token under the hash of its value, without the value, and finds it by the value', async () => {
    await adapter('RefreshToken').upsert('raw-token-value', { jti: 'raw-token-value', kind: 'RefreshToken', clientId: 'client-1', grantId: 'g-1', exp });
    const stream = await eventStore.readStream(`oauthtoken-${sha256Hex('raw-token-value')}`);
    expect(stream.map((e) => e.type)).to.deep.equal(['RefreshTokenIssued']);
    expect(JSON.stringify(stream)).to.not.contain('raw-token-value');
    expect(await adapter('RefreshToken').find('raw-token-value')).to.deep.equal({ kind: 'RefreshToken', clientId: 'client-1', grantId: 'g-1', exp, jti: 'raw-token-value' });
    expect(await adapter('AccessToken').find('raw-token-value')).to.equal(undefined);
  });

  it('lets one of two concurrent consumptions win; the other fails and revokes the grant', async () => {
    await adapter('RefreshToken').upsert('rt', { kind: 'RefreshToken', clientId: 'client-1', grantId: 'g-1', exp });
    const outcomes = await Promise.allSettled([adapter('RefreshToken').consume('rt'), adapter('RefreshToken').consume('rt')]);
    expect(outcomes.map((o) => o.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')?.reason).to.be.instanceOf(errors.InvalidGrant);
    expect(await grants.isRevoked('g-1')).to.equal(true);
    expect(await adapter('RefreshToken').find('rt')).to.equal(undefined);
    const types = (await eventStore.readStream(`oauthtoken-${sha256Hex('rt')}`)).map((e) => e.type);
    expect(types).to.deep.equal(['RefreshTokenIssued', 'RefreshTokenConsumed']);
  });

  it('revokes a token once, and a revoked grant hides every token under it', async () => {
    await adapter('AccessToken').upsert('at-1', { kind: 'AccessToken', clientId: 'client-1', grantId: 'g-1', exp });
    await adapter('AccessToken').upsert('at-2', { kind: 'AccessToken', clientId: 'client-1', grantId: 'g-1', exp });
    await adapter('AccessToken').destroy('at-1');
    await adapter('AccessToken').destroy('at-1');
    expect((await eventStore.readStream(`oauthtoken-${sha256Hex('at-1')}`)).map((e) => e.type)).to.deep.equal(['AccessTokenIssued', 'TokenRevoked']);
    expect(await adapter('AccessToken').find('at-2')).to.not.equal(undefined);
    await Promise.all([adapter('AccessToken').revokeByGrantId('g-1'), adapter('RefreshToken').revokeByGrantId('g-1')]);
    expect(await adapter('AccessToken').find('at-2')).to.equal(undefined);
    expect((await eventStore.readStream('oauthgrant-g-1')).map((e) => e.type)).to.deep.equal(['GrantRecorded', 'GrantRevoked']);
  });
});
