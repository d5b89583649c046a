/** The little the runtime logs through; a pino logger fits it. */
export type RuntimeLogger = Readonly<{
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}>;

const write = (level: string, details: Record<string, unknown>, message: string): void => {
  const err = details.err instanceof Error ? { message: details.err.message, stack: details.err.stack } : details.err;
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...details, ...(err === undefined ? {} : { err }) })}\n`);
};

/** Without a logger, warnings and errors still reach stderr: a failing projection is never silent. */
export const stderrLogger: RuntimeLogger = {
  info: () => undefined,
  warn: (details, message) => write('warn', details, message),
  error: (details, message) => write('error', details, message),
};
