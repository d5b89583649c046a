import { expect } from 'chai';
import { generateSecret, secretVerifier, sha256Hex, verifySecret } from './hashing.ts';

describe('client secret verifiers', () => {
  it('verifies a generated secret against its SHA-256 verifier, and nothing else', async () => {
    const secret = generateSecret();
    const verifier = await secretVerifier(secret, 'generated');
    expect(verifier).to.match(/^sha256\$/u).and.not.contain(secret);
    expect(await verifySecret(verifier, secret)).to.equal(true);
    expect(await verifySecret(verifier, `${secret}x`)).to.equal(false);
  });

  it('salts a chosen secret with scrypt, so one secret gives different verifiers', async () => {
    const first = await secretVerifier('a secret someone chose at a terminal', 'chosen');
    const second = await secretVerifier('a secret someone chose at a terminal', 'chosen');
    expect(first).to.match(/^scrypt\$16384\$8\$1\$/u).and.not.equal(second);
    expect(await verifySecret(first, 'a secret someone chose at a terminal')).to.equal(true);
    expect(await verifySecret(first, 'a secret someone chose at a terminal!')).to.equal(false);
  });

  it('never matches a verifier of an unknown form', async () => {
    expect(await verifySecret('plain', 'plain')).to.equal(false);
    expect(await verifySecret('sha256$', '')).to.equal(false);
  });

  it('generates 256-bit secrets', () => expect(Buffer.from(generateSecret(), 'base64url')).to.have.length(32));

  it('names streams by a hex SHA-256', () =>
    expect(sha256Hex('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'));
});
