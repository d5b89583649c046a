import { expect } from 'chai';
import { fromDbPkDateTime } from '@sapien/read-model-sql';
import { usersProjection } from '../index.ts';
import { describeOnEachDialect, eventFactory, project } from '../support/testing.ts';

const USER = '01950000-0000-7000-8000-0000000000a1';
const OTHER = '01950000-0000-7000-8000-0000000000a2';
const HASH = 'scrypt$32768$8$3$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const NEW_HASH = 'scrypt$32768$8$3$b3RoZXJzYWx0b3RoZXJzYQ$b3RoZXJoYXNob3RoZXJoYXNob3RoZXJoYXNob3RoZXI';
const SEALED = 'aes256gcm$0011aabb$aXZpdml2aXZpdml2$Y2lwaGVydGV4dA$dGFndGFndGFndGFndGFn';
const CODES = ['sha256$' + 'A'.repeat(43), 'sha256$' + 'B'.repeat(43)];

describeOnEachDialect('usersProjection', (store) => {
  const rows = () => store().db('Org.Users').select('*').orderBy('UserId');
  const time = (value: unknown) => (value === null ? null : fromDbPkDateTime(value, store().dialect));

  const history = () => {
    const event = eventFactory();
    const stream = `user-${USER}`;
    const created = event(stream, 'UserCreated', { userId: USER, orgId: 42, login: 'alice', displayName: 'Alice', roles: ['member'], passwordHash: HASH }, 42);
    const other = event(`user-${OTHER}`, 'UserCreated', { userId: OTHER, orgId: 7, login: 'bob', displayName: null, roles: ['org-admin'], passwordHash: HASH }, 7);
    const roles = event(stream, 'UserRolesChanged', { userId: USER, roles: ['member', 'org-admin'], previousRoles: ['member'] }, 42);
    const renamed = event(stream, 'UserDisplayNameChanged', { userId: USER, displayName: 'Alice B.' }, 42);
    const sso = event(stream, 'UserSsoEnabled', { userId: USER }, 42);
    const password = event(stream, 'UserPasswordChanged', { userId: USER, passwordHash: NEW_HASH }, 42);
    const enrolled = event(stream, 'TotpEnrolmentStarted', { userId: USER, sealedSecret: SEALED }, 42);
    const confirmed = event(stream, 'TotpConfirmed', { userId: USER, step: 100 }, 42);
    const codes = event(stream, 'RecoveryCodesGenerated', { userId: USER, codeHashes: CODES }, 42);
    const failed = event(stream, 'LoginFailed', { userId: USER, factor: 'password', reason: 'wrong-password', at: '2026-01-01T00:00:30.000000Z' }, 42);
    const locked = event(stream, 'AccountLocked', { userId: USER, until: '2026-01-01T00:15:30.000000Z', failures: 5, at: '2026-01-01T00:00:30.000000Z' }, 42);
    const codeUsed = event(stream, 'RecoveryCodeUsed', { userId: USER, codeHash: CODES[0] }, 42);
    const succeeded = event(stream, 'LoginSucceeded', { userId: USER, secondFactor: 'recovery-code', at: '2026-01-01T00:20:00.000000Z' }, 42);
    const unrelated = event('org-42', 'OrganisationRenamed', { orgId: 42, name: 'X', previousName: 'Y' }, 42);
    return { created, other, roles, renamed, sso, password, enrolled, confirmed, codes, failed, locked, codeUsed, succeeded, unrelated };
  };

  it('creates a row per user, with the creation time as created, updated and password-changed', async () => {
    const { created, other } = history();
    await project(store(), usersProjection, [created, other]);
    const [alice, bob] = await rows();
    expect(alice).to.include({ OrgId: 42, Login: 'alice', DisplayName: 'Alice', Roles: 'member', RecoveryCodesLeft: 0 });
    expect(Boolean(alice.SsoEnabled)).to.equal(false);
    expect(Boolean(alice.MfaEnabled)).to.equal(false);
    expect(time(alice.CreatedAt)).to.equal(created.occurredAt);
    expect(time(alice.PasswordChangedAt)).to.equal(created.occurredAt);
    expect(alice.LockedUntil).to.equal(null);
    expect(bob).to.include({ OrgId: 7, Login: 'bob', DisplayName: null, Roles: 'org-admin' });
  });

  it('applies profile, MFA and login events', async () => {
    const h = history();
    await project(store(), usersProjection, [h.created, h.roles, h.renamed, h.sso, h.password, h.enrolled, h.confirmed, h.codes, h.failed, h.locked, h.unrelated]);
    const [locked] = await rows();
    expect(locked).to.include({ DisplayName: 'Alice B.', Roles: 'member,org-admin', RecoveryCodesLeft: 2 });
    expect(Boolean(locked.SsoEnabled)).to.equal(true);
    expect(Boolean(locked.MfaEnabled)).to.equal(true);
    expect(time(locked.LockedUntil)).to.equal('2026-01-01T00:15:30.000000Z');
    expect(time(locked.PasswordChangedAt)).to.equal(h.password.occurredAt);
    expect(time(locked.UpdatedAt)).to.equal(h.codes.occurredAt);

    await project(store(), usersProjection, [h.codeUsed, h.succeeded]);
    const [loggedIn] = await rows();
    expect(loggedIn).to.include({ RecoveryCodesLeft: 1, LockedUntil: null });
    expect(time(loggedIn.LastLoginAt)).to.equal('2026-01-01T00:20:00.000000Z');
    expect(time(loggedIn.UpdatedAt)).to.equal(h.codes.occurredAt);
  });

  it('never stores a credential: no password hash, sealed secret or recovery code hash in any column', async () => {
    const h = history();
    await project(store(), usersProjection, Object.values(h));
    const values = (await rows()).flatMap((row: Record<string, unknown>) => Object.values(row).map(String));
    for (const secret of [HASH, NEW_HASH, SEALED, ...CODES]) expect(values.some((value) => value.includes(secret)), secret).to.equal(false);
    expect(values.some((value) => value.startsWith('scrypt$') || value.startsWith('aes256gcm$') || value.startsWith('sha256$'))).to.equal(false);
  });

  it('is idempotent: re-handling projected events changes nothing', async () => {
    const h = history();
    const all = [h.created, h.roles, h.codes, h.codeUsed, h.succeeded];
    await project(store(), usersProjection, all);
    const before = await rows();
    await project(store(), usersProjection, [h.created, h.codeUsed]);
    await project(store(), usersProjection, all);
    expect(await rows()).to.deep.equal(before);
  });

  it('folds one batch into the same rows as event-by-event handling', async () => {
    const h = history();
    const events = [h.created, h.other, h.roles, h.renamed, h.sso, h.confirmed, h.codes, h.codeUsed, h.succeeded];
    await project(store(), usersProjection, events);
    const batched = await rows();
    await store().db('Org.Users').delete();
    for (const event of events) await project(store(), usersProjection, [event]);
    expect(await rows()).to.deep.equal(batched);
  });
});
