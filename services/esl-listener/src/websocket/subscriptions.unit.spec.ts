import { expect } from 'chai';
import { parseEventSelector } from '../capture/index.ts';
import type { PublishedEslEvent } from '../hub.ts';
import { Subscriptions } from './subscriptions.ts';

const selectors = (...names: string[]) => names.map((name) => parseEventSelector(name)!);
const event = (name: string, node = 'fs1', subclass?: string): PublishedEslEvent => ({
  node,
  name,
  ...(subclass === undefined ? {} : { subclass }),
  sequence: 1,
  coreUuid: 'c',
  timestamp: '2024-05-01T12:00:00.000000Z',
  headers: {},
});

describe('Subscriptions', () => {
  it('matches nothing before a subscribe', () => {
    expect(new Subscriptions().matches(event('HEARTBEAT'))).to.equal(false);
  });

  it('matches the subscribed names on every node', () => {
    const subscriptions = new Subscriptions();
    subscriptions.add(selectors('CHANNEL_ANSWER', 'CUSTOM::sofia::register'));
    expect(subscriptions.matches(event('CHANNEL_ANSWER', 'fs2'))).to.equal(true);
    expect(subscriptions.matches(event('CUSTOM', 'fs1', 'sofia::register'))).to.equal(true);
    expect(subscriptions.matches(event('CUSTOM', 'fs1', 'sofia::expire'))).to.equal(false);
    expect(subscriptions.matches(event('CHANNEL_HANGUP'))).to.equal(false);
  });

  it('matches a node-bound subscription on that node only', () => {
    const subscriptions = new Subscriptions();
    subscriptions.add(selectors('ALL'), 'fs2');
    expect(subscriptions.matches(event('HEARTBEAT', 'fs2'))).to.equal(true);
    expect(subscriptions.matches(event('HEARTBEAT', 'fs1'))).to.equal(false);
  });

  it('removes exactly what unsubscribe names', () => {
    const subscriptions = new Subscriptions();
    subscriptions.add(selectors('CHANNEL_ANSWER', 'HEARTBEAT'));
    subscriptions.add(selectors('HEARTBEAT'), 'fs1');
    subscriptions.remove(selectors('HEARTBEAT'));
    expect(subscriptions.list()).to.deep.equal([{ event: 'CHANNEL_ANSWER' }, { event: 'HEARTBEAT', node: 'fs1' }]);
  });

  it('removes everything with ALL, or everything on a node with ALL and that node', () => {
    const subscriptions = new Subscriptions();
    subscriptions.add(selectors('CHANNEL_ANSWER'));
    subscriptions.add(selectors('HEARTBEAT'), 'fs1');
    subscriptions.remove(selectors('ALL'), 'fs1');
    expect(subscriptions.list()).to.deep.equal([{ event: 'CHANNEL_ANSWER' }]);
    subscriptions.remove(selectors('ALL'));
    expect(subscriptions.size).to.equal(0);
  });

  it('keeps a repeated subscribe once', () => {
    const subscriptions = new Subscriptions();
    subscriptions.add(selectors('HEARTBEAT', 'HEARTBEAT'));
    subscriptions.add(selectors('HEARTBEAT'));
    expect(subscriptions.list()).to.deep.equal([{ event: 'HEARTBEAT' }]);
  });
});
