import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { StoredPayload } from '../events.ts';
import type { ClientDirectory } from './client-directory.ts';
import type { GrantLedger } from './grant-ledger.ts';
import { requestActor, requestCorrelationId } from './request-context.ts';

/** oidc-provider's Grant model over the grant streams (`GrantRecorded`, `GrantRevoked`). */
export class GrantAdapter implements Adapter {
  constructor(
    private readonly grants: GrantLedger,
    private readonly clients: ClientDirectory,
  ) {}

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    const { jti: _jti, ...rest } = payload;
    const stored: StoredPayload = { ...rest };
    const clientId = typeof payload.clientId === 'string' ? payload.clientId : 'unknown';
    const actor = typeof payload.accountId === 'string' ? { kind: 'user' as const, id: payload.accountId } : requestActor();
    await this.grants.record(id, clientId, stored, {
      orgId: await this.clients.orgOf(clientId),
      actor,
      correlationId: requestCorrelationId(),
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const { state } = await this.grants.read(id);
    return state.status === 'recorded' ? ({ ...state.payload, jti: id } as AdapterPayload) : undefined;
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(): Promise<void> {
    // Grants are not consumed.
  }

  async destroy(id: string): Promise<void> {
    await this.revokeByGrantId(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.grants.revoke(grantId, async (clientId) => ({
      orgId: await this.clients.orgOf(clientId),
      actor: requestActor(),
      correlationId: requestCorrelationId(),
    }));
  }
}
