import { expect } from 'chai';
import { pino } from 'pino';
import { startEslListener, type RunningEslListener } from './listener.ts';

describe('esl-listener with no FreeSWITCH configured', () => {
  let listener: RunningEslListener;

  before(async () => {
    listener = await startEslListener({ host: '127.0.0.1', port: 0, targets: undefined, authenticate: async () => undefined, logger: pino({ level: 'silent' }) });
  });

  after(() => listener.stop());

  it('idles and says so on its status endpoint', async () => {
    const response = await fetch(`${listener.url}/status`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.include({ service: 'sapien-esl-listener', state: 'idle', nodes: [] });
  });

  it('serves the live console at /', async () => {
    const response = await fetch(`${listener.url}/`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/html/);
  });

  it('answers its liveness probe', async () => {
    const response = await fetch(`${listener.url}/health/live`);
    expect(response.status).to.equal(200);
  });

  it('answers an unknown path with problem+json', async () => {
    const response = await fetch(`${listener.url}/nope`);
    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.equal('application/problem+json');
  });
});
