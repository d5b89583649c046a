import type { Adapter, AdapterPayload } from 'oidc-provider';

type Entry = Readonly<{ payload: AdapterPayload; expiresAt: number }>;

const SWEEP_EVERY = 256;

/**
 * Sessions, interactions and other short-lived browser state: kept in this process's memory with
 * their TTL. They are not security records; a login that starts on one instance must finish on it
 * (sticky routing) until a shared store is configured.
 */
export class MemoryAdapter implements Adapter {
  private readonly entries = new Map<string, Entry>();
  private readonly byUid = new Map<string, string>();
  private writes = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt <= this.now()) {
      this.remove(id);
      return undefined;
    }
    return entry;
  }

  private remove(id: string): void {
    const uid = this.entries.get(id)?.payload.uid;
    if (typeof uid === 'string') this.byUid.delete(uid);
    this.entries.delete(id);
  }

  private sweep(): void {
    if (++this.writes % SWEEP_EVERY !== 0) return;
    for (const id of [...this.entries.keys()]) this.live(id);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn = 3600): Promise<void> {
    this.sweep();
    this.entries.set(id, { payload: structuredClone(payload), expiresAt: this.now() + expiresIn * 1000 });
    if (typeof payload.uid === 'string') this.byUid.set(payload.uid, id);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = this.live(id);
    return entry ? structuredClone(entry.payload) : undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.byUid.get(uid);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = this.live(id);
    if (entry) this.entries.set(id, { ...entry, payload: { ...entry.payload, consumed: Math.floor(this.now() / 1000) } });
  }

  async destroy(id: string): Promise<void> {
    this.remove(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.entries) if (entry.payload.grantId === grantId) this.remove(id);
  }
}
