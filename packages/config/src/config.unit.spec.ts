import { expect } from 'chai';
import { join, resolve } from 'node:path';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig', () => {
  it('runs on embedded defaults with no variables set', () => {
    const config = readConfig({});
    expect(config.apiPort).to.equal(8080);
    expect(config.apiHost).to.equal('127.0.0.1');
    expect(config.eslWsPort).to.equal(8091);
    expect(config.eslOutboundPort).to.equal(8084);
    expect(config.dataDir).to.equal(resolve('./data'));
    expect(config.eventStoreUrl).to.equal(`sqlite:${join(resolve('./data'), 'events.sqlite')}`);
    expect(config.readDbUrl).to.equal(`sqlite:${join(resolve('./data'), 'read.sqlite')}`);
    expect(config.natsUrls).to.equal(undefined);
  });

  it('takes PostgreSQL and NATS from the environment', () => {
    const config = readConfig({
      SAPIEN_EVENTSTORE_URL: 'postgres://postgres@127.0.0.1:5432/sapien',
      SAPIEN_READ_DB_URL: 'postgresql://postgres@127.0.0.1/read',
      SAPIEN_NATS_URL: 'nats://127.0.0.1:4222, nats://127.0.0.1:4223',
      SAPIEN_API_PORT: '9000',
    });
    expect(config.eventStoreUrl).to.equal('postgres://postgres@127.0.0.1:5432/sapien');
    expect(config.natsUrls).to.deep.equal(['nats://127.0.0.1:4222', 'nats://127.0.0.1:4223']);
    expect(config.apiPort).to.equal(9000);
  });

  it('names every bad variable and what it expects', () => {
    let error: unknown;
    try {
      readConfig({ SAPIEN_API_PORT: 'eighty', SAPIEN_EVENTSTORE_URL: 'mysql://x', SAPIEN_LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).to.contain('SAPIEN_API_PORT got "eighty"; expected a TCP port number from 1 to 65535');
    expect(message).to.contain('SAPIEN_EVENTSTORE_URL got "mysql://x"; expected sqlite:<file path> or postgres://');
    expect(message).to.contain('SAPIEN_LOG_LEVEL got "loud"; expected one of fatal, error');
    expect((error as ConfigError).problems).to.have.length(3);
  });

  it('refuses a port out of range and a malformed NATS URL', () => {
    expect(() => readConfig({ SAPIEN_ESL_WS_PORT: '70000' })).to.throw(ConfigError, 'SAPIEN_ESL_WS_PORT');
    expect(() => readConfig({ SAPIEN_NATS_URL: 'http://x' })).to.throw(ConfigError, 'SAPIEN_NATS_URL');
  });

  it('takes the bootstrap client as a pair, never echoing the secret, and puts the OAuth keys under the data dir', () => {
    expect(readConfig({}).oauthKeysFile).to.equal(join(resolve('./data'), 'oauth-keys.json'));
    expect(readConfig({ SAPIEN_BOOTSTRAP_CLIENT_ID: 'ops', SAPIEN_BOOTSTRAP_CLIENT_SECRET: 'x'.repeat(24) })).to.include({ bootstrapClientId: 'ops' });
    expect(() => readConfig({ SAPIEN_BOOTSTRAP_CLIENT_ID: 'ops' })).to.throw(ConfigError, 'go together');
    let error: unknown;
    try {
      readConfig({ SAPIEN_BOOTSTRAP_CLIENT_ID: 'ops', SAPIEN_BOOTSTRAP_CLIENT_SECRET: 'hunter2' });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).message).to.contain('SAPIEN_BOOTSTRAP_CLIENT_SECRET is 7 characters long').and.not.contain('hunter2');
  });
});
