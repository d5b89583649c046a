import { readFileSync } from 'node:fs';
import { EslStandInError } from './errors.ts';

/** A captured frame, one JSON line of a fixture: the ESL listener's capture format. */
import type { RecordedTrafficEntry } from '@sapien/esl-protocol';
export type { RecordedTrafficEntry };

export const FIXTURE_NAMES = [
  'full-call.plain',
  'full-call.json',
  'heartbeat.plain',
  'heartbeat.json',
  'background-job.plain',
  'background-job.json',
  'sofia-register.plain',
  'sofia-register.json',
] as const;

export type FixtureName = (typeof FIXTURE_NAMES)[number];

const FIXTURES_DIR = new URL('../fixtures/', import.meta.url);

/** A recorded exchange from `fixtures/<name>.ndjson`. */
export function loadFixture(name: FixtureName): RecordedTrafficEntry[] {
  if (!(FIXTURE_NAMES as readonly string[]).includes(name)) {
    throw new EslStandInError('unknown_fixture', `no fixture named "${name}"`, { known: FIXTURE_NAMES });
  }
  const text = readFileSync(new URL(`${name}.ndjson`, FIXTURES_DIR), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => checkEntry(JSON.parse(line) as unknown, `${name}.ndjson line ${i + 1}`));
}

/** The bytes of an `in` entry as FreeSWITCH sent them: header lines in order, values as recorded, the body. */
export function fixtureFrameBytes(entry: RecordedTrafficEntry): Buffer {
  let head = '';
  for (const [name, value] of Object.entries(entry.headers)) head += `${name}: ${value}\n`;
  const body =
    entry.body === undefined ? Buffer.alloc(0) : Buffer.from(entry.body, entry.bodyEncoding === 'base64' ? 'base64' : 'utf8');
  return Buffer.concat([Buffer.from(`${head}\n`, 'utf8'), body]);
}

function checkEntry(value: unknown, where: string): RecordedTrafficEntry {
  const bad = (what: string): never => {
    throw new EslStandInError('bad_fixture', `${where}: ${what}`);
  };
  if (typeof value !== 'object' || value === null) return bad('not an object');
  const entry = value as Record<string, unknown>;
  if (typeof entry.seq !== 'number') bad('seq is not a number');
  if (typeof entry.at !== 'string') bad('at is not a string');
  if (typeof entry.node !== 'string') bad('node is not a string');
  if (entry.direction !== 'in' && entry.direction !== 'out') bad('direction is neither "in" nor "out"');
  if (entry.contentType !== undefined && typeof entry.contentType !== 'string') bad('contentType is not a string');
  if (entry.body !== undefined && typeof entry.body !== 'string') bad('body is not a string');
  if (entry.bodyEncoding !== undefined && entry.bodyEncoding !== 'base64') bad('bodyEncoding is not "base64"');
  const headers = entry.headers;
  if (typeof headers !== 'object' || headers === null) return bad('headers is not an object');
  for (const header of Object.values(headers)) if (typeof header !== 'string') bad('a header value is not a string');
  return value as RecordedTrafficEntry;
}
