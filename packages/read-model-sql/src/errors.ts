import { SapienError } from '@sapien/kernel';

/** The read-model database URL is not one of the accepted forms. */
export class InvalidReadDbUrl extends SapienError {
  override readonly name = 'InvalidReadDbUrl';

  constructor(url: string) {
    super(
      'invalid-read-db-url',
      `read-model database URL ${JSON.stringify(redact(url))} is not accepted: use sqlite:<file path>, sqlite::memory: or postgres://user@host:port/database`,
      500,
      { accepted: ['sqlite:<file path>', 'sqlite::memory:', 'postgres://user@host:port/database'] },
    );
  }
}

/**
 * A SQLite read-model file stays in WAL mode: another connection holds it open in WAL, so it cannot
 * leave it. Sapien needs a rollback journal on every file, or a batch would not commit atomically
 * across the attached files (the projection's rows and its checkpoint).
 */
export class ReadDbFileInWalMode extends SapienError {
  override readonly name = 'ReadDbFileInWalMode';

  constructor(
    readonly file: string,
    readonly journalMode: string,
  ) {
    super(
      'read-db-file-in-wal-mode',
      `read-model file ${file} stays in ${journalMode} journal mode: another process holds it open in WAL mode. ` +
        'Stop that process (or close its connection), then start again: Sapien needs rollback-journal mode so that a batch commits atomically across the attached files.',
      500,
      { file, journalMode },
    );
  }
}

/** Keeps a password out of messages and logs. */
const redact = (url: string): string => url.replace(/\/\/([^:/@]*):[^@]*@/u, '//$1:***@');
