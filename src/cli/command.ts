/**
 * The command-line layer every command uses (promtool's conventions): strict options,
 * `--help`/`-h` and `--version` answered before anything else is checked, a repeated
 * single-value flag refused, and every failure one line on stderr with exit 2. Exit codes:
 * 0 ok, 1 findings (or a stale/failed result), 2 usage or internal error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import yargs, { type Argv, type InferredOptionTypes, type Options } from 'yargs';
import { safeMessage } from '../text/safe-text';
import { CliError, EXIT_OK, EXIT_USAGE } from './errors';

export { CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './errors';

/** Where a command writes. Text is written as given: callers end lines with `\n`. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Folder relative paths are resolved against (default: the process's). */
  cwd?: string;
  /** Colour is wanted on stdout (a TTY without NO_COLOR). */
  colour?: boolean;
}

export const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  colour: process.stdout.isTTY === true && !process.env['NO_COLOR'] && process.env['FORCE_COLOR'] !== '0',
};

const PACKAGE_JSON = path.resolve(__dirname, '..', '..', 'package.json');
let version: string | undefined;
export function packageVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as { version?: string }).version ?? '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}

export interface CommandSpec<O extends Record<string, Options>> {
  name: string;
  /** First help paragraph: usage line, blank line, what the command does. */
  usage: string;
  epilogue?: string;
  options: O;
  /** Name of the positional arguments in the usage line; without it positionals are a usage error. */
  positionals?: string;
  /** Checks on the parsed values; throw CliError for a bad one. */
  check?: (args: ParsedArgs<O>) => void;
}

export type ParsedArgs<O extends Record<string, Options>> = InferredOptionTypes<O> & { _: string[] };

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Flags given more than once that take one value (yargs would silently make an array of them). */
function repeatedFlags(argv: readonly string[], options: Record<string, Options>): string[] {
  const single = new Map<string, string>();
  for (const [key, option] of Object.entries(options)) {
    if (option.array || option.count) continue;
    for (const name of [key, ...[option.alias ?? []].flat()]) single.set(kebab(name), key);
  }
  const seen = new Map<string, number>();
  for (const token of argv) {
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-') continue;
    let name = kebab(token.replace(/^--?/, '').split('=')[0]!);
    if (!single.has(name) && name.startsWith('no-') && single.has(name.slice(3))) name = name.slice(3);
    const key = single.get(name);
    if (key !== undefined) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

/**
 * Parses argv for a command: the parsed arguments, or the exit code to return now (0 after
 * --help or --version). Usage errors are thrown as CliError (exit 2).
 */
export function parseCommand<O extends Record<string, Options>>(spec: CommandSpec<O>, argv: readonly string[], io: Io): ParsedArgs<O> | number {
  let failure: string | undefined;
  const parser: Argv = yargs([...argv])
    .scriptName(spec.name)
    .usage(spec.usage)
    .options(spec.options)
    .epilogue(spec.epilogue ?? '')
    .wrap(null)
    .version(false)
    .option('version', { type: 'boolean', describe: 'Show the version and exit' })
    .help('help')
    .alias('help', 'h')
    .strictOptions()
    .exitProcess(false)
    .fail((msg, err) => {
      failure ??= msg ?? err?.message ?? 'invalid arguments';
    });
  const before = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  // Help and version are answered before parsing so they work whatever else is on the line.
  if (before.includes('--help') || before.includes('-h')) {
    parser.showHelp((text) => io.stdout(`${text}\n`));
    return EXIT_OK;
  }
  if (before.includes('--version')) {
    io.stdout(`${spec.name} ${packageVersion()}\n`);
    return EXIT_OK;
  }
  const repeated = repeatedFlags(before, spec.options);
  if (repeated.length > 0) throw new CliError(`--${kebab(repeated[0]!)} given more than once (see --help)`);
  const args = parser.parseSync() as unknown as ParsedArgs<O>;
  if (failure) throw new CliError(`${failure} (see --help)`);
  args._ = args._.map(String);
  if (!spec.positionals && args._.length > 0) throw new CliError(`unexpected argument "${args._[0]}" (see --help)`);
  spec.check?.(args);
  return args;
}

/**
 * Runs a command body: a CliError becomes its one line and exit code, anything else one
 * `internal error` line and exit 2 (PIPELINE_DEBUG=1 adds the stack).
 */
export async function runCommand(name: string, io: Io, body: () => number | Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    io.stderr(`${name}: ${describeError(error)}\n`);
    return error instanceof CliError ? error.exitCode : EXIT_USAGE;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof CliError) return safeMessage(error.message);
  const message = error instanceof Error ? error.message : String(error);
  const stack = process.env['PIPELINE_DEBUG'] === '1' && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `internal error: ${safeMessage(message)}${stack}`;
}

/**
 * The whole of a `scripts/*.ts` entry point: run `main` on the process arguments, let stdout
 * drain (piped output), then exit with its code.
 */
export function runMain(name: string, main: (argv: string[], io: Io) => number | Promise<number>): void {
  runCommand(name, processIo, () => main(process.argv.slice(2), processIo)).then((code) => {
    process.stdout.write('', () => process.exit(code));
  });
}
