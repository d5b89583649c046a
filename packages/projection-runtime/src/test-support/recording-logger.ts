import type { RuntimeLogger } from '../logger.ts';

export type LogEntry = Readonly<{ level: 'info' | 'warn' | 'error'; details: Record<string, unknown>; message: string }>;

/** Keeps what the runtime logs, and lets a test look at the database at the moment of an error. */
export const recordingLogger = (onError?: (entry: LogEntry) => void): RuntimeLogger & { entries: LogEntry[] } => {
  const entries: LogEntry[] = [];
  const log = (level: LogEntry['level']) => (details: Record<string, unknown>, message: string) => {
    const entry = { level, details, message };
    entries.push(entry);
    if (level === 'error') onError?.(entry);
  };
  return { entries, info: log('info'), warn: log('warn'), error: log('error') };
};
