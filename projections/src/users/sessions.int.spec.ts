import { expect } from 'chai';
import { fromDbPkDateTime } from '@sapien/read-model-sql';
import { sessionsProjection } from '../index.ts';
import { describeOnEachDialect, eventFactory, project } from '../support/testing.ts';

const SESSION = '01950000-0000-7000-8000-0000000000c1';
const USER = '01950000-0000-7000-8000-0000000000a1';

describeOnEachDialect('sessionsProjection', (store) => {
  const rows = () => store().db('Org.Sessions').select('*').orderBy('SessionId');

  const history = () => {
    const event = eventFactory();
    const started = event(`session-${SESSION}`, 'SessionStarted', { sessionId: SESSION, userId: USER, orgId: 42, clientId: 'console', startedAt: '2026-01-01T00:00:00.000001Z' }, 42);
    const revoked = event(`session-${SESSION}`, 'SessionRevoked', { sessionId: SESSION, userId: USER, orgId: 42, reason: 'revoked', revokedAt: '2026-01-01T01:00:00.000000Z' }, 42);
    const grantRevoked = event(`oauthgrant-${SESSION}`, 'GrantRevoked', { grantId: SESSION, clientId: 'console' }, 42);
    return { started, revoked, grantRevoked, event };
  };

  it('creates an active row per session', async () => {
    await project(store(), sessionsProjection, [history().started]);
    const [row] = await rows();
    expect(row).to.include({ SessionId: SESSION, OrgId: 42, UserId: USER, ClientId: 'console', Status: 'active', EndReason: null, RevokedAt: null });
    expect(fromDbPkDateTime(row.StartedAt, store().dialect)).to.equal('2026-01-01T00:00:00.000001Z');
  });

  it('marks a revoked session with its time and reason', async () => {
    const { started, revoked } = history();
    await project(store(), sessionsProjection, [started, revoked]);
    const [row] = await rows();
    expect(row).to.include({ Status: 'revoked', EndReason: 'revoked' });
    expect(fromDbPkDateTime(row.RevokedAt, store().dialect)).to.equal('2026-01-01T01:00:00.000000Z');
  });

  it("ends a session when OAuth revokes its grant (the login's grant id is the session id)", async () => {
    const { started, grantRevoked } = history();
    await project(store(), sessionsProjection, [started, grantRevoked]);
    const [row] = await rows();
    expect(row).to.include({ Status: 'revoked', EndReason: 'revoked' });
    expect(fromDbPkDateTime(row.RevokedAt, store().dialect)).to.equal(grantRevoked.occurredAt);
  });

  it('keeps the first revocation: a SessionRevoked after GrantRevoked changes nothing', async () => {
    const { started, grantRevoked, revoked } = history();
    await project(store(), sessionsProjection, [started, grantRevoked]);
    const before = await rows();
    await project(store(), sessionsProjection, [{ ...revoked, position: grantRevoked.position + 1 }]);
    expect(await rows()).to.deep.equal(before);
  });

  it('ignores grants that are no session: unknown grant ids, and ids that are no UUID', async () => {
    const { started, event } = history();
    const unknown = event('oauthgrant-01950000-0000-7000-8000-0000000000ff', 'GrantRevoked', { grantId: '01950000-0000-7000-8000-0000000000ff' }, 42);
    const legacy = event('oauthgrant-Xy3_nanoid', 'GrantRevoked', { grantId: 'Xy3_nanoid' }, 42);
    await project(store(), sessionsProjection, [started, unknown, legacy]);
    expect((await rows()).map((row: { SessionId: string; Status: string }) => [row.SessionId, row.Status])).to.deep.equal([[SESSION, 'active']]);
  });

  it('is idempotent: re-handling projected events changes nothing', async () => {
    const { started, revoked } = history();
    await project(store(), sessionsProjection, [started, revoked]);
    const before = await rows();
    await project(store(), sessionsProjection, [started]);
    await project(store(), sessionsProjection, [started, revoked]);
    expect(await rows()).to.deep.equal(before);
  });
});
