import type { Adapter, AdapterPayload } from 'oidc-provider';
import { clientMetadataOf } from '../clients/metadata.ts';
import type { ClientDirectory } from './client-directory.ts';

/** Clients are registered through Sapien (the API, the CLI, the bootstrap), never through oidc-provider. */
const readOnly = (): never => {
  throw new Error('OAuth clients are registered through Sapien, not by oidc-provider');
};

/** oidc-provider's Client model: each lookup reads `client-<clientId>`, so a rotated secret counts at once. */
export class ClientAdapter implements Adapter {
  constructor(private readonly clients: ClientDirectory) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    const state = await this.clients.read(id);
    return state.status === 'registered' ? clientMetadataOf(state) : undefined;
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async upsert(): Promise<void> {
    readOnly();
  }

  async consume(): Promise<void> {
    readOnly();
  }

  async destroy(): Promise<void> {
    readOnly();
  }

  async revokeByGrantId(): Promise<void> {
    // Clients do not belong to grants.
  }
}
