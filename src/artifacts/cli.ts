/**
 * `npm run artifact -- <id>`: prints a stored toolchain output (both streams, or one with
 * --stream). Control characters from the output (ANSI colours, terminal escapes) are shown
 * escaped unless --raw. Exit 0 printed, 1 no such artefact (never stored, or evicted), 2 usage
 * error, unreadable store or an artefact whose bytes no longer match its id.
 */
import { CliError, EXIT_FINDINGS, parseCommand, type Io } from '../cli/command';
import { printable } from '../text/safe-text';
import { DEFAULT_ARTIFACT_DIR, LocalDirectoryStore } from './local';
import { artifactIdOf, isArtifactId, type ArtifactStore } from './store';
import { decodeToolchainLog, STREAMS, ToolchainLogFormatError, type StreamName } from './toolchain-log';

const USAGE = `Usage: npm run artifact -- <id> [--dir DIR] [--stream stdout|stderr] [--raw]

Prints the toolchain output stored under <id> (the artifact.log_id attribute of a compile.execute
span, or artifact_log_id of its compile.end log line). The store is DIR (default
TELEMETRY_ARTIFACT_DIR or ${DEFAULT_ARTIFACT_DIR}).`;

/** Multi-line output made inert: every line through printable, newlines kept. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function showArtifact(store: ArtifactStore, id: string, options: { stream?: StreamName; raw?: boolean }, io: Io): Promise<number> {
  let data: Buffer | undefined;
  try {
    data = await store.get(id);
  } catch (error) {
    throw new CliError(`cannot read ${store.description}: ${message(error)}`);
  }
  if (!data) throw new CliError(`${id} is not in ${store.description} (never stored, or evicted by the size cap)`, EXIT_FINDINGS);
  if (artifactIdOf(data) !== id) throw new CliError(`${id} in ${store.description} is corrupt: its bytes hash to ${artifactIdOf(data)}`);
  let log;
  try {
    log = decodeToolchainLog(data);
  } catch (error) {
    if (!(error instanceof ToolchainLogFormatError)) throw error;
    throw new CliError(`${id}: ${error.message}`);
  }
  const text = (b: Buffer): string => (options.raw ? b.toString('utf8') : printableLines(b.toString('utf8')));
  if (options.stream) {
    io.stdout(text(log[options.stream]));
    return 0;
  }
  for (const stream of STREAMS) {
    const kept = log[stream].length;
    const total = log.originalBytes[stream];
    io.stdout(`== ${stream} (${total} bytes${kept < total ? `, ${kept} kept` : ''})\n${text(log[stream])}`);
    if (kept > 0 && log[stream][kept - 1] !== 0x0a) io.stdout('\n');
  }
  return 0;
}

export async function runArtifactCli(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseCommand(
    {
      name: 'artifact',
      usage: USAGE,
      positionals: '<id>',
      options: {
        dir: { type: 'string', describe: `Artefact store directory (default TELEMETRY_ARTIFACT_DIR or ${DEFAULT_ARTIFACT_DIR})` },
        stream: { type: 'string', describe: 'Print only this stream: stdout or stderr' },
        raw: { type: 'boolean', default: false, describe: 'Print control characters as they are' },
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  if (args._.length !== 1) throw new CliError(`expected exactly one artefact id, got ${args._.length} (see --help)`);
  const id = args._[0]!;
  if (!isArtifactId(id)) throw new CliError(`invalid id ${JSON.stringify(id.slice(0, 80))}: expected 64 lowercase hex digits (sha256)`);
  if (args.stream !== undefined && !(STREAMS as readonly string[]).includes(args.stream)) {
    throw new CliError(`invalid --stream ${JSON.stringify(args.stream)}: expected stdout or stderr`);
  }
  const dir = args.dir ?? (env.TELEMETRY_ARTIFACT_DIR || DEFAULT_ARTIFACT_DIR);
  let store: LocalDirectoryStore;
  try {
    store = new LocalDirectoryStore(dir);
  } catch (error) {
    throw new CliError(`cannot open store ${dir}: ${message(error)}`);
  }
  return showArtifact(store, id, { ...(args.stream ? { stream: args.stream as StreamName } : {}), raw: args.raw }, io);
}
