import type { EventStore, StreamRevision } from '@sapien/event-store';
import type { Actor, Clock } from '@sapien/kernel';
import { foldEvents } from '@sapien/kernel';
import { appendEvents } from '../append.ts';
import { ssoDecider, type SsoCommand, type SsoState } from './decider.ts';
import { SsoNotAvailableError } from './errors.ts';
import { isSsoEvent, ssoStreamId } from './events.ts';
import { validateIssuer, validateOrgId, validateSsoClientId, validateSsoClientSecret } from './validation.ts';

/**
 * Encrypts the identity provider's client secret before it reaches an event (packages/users'
 * AesGcmSecretBox fits). The secret must come back in clear for each token request, so a one-way
 * hash (as for Sapien's own client secrets) cannot do.
 */
export interface SsoSecretBox {
  seal(plaintext: Uint8Array, context: string): string;
  open(sealed: string, context: string): Uint8Array;
}

/** What an admin sets: the provider's issuer, and the client Sapien is registered as there. */
export type SsoSettingsInput = Readonly<{ issuer: string; clientId: string; clientSecret: string }>;

/** An org's SSO settings as they may be shown: never the secret. */
export type SsoConfiguration = Readonly<{ orgId: number; issuer: string; clientId: string }>;

/** What the sign-in needs: the settings with the secret opened. Stays inside this package. */
export type SsoSignInSettings = SsoConfiguration & Readonly<{ clientSecret: string }>;

export type SsoWriteContext = Readonly<{ actor: Actor; correlationId: string }>;

export interface SsoSettings {
  /** Sets or replaces the org's identity provider; throws ValidationError, or SsoNotAvailableError. */
  configure(orgId: number, input: SsoSettingsInput, context: SsoWriteContext): Promise<Readonly<{ configuration: SsoConfiguration; position: number }>>;
  find(orgId: number): Promise<SsoConfiguration | undefined>;
  /** Turns SSO off for the org; nothing to do when it is off. */
  remove(orgId: number, context: SsoWriteContext): Promise<Readonly<{ position: number }>>;
}

/** The settings with the secret, for the sign-in. */
export interface SsoSignInDirectory {
  signInSettingsOf(orgId: number): Promise<SsoSignInSettings | undefined>;
}

/** The secret box binds a sealed secret to its org: copied to another org's stream it does not open. */
const secretContextOf = (orgId: number): string => `sso-client-secret:${orgId}`;

type Loaded = Readonly<{ state: SsoState; revision: StreamRevision; position: number }>;

const load = async (eventStore: EventStore, orgId: number): Promise<Loaded> => {
  const recorded = await eventStore.readStream(ssoStreamId(orgId));
  const last = recorded.at(-1);
  return { state: foldEvents(ssoDecider, recorded.filter(isSsoEvent)), revision: last?.revision ?? 'no_stream', position: last?.position ?? 0 };
};

const publicOf = (state: SsoState): SsoConfiguration | undefined =>
  state.status === 'configured' ? { orgId: state.orgId, issuer: state.issuer, clientId: state.clientId } : undefined;

/** SSO settings over the event store (`orgsso-<orgId>`), read on every call: a change counts at once on every instance. */
export const createSsoSettings = (
  deps: Readonly<{ eventStore: EventStore; clock: Clock; secretBox: SsoSecretBox }>,
): SsoSettings & SsoSignInDirectory => {
  const { eventStore, clock, secretBox } = deps;

  const run = async (orgId: number, command: SsoCommand, context: SsoWriteContext): Promise<Readonly<{ state: SsoState; position: number }>> => {
    const loaded = await load(eventStore, orgId);
    const events = ssoDecider.decide(command, loaded.state);
    if (events.length === 0) return { state: loaded.state, position: loaded.position };
    const appended = await appendEvents(eventStore, clock, ssoStreamId(orgId), events, { orgId, ...context }, loaded.revision);
    return { state: foldEvents(ssoDecider, events, loaded.state), position: appended.position };
  };

  return {
    configure: async (orgId, input, context) => {
      validateOrgId(orgId);
      const issuer = validateIssuer(input.issuer.trim());
      const clientId = validateSsoClientId(input.clientId);
      const clientSecret = validateSsoClientSecret(input.clientSecret);
      const sealedSecret = secretBox.seal(new TextEncoder().encode(clientSecret), secretContextOf(orgId));
      const { position } = await run(orgId, { type: 'ConfigureSso', data: { orgId, issuer, clientId, sealedSecret }, metadata: { now: clock.now() } }, context);
      return { configuration: { orgId, issuer, clientId }, position };
    },
    find: async (orgId) => publicOf((await load(eventStore, validateOrgId(orgId))).state),
    remove: async (orgId, context) => {
      const { position } = await run(validateOrgId(orgId), { type: 'RemoveSso', data: { orgId }, metadata: { now: clock.now() } }, context);
      return { position };
    },
    signInSettingsOf: async (orgId) => {
      if (!Number.isSafeInteger(orgId) || orgId < 1) return undefined;
      const { state } = await load(eventStore, orgId);
      if (state.status !== 'configured') return undefined;
      const clientSecret = new TextDecoder().decode(secretBox.open(state.sealedSecret, secretContextOf(orgId)));
      return { orgId, issuer: state.issuer, clientId: state.clientId, clientSecret };
    },
  };
};

/** Without a secret box: no org has SSO, and configuring it says why not. */
export const NO_SSO: SsoSettings & SsoSignInDirectory = {
  configure: async () => {
    throw new SsoNotAvailableError();
  },
  find: async () => undefined,
  remove: async () => ({ position: 0 }),
  signInSettingsOf: async () => undefined,
};
