import { SapienError } from '@sapien/kernel';

export type EslCommandErrorCode = 'unknown_node' | 'not_ready' | 'bad_command' | 'command_failed' | 'timeout' | 'disconnected';

const STATUS: Readonly<Record<EslCommandErrorCode, number>> = {
  unknown_node: 404,
  not_ready: 503,
  bad_command: 400,
  command_failed: 502,
  timeout: 504,
  disconnected: 503,
};

/** An `api`/`bgapi` that FreeSWITCH did not answer with a result. */
export class EslCommandError extends SapienError {
  override readonly name = 'EslCommandError';
  declare readonly code: EslCommandErrorCode;

  constructor(code: EslCommandErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(code, message, STATUS[code], details);
  }
}
