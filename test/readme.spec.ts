import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { describeVariables } from '@sapien/config';

const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');

describe('README', () => {
  it('documents every environment variable as Sapien reads it', () => {
    for (const row of describeVariables()) expect(readme).to.contain(row);
  });

  it('gives the two-command quick start, and CI runs its test command', () => {
    expect(readme).to.match(/^npm start\b/m);
    expect(readme).to.match(/^npm test\b/m);
    expect(readFileSync(`${root}.ci/run`, 'utf8')).to.match(/^npm test$/m);
  });
});
