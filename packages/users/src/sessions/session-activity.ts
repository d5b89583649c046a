import type { Instant } from '@sapien/kernel';

/**
 * When each session was last used. Kept in a SQL table rather than the event log: activity is a
 * per-request fact, and an event per request would swamp the log for nothing a decider needs.
 */
export interface SessionActivity {
  /** Records use of the session at `now`, writing at most once per interval (a minute) per session. True when it wrote. */
  touch(sessionId: string, now: Instant): Promise<boolean>;
  /** The last recorded activity of each session that has one. */
  lastActivity(sessionIds: readonly string[]): Promise<Map<string, Instant>>;
}
