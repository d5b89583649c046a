import { expect } from 'chai';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { ConflictError, SystemClock } from '@sapien/kernel';
import { verifySecret } from '../hashing.ts';
import { createAdminClient, registerBootstrapClient, WeakBootstrapSecretError } from './bootstrap.ts';
import { registerClient } from './registry.ts';
import { loadClient } from './store.ts';

describe('registerBootstrapClient (SAPIEN_BOOTSTRAP_CLIENT_ID / _SECRET)', () => {
  let eventStore: EventStore;
  const clock = new SystemClock();
  const secret = 'a long bootstrap secret, chosen by an operator';
  beforeEach(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
  });
  afterEach(async () => eventStore.close());

  it('registers a platform-admin client the first time, then leaves it alone', async () => {
    expect(await registerBootstrapClient({ eventStore, clock }, { clientId: 'ops', clientSecret: secret })).to.deep.equal({ clientId: 'ops', outcome: 'registered' });
    expect(await registerBootstrapClient({ eventStore, clock }, { clientId: 'ops', clientSecret: secret })).to.deep.equal({ clientId: 'ops', outcome: 'unchanged' });
    const events = await eventStore.readStream('client-ops');
    expect(events.map((e) => [e.type, e.metadata.orgId])).to.deep.equal([['ClientRegistered', 0]]);
    expect(events[0]?.data).to.deep.include({ grantTypes: ['client_credentials'], redirectUris: [] }).and.not.have.property('orgId');
    expect((events[0]?.data as { scopes: string[] }).scopes).to.include('admin');
    expect(JSON.stringify(events)).to.not.contain(secret);
  });

  it('rotates the secret when the variable changes', async () => {
    await registerBootstrapClient({ eventStore, clock }, { clientId: 'ops', clientSecret: secret });
    expect(await registerBootstrapClient({ eventStore, clock }, { clientId: 'ops', clientSecret: `${secret} v2` })).to.deep.include({ outcome: 'rotated' });
    const { state } = await loadClient(eventStore, 'ops');
    expect(state.status === 'registered' && (await verifySecret(state.secretVerifier, `${secret} v2`))).to.equal(true);
    expect(state.status === 'registered' && (await verifySecret(state.secretVerifier, secret))).to.equal(false);
  });

  it('registers once when several instances start together', async () => {
    const outcomes = await Promise.all([1, 2, 3].map(() => registerBootstrapClient({ eventStore, clock }, { clientId: 'ops', clientSecret: secret })));
    expect(outcomes.map((o) => o.outcome).sort()).to.deep.equal(['registered', 'unchanged', 'unchanged']);
    expect(await eventStore.readStream('client-ops')).to.have.length(1);
  });

  it('refuses a short secret', async () => {
    let thrown: unknown;
    try {
      await registerBootstrapClient({ eventStore, clock }, { clientId: 'ops', clientSecret: 'short' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(WeakBootstrapSecretError);
  });

  it("refuses to take over an org's client", async () => {
    await registerClient({ eventStore, clock }, { clientId: 'ops', orgId: 3, name: 'x', grantTypes: ['client_credentials'], scopes: ['orgs:read'] }, { actor: { kind: 'system', id: 't' }, correlationId: 'c' });
    let thrown: unknown;
    try {
      await registerBootstrapClient({ eventStore, clock }, { clientId: 'ops', clientSecret: secret });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(ConflictError);
  });
});

describe('createAdminClient (sapien clients create --admin)', () => {
  it('registers a platform-admin client and returns its secret, which is not stored', async () => {
    const eventStore = await openSqlEventStore('sqlite::memory:');
    try {
      const created = await createAdminClient({ eventStore, clock: new SystemClock() }, { name: 'ops' });
      const events = await eventStore.readStream(`client-${created.clientId}`);
      expect(events[0]?.data).to.deep.include({ name: 'ops', grantTypes: ['client_credentials'] });
      expect(events[0]?.metadata.actor).to.deep.equal({ kind: 'system', id: 'cli' });
      expect(JSON.stringify(events)).to.not.contain(created.clientSecret);
    } finally {
      await eventStore.close();
    }
  });
});
