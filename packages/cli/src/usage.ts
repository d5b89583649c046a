/** A command line Sapien does not understand: printed with the usage, exit code 64. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: sapien <command>

  start                          api + projector + esl-listener in one process (embedded defaults)
  api | projector | esl-listener one service alone, configured from SAPIEN_* variables
  projections status             each projection's checkpoint, the log's head and the lag
  projections rebuild <name>     rebuild a projection beside its live tables, then swap
  clients create --admin --name <name>
                                 a platform-admin OAuth client; its secret is printed once
  config                         the environment variables Sapien reads
  help                           this text
`;
