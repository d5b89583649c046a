import { expect } from 'chai';
import { Subscription, type EventView } from './subscription.ts';

const view = (headers: Record<string, string>): EventView => ({
  name: headers['Event-Name'] ?? '',
  subclass: headers['Event-Subclass'],
  header: (name) => Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
});

const answer = view({ 'Event-Name': 'CHANNEL_ANSWER', 'Unique-ID': 'u1' });
const hangup = view({ 'Event-Name': 'CHANNEL_HANGUP', 'Unique-ID': 'u2' });
const heartbeat = view({ 'Event-Name': 'HEARTBEAT' });
const register = view({ 'Event-Name': 'CUSTOM', 'Event-Subclass': 'sofia::register' });
const unregister = view({ 'Event-Name': 'CUSTOM', 'Event-Subclass': 'sofia::unregister' });

describe('an event subscription', () => {
  it('sends nothing until events are asked for', () => {
    expect(new Subscription().wants(answer)).to.equal(false);
  });

  it('takes the named types, in any case, and ignores unknown words', () => {
    const subscription = new Subscription();
    expect(subscription.subscribe(['channel_answer', 'NOT_AN_EVENT'])).to.equal(1);
    expect([answer, hangup, heartbeat].map((event) => subscription.wants(event))).to.deep.equal([true, false, false]);
  });

  it('reports no keywords when no word names an event type', () => {
    expect(new Subscription().subscribe(['NOPE'])).to.equal(0);
  });

  it('takes CUSTOM events by subclass only', () => {
    const subscription = new Subscription();
    subscription.subscribe(['CUSTOM', 'sofia::register']);
    expect(subscription.wants(register)).to.equal(true);
    expect(subscription.wants(unregister)).to.equal(false);
    expect(subscription.wants(answer)).to.equal(false);
  });

  it('takes everything with ALL, and keeps the rest when one type is nixed', () => {
    const subscription = new Subscription();
    subscription.subscribe(['ALL']);
    expect([answer, hangup, register].every((event) => subscription.wants(event))).to.equal(true);
    subscription.unsubscribe(['CHANNEL_HANGUP']);
    expect(subscription.wants(answer)).to.equal(true);
    expect(subscription.wants(hangup)).to.equal(false);
  });

  it('sends nothing after noevents', () => {
    const subscription = new Subscription();
    subscription.subscribe(['ALL']);
    expect(subscription.clear()).to.equal(true);
    expect(subscription.wants(answer)).to.equal(false);
    expect(subscription.clear()).to.equal(false);
  });

  describe('filters', () => {
    const all = (): Subscription => {
      const subscription = new Subscription();
      subscription.subscribe(['ALL']);
      return subscription;
    };

    it('passes only events whose header matches, ignoring case', () => {
      const subscription = all();
      subscription.addFilter('Unique-ID', 'U1');
      expect([answer, hangup, heartbeat].map((event) => subscription.wants(event))).to.deep.equal([true, false, false]);
    });

    it('passes an event that matches any of several filters', () => {
      const subscription = all();
      subscription.addFilter('Unique-ID', 'u1');
      subscription.addFilter('Event-Name', 'HEARTBEAT');
      expect([answer, hangup, heartbeat].map((event) => subscription.wants(event))).to.deep.equal([true, false, true]);
    });

    it('drops what a negative filter matches and reads /…/ as a regular expression', () => {
      const subscription = all();
      subscription.addFilter('Event-Name', '/^CHANNEL_/');
      subscription.addFilter('Unique-ID', '-u2');
      expect([answer, hangup, heartbeat].map((event) => subscription.wants(event))).to.deep.equal([true, false, false]);
    });

    it('forgets a deleted filter, or all of them', () => {
      const subscription = all();
      subscription.addFilter('Unique-ID', 'u1');
      subscription.addFilter('Event-Name', 'HEARTBEAT');
      subscription.deleteFilter('unique-id', undefined);
      expect([answer, heartbeat].map((event) => subscription.wants(event))).to.deep.equal([false, true]);
      subscription.deleteFilter('all', undefined);
      expect(subscription.wants(answer)).to.equal(true);
    });
  });

  it('limits myevents to one channel, and to the background jobs it started', () => {
    const subscription = new Subscription();
    subscription.bindTo('u1');
    expect(subscription.wants(answer)).to.equal(true);
    expect(subscription.wants(view({ 'Event-Name': 'CHANNEL_ANSWER', 'Unique-ID': 'u2' }))).to.equal(false);
    subscription.subscribe(['BACKGROUND_JOB']);
    expect(subscription.wants(view({ 'Event-Name': 'BACKGROUND_JOB', 'Job-Owner-UUID': 'u1' }))).to.equal(true);
    expect(subscription.wants(view({ 'Event-Name': 'BACKGROUND_JOB' }))).to.equal(false);
  });
});
