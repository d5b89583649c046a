import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { FixedClock, SapienError, ValidationError } from '@sapien/kernel';
import { ssoStreamId } from './events.ts';
import { NO_SSO, createSsoSettings, type SsoSecretBox } from './settings.ts';

/** A stand-in with the SecretBox contract: bound to its context, so a value sealed for one org does not open for another. */
const secretBox: SsoSecretBox = {
  seal: (plaintext, context) => `sealed$${Buffer.from(context).toString('base64url')}$${Buffer.from(plaintext).reverse().toString('base64url')}$${randomBytes(4).toString('hex')}`,
  open: (sealed, context) => {
    const [, boundTo = '', body = ''] = sealed.split('$');
    if (Buffer.from(boundTo, 'base64url').toString() !== context) throw new Error('sealed for another context');
    return Buffer.from(body, 'base64url').reverse();
  },
};
const context = { actor: { kind: 'user', id: 'u-admin' }, correlationId: 'c-1' } as const;
const input = { issuer: 'https://login.acme.example', clientId: 'sapien', clientSecret: 'an idp secret with spaces' };

describe('SSO settings over the event store', () => {
  let eventStore: EventStore;
  beforeEach(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
  });
  afterEach(async () => eventStore.close());

  const settings = () => createSsoSettings({ eventStore, clock: new FixedClock('2026-03-01T12:00:00Z'), secretBox });

  it('stores the secret sealed for the org, shows it to nobody, and opens it for the sign-in', async () => {
    const sso = settings();
    const { configuration, position } = await sso.configure(7, input, context);
    expect(configuration).to.deep.equal({ orgId: 7, issuer: input.issuer, clientId: 'sapien' });
    expect(position).to.be.greaterThan(0);
    const [event] = await eventStore.readStream(ssoStreamId(7));
    expect(event?.metadata).to.deep.include({ orgId: 7, correlationId: 'c-1', actor: context.actor });
    expect(JSON.stringify(event)).not.to.contain(input.clientSecret);
    expect(await sso.find(7)).to.deep.equal(configuration);
    expect(await sso.signInSettingsOf(7)).to.deep.equal({ ...configuration, clientSecret: input.clientSecret });
    expect(await sso.signInSettingsOf(8)).to.equal(undefined);
  });

  it('does not open a sealed secret copied to another org', async () => {
    const sso = settings();
    await sso.configure(7, input, context);
    const [event] = await eventStore.readStream(ssoStreamId(7));
    await eventStore.appendToStream(ssoStreamId(8), [{ ...(event as NonNullable<typeof event>), id: '01950000-0000-7000-8000-000000000001', data: { ...(event?.data as object), orgId: 8 } }], {
      expectedRevision: 'no_stream',
    });
    let failure: unknown;
    await sso.signInSettingsOf(8).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(Error);
  });

  it('removes the settings once; a second removal records nothing', async () => {
    const sso = settings();
    await sso.configure(7, input, context);
    await sso.remove(7, context);
    await sso.remove(7, context);
    expect((await eventStore.readStream(ssoStreamId(7))).map((event) => event.type)).to.deep.equal(['SsoConfigured', 'SsoRemoved']);
    expect(await sso.find(7)).to.equal(undefined);
  });

  it('refuses a secret with a control character before sealing anything', async () => {
    let failure: unknown;
    await settings()
      .configure(7, { ...input, clientSecret: 'line\nbreak' }, context)
      .catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(ValidationError).with.property('field', 'clientSecret');
    expect(await eventStore.readStream(ssoStreamId(7))).to.deep.equal([]);
  });

  it('says why not when the server has no secret box', async () => {
    let failure: unknown;
    await NO_SSO.configure(7, input, context).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(SapienError).with.property('code', 'sso-not-available');
  });
});
