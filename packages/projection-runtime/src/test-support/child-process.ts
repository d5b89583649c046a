import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..', '..');

export type Child = Readonly<{ process: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stderr(): string }>;

/** Runs a fixture of this folder as `node --import tsx <fixture>.ts` with extra environment. */
export const runFixture = (fixture: string, env: Readonly<Record<string, string>>): Child => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, fixture)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, exited, stderr: () => stderr };
};
