import { expect } from 'chai';
import { REDACTED, redactCredentials, redactForBus } from './redaction.ts';

describe('redactCredentials', () => {
  it('replaces credential fields at any depth and keeps everything else', () => {
    const data = {
      userId: 'u1',
      passwordHash: 'scrypt$…',
      mfa: { sealedSecret: 'v1.abc', recovery: [{ codeHash: 'h1' }, { codeHash: 'h2' }] },
      codeHashes: ['a', 'b'],
      client: { secretVerifier: 'sha256$x', name: 'ops' },
    };
    expect(redactCredentials(data)).to.deep.equal({
      userId: 'u1',
      passwordHash: REDACTED,
      mfa: { sealedSecret: REDACTED, recovery: [{ codeHash: REDACTED }, { codeHash: REDACTED }] },
      codeHashes: REDACTED,
      client: { secretVerifier: REDACTED, name: 'ops' },
    });
  });

  it('leaves the original untouched and passes scalars through', () => {
    const data = { passwordHash: 'x' };
    redactCredentials(data);
    expect(data.passwordHash).to.equal('x');
    expect(redactCredentials(null)).to.equal(null);
    expect(redactCredentials('text')).to.equal('text');
  });
});

describe('redactForBus', () => {
  it('also replaces personal data, which NATS subscribers never get in plaintext', () => {
    expect(redactForBus({ userId: 'u1', login: 'alice@example.com', displayName: 'Alice', passwordHash: 'x', orgId: 1 })).to.deep.equal({
      userId: 'u1',
      login: REDACTED,
      displayName: REDACTED,
      passwordHash: REDACTED,
      orgId: 1,
    });
  });
});
