import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOAuthKeysError, loadOrCreateOAuthKeys } from './keys.ts';

describe('loadOrCreateOAuthKeys', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sapien-keys-'));
  });
  afterEach(async () => rm(directory, { recursive: true, force: true }));

  it('creates the keys file on first start, readable by its owner only, and reads it afterwards', async () => {
    const file = join(directory, 'nested', 'oauth-keys.json');
    const first = await loadOrCreateOAuthKeys(file);
    expect(first.jwks.keys[0]).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig' }).and.have.property('d');
    expect(first.cookieKeys).to.have.length(1);
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    expect(await loadOrCreateOAuthKeys(file)).to.deep.equal(first);
  });

  it('gives instances starting together the same keys', async () => {
    const file = join(directory, 'oauth-keys.json');
    const [one, two] = await Promise.all([loadOrCreateOAuthKeys(file), loadOrCreateOAuthKeys(file)]);
    expect(one).to.deep.equal(two);
    expect(JSON.parse(await readFile(file, 'utf8'))).to.deep.equal(one);
  });

  it('refuses a damaged file rather than replacing it', async () => {
    const file = join(directory, 'oauth-keys.json');
    await writeFile(file, '{"jwks":{"keys":[]}}');
    let thrown: unknown;
    try {
      await loadOrCreateOAuthKeys(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(InvalidOAuthKeysError);
  });
});
