import type { Logger } from 'pino';

/** The part of a pino logger the publishing code uses. */
export type PublishingLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

const ignore = (): void => undefined;

export const silentLogger: PublishingLogger = { info: ignore, warn: ignore, error: ignore };
