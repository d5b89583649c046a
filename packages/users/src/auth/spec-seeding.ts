import type { EventStore } from '@sapien/event-store';
import type { Role } from '@sapien/authorization';
import type { Clock, EventMetadata } from '@sapien/kernel';
import { newId } from '@sapien/kernel';
import type { PasswordHasher } from '../credentials/password-hasher.ts';
import { generateRecoveryCodes } from '../credentials/recovery-codes.ts';
import { totpCodeAt, type TotpService } from '../credentials/totp-service.ts';
import { handleCommand } from '@sapien/event-store';
import { loginRegistryDecider } from '../logins/registry.ts';
import { loginRegistryStreamId, userStreamId } from '../stream-ids.ts';
import { userDecider } from '../user/decider.ts';

/** Writes users as the API would (registry, then user stream), for the integration specs. */
export const seeding = (eventStore: EventStore, hasher: PasswordHasher, clock: Clock) => {
  const metadata = (orgId: number): EventMetadata => ({ orgId, correlationId: 'seed', causationId: 'seed', actor: { kind: 'system', id: 'seed' } });

  const createUser = async (orgId: number, login: string, password: string, roles: Role[] = ['member']): Promise<string> => {
    const userId = newId();
    const now = clock.now();
    await handleCommand(eventStore, loginRegistryStreamId(orgId), loginRegistryDecider, { type: 'ReserveLogin', data: { orgId, login, userId }, metadata: { now } }, metadata(orgId));
    const passwordHash = await hasher.hash(password);
    await handleCommand(
      eventStore,
      userStreamId(userId),
      userDecider,
      { type: 'CreateUser', data: { userId, orgId, login, passwordHash, roles }, metadata: { now } },
      metadata(orgId),
    );
    return userId;
  };

  /** Enrols and confirms TOTP; returns the secret (as the user's app holds it) and the recovery codes. */
  const enableMfa = async (orgId: number, userId: string, totp: TotpService): Promise<{ secret: string; recoveryCodes: readonly string[] }> => {
    const enrolment = totp.enrol(userId, 'label');
    const run = (command: Parameters<typeof userDecider.decide>[0]) => handleCommand(eventStore, userStreamId(userId), userDecider, command, metadata(orgId));
    await run({ type: 'EnrolTotp', data: { userId, orgId, sealedSecret: enrolment.sealedSecret }, metadata: { now: clock.now() } });
    // Confirmed with the previous step's code, as if enrolled half a minute ago: the current step stays usable.
    const now = clock.now();
    const step = totp.matchStep(enrolment.sealedSecret, userId, totpCodeAt(enrolment.secret, totp.stepAt(now) - 1), now);
    const { codes, codeHashes } = generateRecoveryCodes(userId);
    await run({ type: 'ConfirmTotp', data: { userId, orgId, step, recoveryCodeHashes: codeHashes }, metadata: { now } });
    return { secret: enrolment.secret, recoveryCodes: codes };
  };

  return { createUser, enableMfa };
};
