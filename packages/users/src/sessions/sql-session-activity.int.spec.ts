import { expect } from 'chai';
import { FixedClock, newId } from '@sapien/kernel';
import { appliedMigrations, fromDbPkDateTime } from '@sapien/read-model-sql';
import { describeWithStoreOnEachDialect } from '@sapien/read-model-sql/testing';
import { SESSION_ACTIVITY_TABLE, SqlSessionActivity, migrateSessionActivity } from '../index.ts';

describe('SqlSessionActivity', () => {
  describeWithStoreOnEachDialect((store) => {
    before(async () => {
      await migrateSessionActivity(store());
      await migrateSessionActivity(store());
    });

    const storedAt = async (sessionId: string) => {
      const row: { LastActivityAt: unknown } | undefined = await store().db(SESSION_ACTIVITY_TABLE).where('SessionId', sessionId).first('LastActivityAt');
      return row && fromDbPkDateTime(row.LastActivityAt, store().dialect);
    };

    it('creates Org.SessionActivity once, by migration', async () => {
      expect((await appliedMigrations(store())).filter((name) => name.startsWith('users/'))).to.deep.equal(['users/0001-create-session-activity']);
    });

    it('writes the first activity of a session', async () => {
      const activity = new SqlSessionActivity(store());
      const sessionId = newId();
      const clock = new FixedClock('2026-01-01T10:00:00Z');
      expect(await activity.touch(sessionId, clock.now())).to.equal(true);
      expect(await storedAt(sessionId)).to.equal(clock.now());
    });

    it('writes at most once a minute per session, then again after the minute', async () => {
      const activity = new SqlSessionActivity(store());
      const sessionId = newId();
      const clock = new FixedClock('2026-01-01T10:00:00Z');
      const first = clock.now();
      await activity.touch(sessionId, first);
      for (let i = 0; i < 5; i++) {
        clock.advance(10_000_000);
        expect(await activity.touch(sessionId, clock.now())).to.equal(false);
      }
      expect(await storedAt(sessionId)).to.equal(first);
      clock.advance(10_000_000);
      expect(await activity.touch(sessionId, clock.now())).to.equal(true);
      expect(await storedAt(sessionId)).to.equal(clock.now());
    });

    it('runs no statement at all for a touch within the minute, however many arrive at once', async () => {
      const activity = new SqlSessionActivity(store());
      const sessionId = newId();
      const clock = new FixedClock('2026-01-01T10:00:00Z');
      const statements: string[] = [];
      const listener = (query: { sql: string }) => statements.push(query.sql);
      store().db.on('query', listener);
      try {
        const first = await Promise.all(Array.from({ length: 5 }, () => activity.touch(sessionId, clock.now())));
        expect(first.filter(Boolean)).to.have.length(1);
        const written = statements.length;
        expect(written).to.be.greaterThan(0);
        clock.advance(59_999_999);
        expect(await activity.touch(sessionId, clock.now())).to.equal(false);
        expect(statements).to.have.length(written);
      } finally {
        store().db.removeListener('query', listener);
      }
    });

    it('keeps the minute across processes: another instance does not move a time written less than a minute ago', async () => {
      const sessionId = newId();
      const clock = new FixedClock('2026-01-01T10:00:00Z');
      const first = clock.now();
      await new SqlSessionActivity(store()).touch(sessionId, first);
      clock.advance(30_000_000);
      await new SqlSessionActivity(store()).touch(sessionId, clock.now());
      expect(await storedAt(sessionId)).to.equal(first);
      clock.advance(31_000_000);
      await new SqlSessionActivity(store()).touch(sessionId, clock.now());
      expect(await storedAt(sessionId)).to.equal(clock.now());
    });

    it('leaves out a session id that is no UUID', async () => {
      expect(await new SqlSessionActivity(store()).touch('oidc-provider-nanoid', new FixedClock('2026-01-01T10:00:00Z').now())).to.equal(false);
    });

    it('reads the last activity of the sessions asked for', async () => {
      const activity = new SqlSessionActivity(store());
      const [a, b, never] = [newId(), newId(), newId()];
      const clock = new FixedClock('2026-02-01T00:00:00.123456Z');
      await activity.touch(a, clock.now());
      clock.advance(1);
      await activity.touch(b, clock.now());
      const found = await activity.lastActivity([a, b, never]);
      expect([...found.entries()].sort()).to.deep.equal([
        [a, '2026-02-01T00:00:00.123456Z'],
        [b, '2026-02-01T00:00:00.123457Z'],
      ].sort());
    });
  });
});
