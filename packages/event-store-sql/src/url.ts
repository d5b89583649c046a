import { InvalidEventStoreUrl } from './errors.ts';

export type SqlDialectName = 'sqlite' | 'postgres';

/** Where an SQL event store lives: a SQLite file (or `:memory:`) or a PostgreSQL connection URL. */
export type EventStoreLocation =
  | Readonly<{ dialect: 'sqlite'; filename: string }>
  | Readonly<{ dialect: 'postgres'; url: string }>;

/**
 * Parses `sqlite:<path>`, `sqlite::memory:`, `postgres://…` or `postgresql://…`. The SQLite path is
 * kept as written (relative paths resolve against the working directory when opened).
 */
export const parseEventStoreUrl = (url: string): EventStoreLocation => {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    const filename = url.slice('sqlite:'.length);
    if (filename === '') throw new InvalidEventStoreUrl('the sqlite: URL has no file path');
    return { dialect: 'sqlite', filename };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!URL.canParse(url)) throw new InvalidEventStoreUrl(`the ${scheme}: URL is malformed`);
    return { dialect: 'postgres', url };
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  throw new InvalidEventStoreUrl(scheme === undefined ? 'the event store URL has no scheme' : `unknown scheme "${scheme}:"`);
};
