import type { Scope } from '@sapien/authorization';
import type { Command, Decider } from '@sapien/kernel';
import { ConflictError, NotFoundError } from '@sapien/kernel';
import type { ClientEvent, ClientRegistered, GrantType } from './events.ts';
import { validateRegistration } from './validation.ts';

export type RegisterClient = Command<
  'RegisterClient',
  Readonly<{
    clientId: string;
    orgId?: number;
    name: string;
    grantTypes: readonly string[];
    redirectUris: readonly string[];
    scopes: readonly string[];
    secretVerifier: string;
  }>
>;

export type RotateClientSecret = Command<'RotateClientSecret', Readonly<{ clientId: string; secretVerifier: string }>>;

export type ClientCommand = RegisterClient | RotateClientSecret;

/** A client as its stream says. */
export type ClientState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{
      status: 'registered';
      clientId: string;
      orgId: number | undefined;
      name: string;
      grantTypes: readonly GrantType[];
      redirectUris: readonly string[];
      scopes: readonly Scope[];
      secretVerifier: string;
    }>;

const register = ({ data }: RegisterClient, state: ClientState): ClientEvent[] => {
  const { clientId, orgId, name, grantTypes, redirectUris, scopes } = validateRegistration(data);
  switch (state.status) {
    case 'absent': {
      const registered: ClientRegistered = {
        type: 'ClientRegistered',
        data: { clientId, ...(orgId === undefined ? {} : { orgId }), name, grantTypes, redirectUris, scopes, secretVerifier: data.secretVerifier },
      };
      return [registered];
    }
    case 'registered':
      throw new ConflictError('client-exists', `client ${clientId} is already registered`, { clientId });
    default: {
      const _never: never = state;
      throw new Error('unknown client status');
    }
  }
};

const rotate = ({ data }: RotateClientSecret, state: ClientState): ClientEvent[] => {
  switch (state.status) {
    case 'absent':
      throw new NotFoundError('client', data.clientId);
    case 'registered':
      if (state.secretVerifier === data.secretVerifier) return [];
      return [{ type: 'ClientSecretRotated', data: { clientId: state.clientId, secretVerifier: data.secretVerifier } }];
    default: {
      const _never: never = state;
      throw new Error('unknown client status');
    }
  }
};

const evolve = (state: ClientState, event: ClientEvent): ClientState => {
  switch (event.type) {
    case 'ClientRegistered':
      return { status: 'registered', ...event.data, orgId: event.data.orgId };
    case 'ClientSecretRotated':
      return state.status === 'registered' ? { ...state, secretVerifier: event.data.secretVerifier } : state;
    default: {
      const _never: never = event;
      return state;
    }
  }
};

/** The client decider, one per `client-<clientId>` stream. */
export const clientDecider: Decider<ClientState, ClientCommand, ClientEvent> = {
  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterClient':
        return register(command, state);
      case 'RotateClientSecret':
        return rotate(command, state);
      default: {
        const _never: never = command;
        throw new Error('unknown client command');
      }
    }
  },
  evolve,
  initialState: () => ({ status: 'absent' }),
};
