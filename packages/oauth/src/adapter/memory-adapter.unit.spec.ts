import { expect } from 'chai';
import { MemoryAdapter } from './memory-adapter.ts';

describe('MemoryAdapter (sessions and interactions)', () => {
  let now = 1_000_000;
  const adapter = (): MemoryAdapter => new MemoryAdapter(() => now);

  it('finds an entry by id and by uid until it expires', async () => {
    const store = adapter();
    await store.upsert('s1', { uid: 'u1', accountId: 'a' }, 10);
    expect(await store.find('s1')).to.deep.equal({ uid: 'u1', accountId: 'a' });
    expect(await store.findByUid('u1')).to.deep.equal({ uid: 'u1', accountId: 'a' });
    now += 10_000;
    expect(await store.find('s1')).to.equal(undefined);
    expect(await store.findByUid('u1')).to.equal(undefined);
  });

  it('marks consumption, destroys, and revokes by grant', async () => {
    const store = adapter();
    await store.upsert('i1', { grantId: 'g' }, 60);
    await store.upsert('i2', { grantId: 'h' }, 60);
    await store.consume('i2');
    expect(await store.find('i2')).to.have.property('consumed').that.is.a('number');
    await store.revokeByGrantId('g');
    expect(await store.find('i1')).to.equal(undefined);
    await store.destroy('i2');
    expect(await store.find('i2')).to.equal(undefined);
  });

  it('hands out copies, not its own objects', async () => {
    const store = adapter();
    await store.upsert('x', { params: { a: 1 } }, 60);
    const found = await store.find('x');
    if (found?.params) found.params.a = 2;
    expect(await store.find('x')).to.deep.equal({ params: { a: 1 } });
  });
});
