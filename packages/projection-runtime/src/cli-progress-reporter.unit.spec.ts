import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { cliProgressReporter } from './cli-progress-reporter.ts';

/** A terminal stand-in: cli-progress draws only on a TTY. */
const terminal = (): PassThrough & { output(): string } => {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return Object.assign(stream, { output: () => text });
};

describe('cliProgressReporter', () => {
  it('draws the rebuild as a bar up to the swap', () => {
    const stream = terminal();
    const report = cliProgressReporter({ stream, label: 'counting' });
    report({ phase: 'replay', done: 0, total: 200 });
    report({ phase: 'replay', done: 100, total: 200 });
    report({ phase: 'catch-up', done: 210, total: 210 });
    report({ phase: 'swapped', done: 210, total: 210 });
    const output = stream.output();
    expect(output).to.contain('counting [');
    expect(output).to.contain('100% | 210/210 | swapped');
  });
});
