import type { Command, Decider } from '@sapien/kernel';
import { ValidationError } from '@sapien/kernel';
import type { SsoEvent } from './events.ts';
import { validateIssuer, validateOrgId, validateSsoClientId } from './validation.ts';

/** Sets (or replaces) the org's identity provider; the edge has sealed the secret already. */
export type ConfigureSso = Command<'ConfigureSso', Readonly<{ orgId: number; issuer: string; clientId: string; sealedSecret: string }>>;

export type RemoveSso = Command<'RemoveSso', Readonly<{ orgId: number }>>;

export type SsoCommand = ConfigureSso | RemoveSso;

export type SsoState =
  | Readonly<{ status: 'none' }>
  | Readonly<{ status: 'configured'; orgId: number; issuer: string; clientId: string; sealedSecret: string }>;

const configure = ({ data }: ConfigureSso): SsoEvent[] => {
  const orgId = validateOrgId(data.orgId);
  const issuer = validateIssuer(data.issuer);
  const clientId = validateSsoClientId(data.clientId);
  if (data.sealedSecret.length === 0) throw new ValidationError('the client secret must be sealed', 'clientSecret');
  // Every secret is sealed with a fresh IV, so a PUT of the same settings still records the change.
  return [{ type: 'SsoConfigured', data: { orgId, issuer, clientId, sealedSecret: data.sealedSecret } }];
};

const remove = ({ data }: RemoveSso, state: SsoState): SsoEvent[] => {
  switch (state.status) {
    case 'none':
      return [];
    case 'configured':
      return [{ type: 'SsoRemoved', data: { orgId: validateOrgId(data.orgId) } }];
    default: {
      const _never: never = state;
      throw new Error('unknown SSO status');
    }
  }
};

const evolve = (state: SsoState, event: SsoEvent): SsoState => {
  switch (event.type) {
    case 'SsoConfigured':
      return { status: 'configured', ...event.data };
    case 'SsoRemoved':
      return { status: 'none' };
    default: {
      const _never: never = event;
      return state;
    }
  }
};

/** The decider of `orgsso-<orgId>`: an org's single sign-on settings. */
export const ssoDecider: Decider<SsoState, SsoCommand, SsoEvent> = {
  decide: (command, state) => {
    switch (command.type) {
      case 'ConfigureSso':
        return configure(command);
      case 'RemoveSso':
        return remove(command, state);
      default: {
        const _never: never = command;
        throw new Error('unknown SSO command');
      }
    }
  },
  evolve,
  initialState: () => ({ status: 'none' }),
};
