/** The one error type of the command lines (no dependencies, so library code can throw it cheaply). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/**
 * A failure the user can act on: printed as `<command>: <message>` (credentials redacted,
 * control characters escaped) with its exit code, never with a stack trace. Exit 2 for usage,
 * input and environment errors; 1 where the command ran and the result is a failure.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = EXIT_USAGE,
  ) {
    super(message);
  }
}
