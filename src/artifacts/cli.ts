/**
 * `npm run artifact -- <id>`: prints a stored toolchain output (both streams, or one with
 * --stream). Control characters from the output (ANSI colours, terminal escapes) are shown
 * escaped unless --raw. Exit 0 printed, 1 no such artefact (never stored, or evicted), 2 usage
 * error, unreadable store or an artefact whose bytes no longer match its id.
 */
import yargs from 'yargs';
import { parseStrict, type CliIo } from '../cli/parse-args';
import { DEFAULT_ARTIFACT_DIR, LocalDirectoryStore } from './local';
import { artifactIdOf, isArtifactId, type ArtifactStore } from './store';
import { decodeToolchainLog, STREAMS, ToolchainLogFormatError, type StreamName } from './toolchain-log';

const USAGE = `Usage: npm run artifact -- <id> [--dir DIR] [--stream stdout|stderr] [--raw]

Prints the toolchain output stored under <id> (the artifact.log_id attribute of a compile.execute
span, or artifact_log_id of its compile.end log line). The store is DIR (default
TELEMETRY_ARTIFACT_DIR or ${DEFAULT_ARTIFACT_DIR}).`;

/** Escapes C0/C1 control characters other than newline and tab, so data cannot drive the terminal. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export async function showArtifact(store: ArtifactStore, id: string, options: { stream?: StreamName; raw?: boolean }, io: CliIo): Promise<number> {
  let data: Buffer | undefined;
  try {
    data = await store.get(id);
  } catch (error) {
    io.stderr(`artifact: cannot read ${store.description}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (!data) {
    io.stderr(`artifact: ${id} is not in ${store.description} (never stored, or evicted by the size cap)\n`);
    return 1;
  }
  if (artifactIdOf(data) !== id) {
    io.stderr(`artifact: ${id} in ${store.description} is corrupt: its bytes hash to ${artifactIdOf(data)}\n`);
    return 2;
  }
  let log;
  try {
    log = decodeToolchainLog(data);
  } catch (error) {
    if (!(error instanceof ToolchainLogFormatError)) throw error;
    io.stderr(`artifact: ${id}: ${error.message}\n`);
    return 2;
  }
  const text = (b: Buffer): string => (options.raw ? b.toString('utf8') : printable(b.toString('utf8')));
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

export async function runArtifactCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const args = parseStrict(
    'artifact',
    yargs(argv)
      .scriptName('artifact')
      .usage(USAGE)
      .wrap(null)
      .command('$0 [ids..]', false)
      .option('dir', { type: 'string', describe: `Artefact store directory (default TELEMETRY_ARTIFACT_DIR or ${DEFAULT_ARTIFACT_DIR})` })
      .option('stream', { type: 'string', describe: 'Print only this stream: stdout or stderr' })
      .option('raw', { type: 'boolean', default: false, describe: 'Print control characters as they are' }),
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const ids = [...((args.ids as unknown[] | undefined) ?? []), ...args._].map(String);
  if (ids.length !== 1) {
    io.stderr(`artifact: expected exactly one artefact id, got ${ids.length} (see --help)\n`);
    return 2;
  }
  const id = ids[0]!;
  if (!isArtifactId(id)) {
    io.stderr(`artifact: invalid id ${JSON.stringify(printable(id.slice(0, 80)))}: expected 64 lowercase hex digits (sha256)\n`);
    return 2;
  }
  if (args.stream !== undefined && !(STREAMS as readonly string[]).includes(args.stream)) {
    io.stderr(`artifact: invalid --stream ${JSON.stringify(args.stream)}: expected stdout or stderr\n`);
    return 2;
  }
  const dir = args.dir ?? (env.TELEMETRY_ARTIFACT_DIR || DEFAULT_ARTIFACT_DIR);
  let store: LocalDirectoryStore;
  try {
    store = new LocalDirectoryStore(dir);
  } catch (error) {
    io.stderr(`artifact: cannot open store ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  return showArtifact(store, id, { ...(args.stream ? { stream: args.stream as StreamName } : {}), raw: args.raw }, io);
}
