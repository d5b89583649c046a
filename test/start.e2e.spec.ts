import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { CheckpointStore } from '@sapien/projection-runtime';
import { openReadModelStore } from '@sapien/read-model-sql';
import { freePort } from '@sapien/testing';
import { runSapien, type SapienProcess } from './support/sapien-process.ts';
import { bootstrapEnv, clientCredentialsToken } from './support/tokens.ts';


describe('npm start (embedded defaults, one process)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let api: string;
  let sapien: SapienProcess | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sapien-start-'));
    const [apiPort, eslPort] = [await freePort(), await freePort()];
    env = { SAPIEN_DATA_DIR: dataDir, SAPIEN_API_PORT: String(apiPort), SAPIEN_ESL_WS_PORT: String(eslPort), SAPIEN_ESL_OUTBOUND_PORT: String(await freePort()), SAPIEN_LOG_LEVEL: 'info', ...bootstrapEnv() };
    api = `http://127.0.0.1:${apiPort}`;
  });

  afterEach(async () => {
    await sapien?.stop('SIGKILL');
    sapien = undefined;
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints its URLs and how to get a first token, and asks for one on /v1', async () => {
    sapien = runSapien(['start'], env);
    await sapien.waitFor('Sapien is running');
    await sapien.waitFor('Get a platform-admin token with the bootstrap client');
    await sapien.waitFor('esl-listener idle');
    expect(sapien.output()).to.contain(`curl ${api}/oauth/token`);
    const anonymous = await fetch(`${api}/v1/orgs/1`);
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers.get('www-authenticate')).to.match(/^Bearer/);
    expect(sapien.output()).to.contain(`api            ${api}`);
    expect(sapien.output()).to.contain(`${api}/openapi.json`);
    const hello = await fetch(`${api}/hello`);
    expect(hello.status).to.equal(200);
    const ready = await fetch(`${api}/health/ready`);
    expect(await ready.json()).to.deep.include({ status: 'ready' });
  });

  it('finishes in-flight commands and saves its checkpoints on SIGTERM, then resumes where it stopped', async () => {
    sapien = runSapien(['start'], env);
    await sapien.waitFor('Sapien is running');
    const json = { 'content-type': 'application/json', authorization: `Bearer ${await clientCredentialsToken(api)}` };
    const first = await fetch(`${api}/v1/orgs`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Before' }) });
    expect(first.status).to.equal(201);

    // A burst of commands, then SIGTERM while they are being handled.
    const burst = Array.from({ length: 20 }, (_, index) =>
      fetch(`${api}/v1/orgs`, { method: 'POST', headers: json, body: JSON.stringify({ name: `Burst ${index}` }) }).then(
        async (response) => ({
          status: response.status,
          contentType: response.headers.get('content-type') ?? '',
          body: (await response.json()) as { orgId?: number },
        }),
        () => ({ status: 0, contentType: '', body: {} as { orgId?: number } }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const exitCode = await sapien.stop('SIGTERM');
    const answers = await Promise.all(burst);
    expect(exitCode).to.equal(0);
    expect(sapien.output()).to.contain('projector stopped, checkpoints saved');
    expect(sapien.output()).to.contain('stopped cleanly');
    // A command is either done (201) or refused as the server closes (503 problem+json, or the
    // connection refused): nothing half-done.
    for (const answer of answers) {
      expect([0, 201, 503]).to.include(answer.status);
      if (answer.status === 503) expect(answer.contentType).to.contain('application/problem+json');
    }
    const created = answers.filter((answer) => answer.status === 201).map((answer) => answer.body.orgId);

    // The checkpoints were saved at the head of the log.
    const eventStore = await openSqlEventStore(`sqlite:${join(dataDir, 'events.sqlite')}`);
    const readModels = await openReadModelStore(`sqlite:${join(dataDir, 'read.sqlite')}`);
    try {
      const head = await eventStore.headPosition();
      const saved = new Map((await (await CheckpointStore.open(readModels)).all()).map((row) => [row.name, row.position]));
      expect(saved.get('orgs')).to.equal(head);
      expect(saved.get('event-log')).to.equal(head);
      expect(saved.get('nats-publisher')).to.equal(head);
      // Exactly the acknowledged commands took effect.
      expect(await readModels.db('Org.Orgs').count({ n: '*' })).to.deep.equal([{ n: created.length + 1 }]);
    } finally {
      await readModels.close();
      await eventStore.close();
    }

    // Restarted, it serves every org that was acknowledged.
    sapien = runSapien(['start'], env);
    await sapien.waitFor('Sapien is running');
    const authorization = `Bearer ${await clientCredentialsToken(api)}`;
    for (const orgId of created) {
      const response = await fetch(`${api}/v1/orgs/${String(orgId)}`, { headers: { authorization } });
      expect(response.status, `org ${String(orgId)}`).to.equal(200);
    }
  });

  it('creates a platform-admin client from the CLI whose secret gets a working token', async () => {
    const create = runSapien(['clients', 'create', '--admin', '--name', 'ops'], env);
    expect(await create.exited()).to.equal(0);
    const clientId = /client_id:\s+(\S+)/.exec(create.output())?.[1];
    const clientSecret = /client_secret:\s+(\S+)/.exec(create.output())?.[1];
    expect(clientId, create.output()).to.be.a('string');
    expect(clientSecret, create.output()).to.be.a('string');
    expect(create.output()).to.contain('The secret is shown only now');

    sapien = runSapien(['start'], env);
    await sapien.waitFor('Sapien is running');
    const token = await clientCredentialsToken(api, 'admin', { id: String(clientId), secret: String(clientSecret) });
    const created = await fetch(`${api}/v1/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Made by ops' }),
    });
    expect(created.status).to.equal(201);
    const wrong = await fetch(`${api}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: String(clientId), client_secret: 'not-the-secret', scope: 'admin' }),
    });
    expect(wrong.status).to.equal(401);
  });

  it('stops with a message naming a bad variable and what it expects', async () => {
    sapien = runSapien(['start'], { ...env, SAPIEN_API_PORT: 'eighty', SAPIEN_READ_DB_URL: 'mysql://db' });
    const exitCode = await sapien.exited();
    expect(exitCode).to.equal(2);
    expect(sapien.output()).to.contain('SAPIEN_API_PORT got "eighty"; expected a TCP port number');
    expect(sapien.output()).to.contain('SAPIEN_READ_DB_URL got "mysql://db"; expected sqlite:<file path> or postgres://');
    expect(sapien.output()).to.contain('Sapien did not start');
  });
});
