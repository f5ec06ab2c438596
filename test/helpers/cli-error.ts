import { CliError } from '../../src/errors.js';

/** Awaits a promise that must reject with a CliError, and returns that error. */
export async function failure(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}
