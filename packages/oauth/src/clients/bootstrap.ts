import { SCOPES } from '@sapien/authorization';
import type { EventStore } from '@sapien/event-store';
import { ExpectedRevisionConflict } from '@sapien/event-store';
import type { Actor, Clock } from '@sapien/kernel';
import { ConflictError, SapienError, newId } from '@sapien/kernel';
import { secretVerifier, verifySecret } from '../hashing.ts';
import { registerClient, type RegisteredClient } from './registry.ts';
import { handleClientCommand, loadClient } from './store.ts';

const SYSTEM: Actor = { kind: 'system', id: 'bootstrap' };
const MIN_BOOTSTRAP_SECRET = 24;

export type ClientStoreDependencies = Readonly<{ eventStore: EventStore; clock: Clock }>;

/** SAPIEN_BOOTSTRAP_CLIENT_SECRET is too short to stand for a platform-admin credential. */
export class WeakBootstrapSecretError extends SapienError {
  override readonly name = 'WeakBootstrapSecretError';

  constructor() {
    super('weak-bootstrap-secret', `SAPIEN_BOOTSTRAP_CLIENT_SECRET must have at least ${MIN_BOOTSTRAP_SECRET} characters`, 400);
  }
}

export type BootstrapOutcome = Readonly<{ clientId: string; outcome: 'registered' | 'unchanged' | 'rotated' }>;

const platformAdmin = (clientId: string, name: string) => ({
  clientId,
  name,
  grantTypes: ['client_credentials'],
  redirectUris: [],
  scopes: [...SCOPES],
});

/**
 * Registers the first platform-admin client from SAPIEN_BOOTSTRAP_CLIENT_ID / _SECRET, idempotently:
 * at every start it is `registered` the first time, `unchanged` while the secret matches, and
 * `rotated` when the variable was changed (the old secret stops working). Only a salted scrypt
 * verifier of the chosen secret is stored. Refuses an id already used by an org's client.
 */
export const registerBootstrapClient = async (
  deps: ClientStoreDependencies,
  input: Readonly<{ clientId: string; clientSecret: string }>,
): Promise<BootstrapOutcome> => {
  if (input.clientSecret.length < MIN_BOOTSTRAP_SECRET) throw new WeakBootstrapSecretError();
  const context = { orgId: undefined, actor: SYSTEM, correlationId: newId() };
  // Several instances may start at once: the loser of the race decides again on the new state.
  for (let attempt = 1; ; attempt++) {
    try {
      const { state } = await loadClient(deps.eventStore, input.clientId);
      if (state.status === 'absent') {
        const verifier = await secretVerifier(input.clientSecret, 'chosen');
        const data = { ...platformAdmin(input.clientId, 'bootstrap'), secretVerifier: verifier };
        await handleClientCommand(deps.eventStore, deps.clock, { type: 'RegisterClient', data, metadata: { now: deps.clock.now() } }, context);
        return { clientId: input.clientId, outcome: 'registered' };
      }
      if (state.orgId !== undefined || !state.scopes.includes('admin')) {
        throw new ConflictError('bootstrap-client-taken', `client ${input.clientId} exists and is not a platform-admin client`, {
          clientId: input.clientId,
        });
      }
      if (await verifySecret(state.secretVerifier, input.clientSecret)) return { clientId: input.clientId, outcome: 'unchanged' };
      const verifier = await secretVerifier(input.clientSecret, 'chosen');
      const command = { type: 'RotateClientSecret', data: { clientId: input.clientId, secretVerifier: verifier }, metadata: { now: deps.clock.now() } } as const;
      await handleClientCommand(deps.eventStore, deps.clock, command, context);
      return { clientId: input.clientId, outcome: 'rotated' };
    } catch (error) {
      const raced = error instanceof ExpectedRevisionConflict || (error instanceof ConflictError && error.code === 'client-exists');
      if (!raced || attempt >= 3) throw error;
    }
  }
};

/**
 * A new platform-admin client (every scope, client_credentials) for `sapien clients create --admin`:
 * the secret is in the answer only.
 */
export const createAdminClient = (deps: ClientStoreDependencies, input: Readonly<{ name: string; actor?: Actor }>): Promise<RegisteredClient> =>
  registerClient(deps, platformAdmin(newId(), input.name), { actor: input.actor ?? { kind: 'system', id: 'cli' }, correlationId: newId() });
