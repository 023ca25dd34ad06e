/**
 * The yargs set-up shared by the command lines: strict options, `--help`/`-h` answered before
 * anything else is checked, and a parse failure turned into one line on stderr with exit 2
 * (promtool's convention) instead of yargs printing usage and exiting the process.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Parsed arguments, or the exit code to return now (0 after --help, 2 after a usage error). */
export function parseStrict<T>(name: string, parser: Argv<T>, argv: readonly string[], io: CliIo): ArgumentsCamelCase<T> | number {
  let failure: string | undefined;
  const strict = parser
    .version(false)
    .help('help')
    .alias('help', 'h')
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      failure = msg ?? err?.message ?? 'invalid arguments';
    });
  // Help is answered before parsing so it works whatever else is on the line.
  if (argv.includes('--help') || argv.includes('-h')) {
    strict.showHelp((text) => io.stdout(`${text}\n`));
    return 0;
  }
  const args = strict.parseSync();
  if (failure) {
    io.stderr(`${name}: ${failure} (see --help)\n`);
    return 2;
  }
  return args;
}
