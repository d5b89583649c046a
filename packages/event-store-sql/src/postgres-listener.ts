import pg from 'pg';
import { EVENTS_CHANNEL } from './dialect.ts';

/**
 * LISTENs for appends made by any process, on a connection of its own (a pooled one could be
 * handed to a query mid-notification). Opened on the first subscription; after a lost connection
 * the next `ensure()` opens a new one, and the reader re-reads after it, so nothing is missed.
 */
export class PostgresListener {
  private connection: Promise<pg.Client> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onAppend: () => void,
  ) {}

  /** Resolves once this process is listening; call before each read that a wake-up should follow. */
  async ensure(): Promise<void> {
    if (this.closed) return;
    if (this.connection === undefined) {
      const attempt: Promise<pg.Client> = this.connect(() => {
        if (this.connection === attempt) this.connection = undefined;
      });
      this.connection = attempt;
    }
    const connection = this.connection;
    try {
      await connection;
    } catch (error) {
      if (this.connection === connection) this.connection = undefined;
      throw error;
    }
  }

  private async connect(forget: () => void): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    let lost = false;
    const lose = (): void => {
      if (lost) return;
      lost = true;
      forget();
      client.end().catch(() => undefined);
      // Waiting readers re-read (and re-listen) now rather than at their next poll.
      this.onAppend();
    };
    client.on('error', lose);
    client.on('end', lose);
    client.on('notification', () => this.onAppend());
    try {
      await client.connect();
      await client.query(`listen ${EVENTS_CHANNEL}`);
    } catch (error) {
      lost = true;
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    const client = await connection?.catch(() => undefined);
    if (client === undefined) return;
    client.removeAllListeners();
    client.on('error', () => undefined);
    await client.end().catch(() => undefined);
  }
}
