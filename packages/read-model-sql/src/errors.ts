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

/** Keeps a password out of messages and logs. */
const redact = (url: string): string => url.replace(/\/\/([^:/@]*):[^@]*@/u, '//$1:***@');
