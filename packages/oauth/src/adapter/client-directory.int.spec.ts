import { expect } from 'chai';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { handleClientCommand } from '../clients/store.ts';
import { ClientDirectory } from './client-directory.ts';

describe('ClientDirectory', () => {
  let eventStore: EventStore;
  let now = 0;
  const clock = new SystemClock();
  const context = { orgId: 7, actor: { kind: 'system', id: 'test' }, correlationId: 'c' } as const;
  const data = { clientId: 'c-1', orgId: 7, name: 'Console', grantTypes: ['client_credentials'], redirectUris: [], scopes: ['orgs:read'] } as const;
  const register = () =>
    handleClientCommand(eventStore, clock, { type: 'RegisterClient', data: { ...data, secretVerifier: 'sha256$one' }, metadata: { now: clock.now() } }, context);
  const rotate = () =>
    handleClientCommand(eventStore, clock, { type: 'RotateClientSecret', data: { clientId: 'c-1', secretVerifier: 'sha256$two' }, metadata: { now: clock.now() } }, context);
  const verifierOf = async (directory: ClientDirectory): Promise<string | undefined> => {
    const state = await directory.read('c-1');
    return state.status === 'registered' ? state.secretVerifier : undefined;
  };

  beforeEach(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
    now = 0;
  });
  afterEach(async () => eventStore.close());

  it('reuses a registered client for its TTL, then reads the change (a rotated secret)', async () => {
    const directory = new ClientDirectory(eventStore, { ttlMs: 500, now: () => now });
    await register();
    expect(await verifierOf(directory)).to.equal('sha256$one');
    await rotate();
    now = 499;
    expect(await verifierOf(directory)).to.equal('sha256$one');
    now = 500;
    expect(await verifierOf(directory)).to.equal('sha256$two');
  });

  it('never keeps a client it did not find: one registered a moment later is found at once', async () => {
    const directory = new ClientDirectory(eventStore, { ttlMs: 500, now: () => now });
    expect((await directory.read('c-1')).status).to.not.equal('registered');
    await register();
    expect(await verifierOf(directory)).to.equal('sha256$one');
  });

  it('reads the stream every time with a TTL of 0', async () => {
    const directory = new ClientDirectory(eventStore, { ttlMs: 0, now: () => now });
    await register();
    expect(await verifierOf(directory)).to.equal('sha256$one');
    await rotate();
    expect(await verifierOf(directory)).to.equal('sha256$two');
  });

  it("knows a client's org", async () => {
    await register();
    expect(await new ClientDirectory(eventStore).orgOf('c-1')).to.equal(7);
  });
});
