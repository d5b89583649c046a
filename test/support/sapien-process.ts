import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { SERVICE_NODE_FLAGS } from '@sapien/kernel';

const root = new URL('../..', import.meta.url).pathname;

export type SapienProcess = Readonly<{
  child: ChildProcess;
  /** Everything written so far on stdout and stderr. */
  output(): string;
  /** Resolves once the output contains `text`; rejects when the process exits first or after `timeoutMs`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited(): Promise<number | null>;
}>;

/**
 * Runs `sapien <args>` as `npm start` would (with the services' V8 flags, unless `nodeFlags` says
 * otherwise), with only the given SAPIEN_* variables set.
 */
export const runSapien = (
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  { nodeFlags = SERVICE_NODE_FLAGS }: Readonly<{ nodeFlags?: readonly string[] }> = {},
): SapienProcess => {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SAPIEN_')));
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'packages/cli/src/main.ts', ...args], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exit = once(child, 'exit').then(([code]) => code as number | null);

  return {
    child,
    output: () => output,
    exited: () => exit,
    waitFor: (text, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (output.includes(text)) done(resolve);
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no "${text}" within ${timeoutMs} ms; output:\n${output}`))), timeoutMs);
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        void exit.then((code) => done(() => (output.includes(text) ? resolve() : reject(new Error(`exited (${String(code)}) before "${text}":\n${output}`)))));
        check();
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
};
