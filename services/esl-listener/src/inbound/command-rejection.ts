import { EslCommandError } from '../hub/esl-command-error.ts';

/** For specs: the EslCommandError a command's promise rejects with; anything else fails the spec. */
export const commandRejection = async (promise: Promise<unknown>): Promise<EslCommandError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EslCommandError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
};
