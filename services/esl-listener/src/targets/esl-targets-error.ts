export type EslTargetsErrorCode = 'invalid_target' | 'duplicate_node';

/** SAPIEN_ESL_TARGETS cannot be used as given. The message names the entry, its password masked. */
export class EslTargetsError extends Error {
  override readonly name = 'EslTargetsError';

  constructor(
    readonly code: EslTargetsErrorCode,
    message: string,
    readonly details: Readonly<{ entry: string; index: number }>,
  ) {
    super(message);
  }
}
