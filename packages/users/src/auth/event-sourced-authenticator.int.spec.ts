import { expect } from 'chai';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { FixedClock } from '@sapien/kernel';
import {
  AesGcmSecretBox,
  EventSourcedUserAuthenticator,
  ScryptPasswordHasher,
  TotpService,
  totpCodeAt,
  userStreamId,
  type UserAuthenticator,
} from '../index.ts';
import { seeding } from './spec-seeding.ts';

const PASSWORD = 'correct horse battery staple';
const hasher = new ScryptPasswordHasher({ N: 2 ** 15, r: 8, p: 1 });
const totp = new TotpService(new AesGcmSecretBox(AesGcmSecretBox.generateKey()));

describe('EventSourcedUserAuthenticator', () => {
  let eventStore: EventStore;
  let clock: FixedClock;
  let authenticator: UserAuthenticator;
  let seed: ReturnType<typeof seeding>;
  beforeEach(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
    clock = new FixedClock('2026-03-01T12:00:10Z');
    authenticator = new EventSourcedUserAuthenticator({ eventStore, passwordHasher: hasher, totp, clock });
    seed = seeding(eventStore, hasher, clock);
  });
  afterEach(async () => eventStore.close());

  const typesIn = async (userId: string) => (await eventStore.readStream(userStreamId(userId))).map((event) => event.type);

  describe('authenticate', () => {
    it('authenticates the right password, recording the login under the caller’s correlation id', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD, ['org-admin']);
      const user = await authenticator.authenticate({ orgId: 42, login: 'alice', password: PASSWORD }, { correlationId: 'login-1' });
      expect(user).to.deep.equal({ userId, orgId: 42, roles: ['org-admin'], mfaRequired: false });
      const last = (await eventStore.readStream(userStreamId(userId))).at(-1);
      expect(last?.type).to.equal('LoginSucceeded');
      expect(last?.metadata).to.deep.include({ orgId: 42, correlationId: 'login-1', actor: { kind: 'user', id: userId } });
    });

    it('finds the login whatever its case', async () => {
      await seed.createUser(42, 'Alice', PASSWORD);
      expect(await authenticator.authenticate({ orgId: 42, login: 'ALICE', password: PASSWORD })).to.include({ orgId: 42 });
    });

    it('refuses a wrong password and records the failure', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD);
      expect(await authenticator.authenticate({ orgId: 42, login: 'alice', password: 'wrong password!' })).to.equal(undefined);
      expect(await typesIn(userId)).to.deep.equal(['UserCreated', 'LoginFailed']);
    });

    it('refuses an unknown login, and a login of another org, recording nothing', async () => {
      await seed.createUser(42, 'alice', PASSWORD);
      const head = await eventStore.headPosition();
      expect(await authenticator.authenticate({ orgId: 42, login: 'bob', password: PASSWORD })).to.equal(undefined);
      expect(await authenticator.authenticate({ orgId: 7, login: 'alice', password: PASSWORD })).to.equal(undefined);
      expect(await eventStore.headPosition()).to.equal(head);
    });

    it('locks the account after five failures, refuses the right password while locked, and lets it in after the lock', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD);
      for (let i = 0; i < 5; i++) await authenticator.authenticate({ orgId: 42, login: 'alice', password: `wrong password ${i}` });
      expect((await typesIn(userId)).slice(-2)).to.deep.equal(['LoginFailed', 'AccountLocked']);
      clock.advance(14 * 60 * 1_000_000);
      expect(await authenticator.authenticate({ orgId: 42, login: 'alice', password: PASSWORD })).to.equal(undefined);
      expect((await typesIn(userId)).at(-1)).to.equal('AccountLocked');
      clock.advance(60 * 1_000_000);
      expect(await authenticator.authenticate({ orgId: 42, login: 'alice', password: PASSWORD })).to.include({ userId });
    });

    it('refuses password logins of an SSO user', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD);
      await eventStore.appendToStream(userStreamId(userId), [
        {
          id: '01950000-0000-7000-8000-0000000000ff',
          type: 'UserSsoEnabled',
          data: { userId },
          metadata: { orgId: 42, correlationId: 'c', causationId: 'c', actor: { kind: 'system', id: 'test' } },
          occurredAt: clock.now(),
        },
      ]);
      expect(await authenticator.authenticate({ orgId: 42, login: 'alice', password: PASSWORD })).to.equal(undefined);
    });

    it('answers undefined for malformed input instead of throwing', async () => {
      expect(await authenticator.authenticate({ orgId: 0, login: 'alice', password: PASSWORD })).to.equal(undefined);
      expect(await authenticator.authenticate({ orgId: 42, login: 'a'.repeat(5000), password: PASSWORD })).to.equal(undefined);
    });
  });

  describe('findUser and the positional form packages/oauth uses', () => {
    it('authenticates with (orgId, login, password) too', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD);
      const login = new EventSourcedUserAuthenticator({ eventStore, passwordHasher: hasher, totp, clock });
      expect(await login.authenticate(42, 'alice', PASSWORD)).to.include({ userId, mfaRequired: false });
      expect(await login.authenticate(42, 'alice', 'not the password')).to.equal(undefined);
    });

    it('finds an existing user by id, and says whether it needs a second factor', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD, ['org-admin']);
      const login = new EventSourcedUserAuthenticator({ eventStore, passwordHasher: hasher, totp, clock });
      expect(await login.findUser(userId)).to.deep.equal({ userId, orgId: 42, roles: ['org-admin'] });
      expect(await login.findUser('01950000-0000-7000-8000-000000000999')).to.equal(undefined);
      expect(await login.findUser('nope')).to.equal(undefined);
      expect(await login.mfaRequired(userId)).to.equal(false);
      await seed.enableMfa(42, userId, totp);
      expect(await login.mfaRequired(userId)).to.equal(true);
    });
  });

  describe('findSsoUser', () => {
    const enableSso = (userId: string) =>
      eventStore.appendToStream(userStreamId(userId), [
        {
          id: '01950000-0000-7000-8000-0000000000fe',
          type: 'UserSsoEnabled',
          data: { userId },
          metadata: { orgId: 42, correlationId: 'c', causationId: 'c', actor: { kind: 'system', id: 'test' } },
          occurredAt: clock.now(),
        },
      ]);

    it('finds a user of the org with SSO enabled by login, whatever its case', async () => {
      const userId = await seed.createUser(42, 'Alice@Example.com', PASSWORD, ['org-admin']);
      await enableSso(userId);
      const login = new EventSourcedUserAuthenticator({ eventStore, passwordHasher: hasher, totp, clock });
      expect(await login.findSsoUser(42, 'alice@example.COM')).to.deep.equal({ userId, orgId: 42, roles: ['org-admin'] });
    });

    it('finds nobody for a user without SSO, a login of another org, or an unknown login', async () => {
      await seed.createUser(42, 'bob@example.com', PASSWORD);
      const carol = await seed.createUser(7, 'carol@example.com', PASSWORD);
      await enableSso(carol);
      const login = new EventSourcedUserAuthenticator({ eventStore, passwordHasher: hasher, totp, clock });
      expect(await login.findSsoUser(42, 'bob@example.com')).to.equal(undefined);
      expect(await login.findSsoUser(42, 'carol@example.com')).to.equal(undefined);
      expect(await login.findSsoUser(42, 'nobody@example.com')).to.equal(undefined);
      expect(await login.findSsoUser(0, 'bob@example.com')).to.equal(undefined);
    });
  });

  describe('with MFA', () => {
    it('asks for the second factor without recording a login yet', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD);
      await seed.enableMfa(42, userId, totp);
      expect(await authenticator.authenticate({ orgId: 42, login: 'alice', password: PASSWORD })).to.deep.equal({
        userId,
        orgId: 42,
        roles: ['member'],
        mfaRequired: true,
      });
      expect(await typesIn(userId)).not.to.include('LoginSucceeded');
    });

    it('completes the login with the current TOTP code and refuses the same code again', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD);
      const { secret } = await seed.enableMfa(42, userId, totp);
      const code = totpCodeAt(secret, totp.stepAt(clock.now()));
      expect(await authenticator.verifySecondFactor(userId, code)).to.equal(true);
      expect(await authenticator.verifySecondFactor(userId, code)).to.equal(false);
      expect((await typesIn(userId)).slice(-3)).to.deep.equal(['TotpCodeUsed', 'LoginSucceeded', 'LoginFailed']);
    });

    it('accepts each recovery code once', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD);
      const { recoveryCodes } = await seed.enableMfa(42, userId, totp);
      const [code = ''] = recoveryCodes;
      expect(await authenticator.verifySecondFactor(userId, code.toUpperCase())).to.equal(true);
      expect(await authenticator.verifySecondFactor(userId, code)).to.equal(false);
    });

    it('locks the account after five bad codes', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD);
      const { secret } = await seed.enableMfa(42, userId, totp);
      const step = totp.stepAt(clock.now());
      const window = [step - 1, step, step + 1].map((s) => totpCodeAt(secret, s));
      const wrong = ['000000', '111111', '222222', '333333'].find((code) => !window.includes(code)) ?? '444444';
      for (let i = 0; i < 5; i++) expect(await authenticator.verifySecondFactor(userId, wrong)).to.equal(false);
      expect((await typesIn(userId)).at(-1)).to.equal('AccountLocked');
      expect(await authenticator.verifySecondFactor(userId, totpCodeAt(secret, step))).to.equal(false);
    });

    it('answers false for a user without MFA, an unknown user, or a malformed id', async () => {
      const userId = await seed.createUser(42, 'alice', PASSWORD);
      expect(await authenticator.verifySecondFactor(userId, '123456')).to.equal(false);
      expect(await authenticator.verifySecondFactor('01950000-0000-7000-8000-000000000999', '123456')).to.equal(false);
      expect(await authenticator.verifySecondFactor('nope', '123456')).to.equal(false);
    });
  });
});
