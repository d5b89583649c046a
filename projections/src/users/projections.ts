import type { RecordedEvent } from '@sapien/kernel';
import type { Projection, ProjectionContext } from '@sapien/projection-runtime';
import { toDbPkDateTime } from '@sapien/read-model-sql';
import { isSessionEvent, isUserEvent } from '@sapien/users';
import type { Knex } from 'knex';
import { foldRows } from './fold.ts';
import { applySessionEvent, isSessionGrantRevoked, sessionIdOf, type SessionRecorded } from './session-rows.ts';
import { loadSessionRows, loadUserRows, writeSessionRows, writeUserRows } from './storage.ts';
import { SESSIONS_TABLE, USERS_TABLE, createSessionsTable, createUsersTable } from './tables.ts';
import { applyUserEvent, type UserRecorded } from './user-rows.ts';

/**
 * `Org.Users`: one row per user, without credentials. `LastEventPosition` only moves forward, so a
 * replayed event changes nothing. A batch costs one read of its users' rows and one write per
 * changed row set, whatever its size.
 */
export const usersProjection: Projection = {
  name: 'users',
  tables: [USERS_TABLE],

  createTables: (db: Knex, { dialect, names }: ProjectionContext) => createUsersTable(db, dialect, names(USERS_TABLE)),

  async handle(trx: Knex.Transaction, events: readonly RecordedEvent[], { dialect, names }: ProjectionContext): Promise<void> {
    const userEvents = events.filter((event) => isUserEvent(event)) as UserRecorded[];
    if (userEvents.length === 0) return;
    const table = names(USERS_TABLE);
    const stored = await loadUserRows(trx, table, [...new Set(userEvents.map((event) => event.data.userId))]);
    const dbTime = (instant: RecordedEvent['occurredAt']) => toDbPkDateTime(instant, dialect);
    const changes = foldRows(stored, userEvents, (event) => event.data.userId, (row, event) => applyUserEvent(row, event, dbTime));
    await writeUserRows(trx, table, changes);
  },
};

/**
 * `Org.Sessions`: one row per API session, active or revoked; last activity is kept beside it in
 * `Org.SessionActivity`. A session is a login's OAuth grant, so `GrantRevoked` ends it too.
 */
export const sessionsProjection: Projection = {
  name: 'sessions',
  tables: [SESSIONS_TABLE],

  createTables: (db: Knex, { dialect, names }: ProjectionContext) => createSessionsTable(db, dialect, names(SESSIONS_TABLE)),

  async handle(trx: Knex.Transaction, events: readonly RecordedEvent[], { dialect, names }: ProjectionContext): Promise<void> {
    const sessionEvents = events.filter((event) => isSessionEvent(event) || isSessionGrantRevoked(event)) as SessionRecorded[];
    if (sessionEvents.length === 0) return;
    const table = names(SESSIONS_TABLE);
    const stored = await loadSessionRows(trx, table, [...new Set(sessionEvents.map(sessionIdOf))]);
    const dbTime = (instant: RecordedEvent['occurredAt']) => toDbPkDateTime(instant, dialect);
    const changes = foldRows(stored, sessionEvents, sessionIdOf, (row, event) => applySessionEvent(row, event, dbTime));
    await writeSessionRows(trx, table, changes);
  },
};
