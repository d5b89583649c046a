import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SERVICE_NODE_FLAGS } from '@sapien/kernel';
import { requireNats, requirePostgres } from '@sapien/testing';

// A smoke run of the benchmarks with tiny sizes: it checks that every case runs and is reported,
// never how fast anything is (no timing assertions in tests).
const root = new URL('..', import.meta.url).pathname;
const run = promisify(execFile);

const EXPECTED_ROWS: readonly (readonly [string, string])[] = [
  ['append, batch 1', 'postgres'],
  ['append, batch 100', 'postgres'],
  ['append, batch 1', 'sqlite'],
  ['append, batch 100', 'sqlite'],
  ['projection orgs + event-log', 'postgres'],
  ['projection orgs + event-log', 'sqlite'],
  ['lag offered rate', 'postgres'],
  ['lag append→read model p50', 'postgres'],
  ['lag append→read model p99', 'postgres'],
  ['lag append→NATS p50', 'postgres'],
  ['lag append→NATS p99', 'postgres'],
  ['client_credentials tokens, peak over 4 or 16 in flight', 'sqlite'],
  ['client_credentials tokens, 4 in flight', 'sqlite'],
  ['client_credentials tokens, peak over 4 or 16 in flight', 'postgres'],
  ['client_credentials tokens, 4 in flight', 'postgres'],
  ['GET /v1/orgs/{orgId}, auth + voters + rate limit', 'sqlite'],
  ['rate-limit check p50', 'sqlite'],
  ['rate-limit check p99', 'sqlite'],
  ['rate-limit check p50', 'postgres'],
  ['rate-limit check p99', 'postgres'],
  ['ESL parser, text/event-json', '—'],
  ['ESL parser, text/event-json, then every header read', '—'],
  ['ESL parser, text/event-plain', '—'],
  ['ESL stand-in → listener → JetStream, sustained', '—'],
  ['ESL emitted → JetStream ack p99 at 1,000/s', '—'],
  ['ESL emitted → delivered p99 at 1,000/s', '—'],
];

/** The rows of the results table (seven cells), header included. */
const tableRows = (markdown: string): string[][] =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(' | '))
    .filter((cells) => cells.length === 7);

describe('npm run bench -- --quick', function () {
  this.timeout(300_000); // every case, tiny sizes, on a machine the rest of the suite shares
  let out: string | undefined;
  let stdout = '';
  let files: string[] = [];
  let report = '';

  before(requirePostgres);
  before(requireNats);
  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'sapien-bench-smoke-'));
    // What `npm run bench` runs, without npm (which may first reinstall the shared node_modules).
    ({ stdout } = await run(process.execPath, [...SERVICE_NODE_FLAGS, '--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], { cwd: root, maxBuffer: 10 * 2 ** 20 }));
    files = readdirSync(out);
    report = files[0] === undefined ? '' : readFileSync(join(out, files[0]), 'utf8');
  });
  after(() => {
    if (out !== undefined) rmSync(out, { recursive: true, force: true });
  });

  it('is the command package.json names', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.bench).to.contain(`node ${SERVICE_NODE_FLAGS.join(' ')} --import tsx bench/run.ts`);
  });

  it('writes one report named for the date and the machine, and prints it', () => {
    expect(files).to.have.length(1);
    expect(files[0]).to.match(/^\d{4}-\d{2}-\d{2}-[A-Za-z0-9_-]+\.md$/);
    expect(stdout).to.equal(report);
  });

  it('states the date, the machine, node, PostgreSQL and nats-server', () => {
    for (const field of ['date', 'machine', 'CPU', 'memory', 'node', 'PostgreSQL', 'nats-server']) {
      expect(report, field).to.match(new RegExp(`^\\| ${field} \\| .+ \\|$`, 'm'));
    }
    expect(report).to.match(/^\| PostgreSQL \| PostgreSQL \d+/m);
    expect(report).to.match(/^\| nats-server \| \d+\.\d+\.\d+ \|$/m);
  });

  it('has a row for every case on every database, with a result, a baseline and a ratio', () => {
    const rows = tableRows(report);
    expect(rows).to.deep.include(['case', 'db', 'result', 'baseline', 'ratio', 'target', 'met?']);
    for (const [name, db] of EXPECTED_ROWS) {
      const row = rows.find((cells) => cells[0] === name && cells[1] === db);
      expect(row, `${name} on ${db}`).to.not.equal(undefined);
      const [, , result, baseline, ratio] = row ?? [];
      expect(result, `${name} on ${db}: result`).to.match(/^[\d,.]+ (events\/s|tokens\/s|req\/s|ms)$/);
      expect(baseline, `${name} on ${db}: baseline`).to.match(/ [\d,.]+ (events\/s|tokens\/s|req\/s|ms)$/);
      expect(ratio, `${name} on ${db}: ratio`).to.match(/^\d+\.\d\d$/);
    }
  });

  it('judges the issue targets: append batch 100, p99 lag to the read model, tokens/s and authenticated req/s', () => {
    const rows = tableRows(report);
    const targeted = rows.filter((cells) => cells[5] !== '—' && cells[0] !== 'case').map((cells) => `${cells[0]} ${cells[1]}`);
    expect(targeted).to.include.members([
      'append, batch 100 postgres',
      'append, batch 100 sqlite',
      'lag append→read model p99 postgres',
      'client_credentials tokens, peak over 4 or 16 in flight sqlite',
      'client_credentials tokens, peak over 4 or 16 in flight postgres',
      'GET /v1/orgs/{orgId}, auth + voters + rate limit sqlite',
    ]);
    for (const cells of rows.filter((row) => row[5] !== '—' && row[0] !== 'case')) expect(cells[6]).to.be.oneOf(['yes', '**no**']);
  });

  it('reports the added p99 of the rate-limit check on each database', () => {
    for (const db of ['sqlite', 'postgres']) expect(report).to.match(new RegExp(`^- rate-limit check, ${db}: .*added p99 -?[\\d.]+ ms`, 'm'));
  });
});
