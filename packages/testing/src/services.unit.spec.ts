import { expect } from 'chai';
import { requireService } from './services.ts';

// A port nothing listens on: the guard must see the service as missing.
const missing = requireService('Nothing', 'tcp://127.0.0.1:1', 'start it');

/** Runs the guard as mocha would, with CI set as given; says what it did. */
const runGuard = async (ci: string | undefined): Promise<'skipped' | Error> => {
  const saved = process.env.CI;
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    let skipped = false;
    const context = { skip: () => ((skipped = true), undefined) } as unknown as Mocha.Context;
    await missing.call(context);
    return skipped ? 'skipped' : new Error('neither skipped nor failed');
  } catch (error) {
    return error as Error;
  } finally {
    console.warn = warn;
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
};

describe('service guards of the integration suites', () => {
  it('fail the run when CI=true and the service is missing', async () => {
    const outcome = await runGuard('true');
    expect(outcome).to.be.instanceOf(Error);
    expect((outcome as Error).message).to.equal('Nothing is not reachable at tcp://127.0.0.1:1: start it');
  });

  it('skip the suite, saying why, outside CI', async () => {
    expect(await runGuard(undefined)).to.equal('skipped');
  });
});
