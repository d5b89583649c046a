import { pino, type Logger } from 'pino';
import type { SapienConfig } from '@sapien/config';

/** One structured logger per process, on stdout. */
export const createLogger = (config: SapienConfig, name: string): Logger => pino({ name, level: config.logLevel });
