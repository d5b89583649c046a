import { ConflictError, type Command, type Decider, type DomainEvent } from '@sapien/kernel';
import { validateOrgId } from '@sapien/organisations';
import { loginKeyOf, validateLogin, validateUuid } from '../validation.ts';

/**
 * The login registry of an org (stream `user-logins-<orgId>`): a login is reserved here for a user
 * id before the user's stream is created; appending at the registry's expected revision makes two
 * concurrent reservations of one login impossible. Logins compare case-insensitively (`loginKey`).
 */
export type ReserveLogin = Command<'ReserveLogin', Readonly<{ orgId: number; login: string; userId: string }>>;

export type LoginReserved = DomainEvent<'LoginReserved', Readonly<{ orgId: number; login: string; loginKey: string; userId: string }>>;

/**
 * The reservations as a chain, newest first: evolving is O(1), so folding a large org's registry
 * stays linear; one lookup walks the chain once.
 */
type Reservation = Readonly<{ loginKey: string; userId: string; previous: Reservation | undefined }>;
export type LoginRegistryState = Readonly<{ latest: Reservation | undefined }>;

const ownerOf = (state: LoginRegistryState, loginKey: string): string | undefined => {
  for (let reservation = state.latest; reservation !== undefined; reservation = reservation.previous) {
    if (reservation.loginKey === loginKey) return reservation.userId;
  }
  return undefined;
};

const decide = ({ data }: ReserveLogin, state: LoginRegistryState): LoginReserved[] => {
  const orgId = validateOrgId(data.orgId);
  const login = validateLogin(data.login);
  const userId = validateUuid(data.userId, 'userId');
  const loginKey = loginKeyOf(login);
  const owner = ownerOf(state, loginKey);
  // The same reservation again (a retried request) changes nothing.
  if (owner === userId) return [];
  if (owner !== undefined) throw new ConflictError('login-taken', `the login ${login} is taken in this organisation`, { field: 'login' });
  return [{ type: 'LoginReserved', data: { orgId, login, loginKey, userId } }];
};

const evolve = (state: LoginRegistryState, { data }: LoginReserved): LoginRegistryState => ({
  latest: { loginKey: data.loginKey, userId: data.userId, previous: state.latest },
});

export const loginRegistryDecider: Decider<LoginRegistryState, ReserveLogin, LoginReserved> = {
  decide,
  evolve,
  initialState: () => ({ latest: undefined }),
};

/** The user id a login is reserved for, if any. */
export const userIdForLogin = (state: LoginRegistryState, login: string): string | undefined => ownerOf(state, loginKeyOf(login));
