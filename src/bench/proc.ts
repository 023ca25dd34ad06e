/** Child processes for cold-process measures: the command each npm script runs, timed from spawn to exit. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const RSS_REPORTER = path.join(__dirname, 'rss-report.js');

/** A command line as argv; `env` adds to the bench's own environment. */
export interface Command {
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Exit codes that count as a successful run (a validator with findings exits 1). */
  readonly okCodes?: readonly number[];
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The command an npm script runs, with `node` replaced by this Node binary: the bench measures
 * whatever package.json declares, so a change of loader there shows up here.
 */
export function npmScriptCommand(name: string, extra: readonly string[] = []): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const line = pkg.scripts?.[name];
  if (!line) throw new Error(`package.json has no script "${name}"`);
  if (/["'`$|&;<>]/.test(line)) throw new Error(`script "${name}" uses shell syntax the bench cannot replay: ${line}`);
  const [bin, ...rest] = line.trim().split(/\s+/);
  if (bin !== 'node') throw new Error(`script "${name}" does not start with node: ${line}`);
  return [process.execPath, ...rest, ...extra];
}

export function npmRun(script: string, extra: readonly string[] = []): string[] {
  return [NPM, 'run', '--silent', script, ...(extra.length ? ['--', ...extra] : [])];
}

/** Inserts node options (e.g. `-r rss-report.js`) right after the node binary. */
export function withNodeOptions(argv: readonly string[], options: readonly string[]): string[] {
  return [argv[0] as string, ...options, ...argv.slice(1)];
}

export interface RunResult {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: Command, timeoutMs = 120_000): RunResult {
  const [bin, ...args] = command.argv;
  const options: SpawnSyncOptions = {
    cwd: command.cwd ?? PROJECT_ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...command.env },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  };
  const started = process.hrtime.bigint();
  const result = spawnSync(bin as string, args, options);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const out = { ms, code: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
  const ok = command.okCodes ?? [0];
  if (result.error || out.code === null || !ok.includes(out.code)) {
    throw new Error(
      `bench command failed (exit ${out.code}${result.error ? `, ${result.error.message}` : ''}): ${command.argv.join(' ')}\n${out.stderr.slice(-2000)}`,
    );
  }
  return out;
}

export interface Pair {
  readonly measured: number[];
  readonly floor: number[];
}

/**
 * Runs the measured command and its floor alternately (warm-up runs discarded), so drift in
 * the machine's load hits both sides alike. `prepare` runs before every run, untimed.
 */
export function timePair(
  measured: (i: number) => Command,
  floor: (i: number) => Command,
  runs: number,
  warmup: number,
  prepare: (i: number) => void = () => {},
): Pair {
  const pair: Pair = { measured: [], floor: [] };
  for (let i = 0; i < warmup + runs; i += 1) {
    const order = i % 2 === 0 ? (['floor', 'measured'] as const) : (['measured', 'floor'] as const);
    for (const side of order) {
      prepare(i);
      const ms = run(side === 'measured' ? measured(i) : floor(i)).ms;
      if (i >= warmup) pair[side].push(ms);
    }
  }
  return pair;
}

/** Peak RSS (bytes) of one child run, reported by the rss-report preload. */
export function peakRss(command: Command, scratch: string): number {
  const file = path.join(scratch, `rss-${process.pid}-${Date.now()}.txt`);
  run({ ...command, argv: withNodeOptions(command.argv, ['-r', RSS_REPORTER]), env: { ...command.env, BENCH_RSS_FILE: file } });
  const bytes = Number(fs.readFileSync(file, 'utf8').trim().split('\n').pop());
  fs.rmSync(file, { force: true });
  return bytes;
}
