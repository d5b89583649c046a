import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The repository's shape is part of its contract with newcomers: these tests keep it.
const root = new URL('..', import.meta.url).pathname;
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;

const workspaceDirs = (): string[] => {
  const dirs = ['projections', 'test/esl-stand-in'];
  for (const parent of ['packages', 'services']) {
    for (const name of readdirSync(join(root, parent))) dirs.push(`${parent}/${name}`);
  }
  return dirs.filter((dir) => existsSync(join(root, dir, 'package.json')));
};

describe('repository layout and toolchain', () => {
  it('has the top-level entries the architecture names', () => {
    for (const entry of [
      'services/api',
      'services/projector',
      'services/esl-listener',
      'packages',
      'projections',
      'test',
      'bench',
      'docker-compose.yml',
      'lerna.json',
      'package.json',
      'tsconfig.base.json',
      'README.md',
    ]) {
      expect(existsSync(join(root, entry)), entry).to.equal(true);
    }
  });

  it('requires Node 24 or newer', () => {
    expect(readJson('package.json').engines).to.deep.equal({ node: '>=24' });
    expect(Number(process.versions.node.split('.')[0])).to.be.at.least(24);
  });

  it('has a strict ESM base config that every package extends', () => {
    const base = readJson('tsconfig.base.json').compilerOptions as Record<string, unknown>;
    expect(base).to.include({ strict: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, module: 'nodenext' });
    for (const dir of workspaceDirs()) {
      const config = readJson(`${dir}/tsconfig.json`);
      expect(String(config.extends), dir).to.match(/tsconfig\.base\.json$/);
      expect(readJson(`${dir}/package.json`).type, dir).to.equal('module');
    }
  });

  it('pins every external dependency to a major version', () => {
    const manifests = ['package.json', ...workspaceDirs().map((dir) => `${dir}/package.json`)];
    for (const manifest of manifests) {
      const json = readJson(manifest);
      for (const field of ['dependencies', 'devDependencies']) {
        for (const [name, range] of Object.entries((json[field] ?? {}) as Record<string, string>)) {
          if (name.startsWith('@sapien/')) continue;
          expect(range, `${manifest} ${name}`).to.match(/^[~^]?\d+\.\d+\.\d+$/);
        }
      }
    }
  });

  it('lets lerna see every npm workspace', () => {
    const listed = JSON.parse(
      execFileSync('npx', ['lerna', 'list', '--json', '--all', '--loglevel', 'silent'], { cwd: root, encoding: 'utf8' }),
    ) as { location: string }[];
    const locations = listed.map((entry) => entry.location.slice(root.length).replace(/^\//, '')).sort();
    expect(locations).to.deep.equal(workspaceDirs().sort());
  });

  it('runs the linter and the type checker in the test command', () => {
    const scripts = readJson('package.json').scripts as Record<string, string>;
    expect(scripts.test).to.contain('npm run check');
    expect(scripts.check).to.contain('npm run lint');
    expect(scripts.check).to.contain('npm run typecheck');
    expect(scripts.lint).to.contain('eslint');
  });
});
