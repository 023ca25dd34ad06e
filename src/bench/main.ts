/**
 * `npm run bench`: every figure is the median of several cold runs (warm-up excluded), shown
 * next to a floor measured in the same run on the same machine, so the verdict is a ratio that
 * survives a slow or busy machine. Prints a table, writes bench/results.json, and on a full run
 * bench/results.md (the copy the README quotes).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchContext } from './context';
import { PROJECT_ROOT } from './proc';
import { markdownTable, textTable, type Row } from './report';
import { buildRows } from './rows/build';
import { exporterRows } from './rows/exporter';
import { footprintRows } from './rows/footprint';
import { validateRows } from './rows/validate';
import { watchRows } from './rows/watch';
import { createScratch } from './scratch';

export interface BenchOptions {
  quick: boolean;
  /** Only the groups whose name is listed (build, validate, watch, exporter, footprint). */
  only?: readonly string[];
  resultsDir?: string;
}

type Group = (ctx: BenchContext) => Row[] | Promise<Row[]>;
const GROUPS: ReadonlyArray<readonly [string, Group]> = [
  ['build', buildRows],
  ['watch', watchRows],
  ['validate', validateRows],
  ['exporter', exporterRows],
  ['footprint', footprintRows],
];
export const GROUP_NAMES = GROUPS.map(([name]) => name);

export interface Results {
  readonly date: string;
  readonly mode: 'quick' | 'full';
  readonly command: string;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryMB: number;
  readonly seconds: number;
  readonly rows: readonly Row[];
  readonly skipped: readonly { group: string; reason: string }[];
}

export async function runBench(options: BenchOptions, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<Results> {
  const started = Date.now();
  const scratch = createScratch();
  const cleanup = () => scratch.remove();
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  const ctx: BenchContext = {
    quick: options.quick,
    runs: options.quick ? 3 : 10,
    warmup: options.quick ? 1 : 2,
    many: options.quick ? 200 : 1000,
    scratch: scratch.dir,
    log: (line) => log(`bench: ${line}`),
  };
  const rows: Row[] = [];
  const skipped: { group: string; reason: string }[] = [];
  try {
    for (const [name, group] of GROUPS) {
      if (options.only && !options.only.includes(name)) continue;
      try {
        rows.push(...(await group(ctx)));
      } catch (error) {
        // One missing or broken component must not hide the other figures; the table says what was skipped.
        const reason = (error as Error).message.split('\n')[0] ?? String(error);
        skipped.push({ group: name, reason });
        log(`bench: ${name} skipped: ${(error as Error).message}`);
      }
    }
  } finally {
    cleanup();
  }
  return {
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    command: `npm run bench${options.quick ? ' -- --quick' : ''}${options.only ? ` -- --only ${options.only.join(',')}` : ''}`,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
    seconds: Math.round((Date.now() - started) / 1000),
    rows,
    skipped,
  };
}

export function renderText(results: Results): string {
  const head = `${results.mode} run, ${results.date}, Node ${results.node}, ${results.cpus} × ${results.cpuModel}, ${results.seconds} s`;
  const skipped = results.skipped.map((s) => `skipped ${s.group}: ${s.reason}`);
  return [head, '', textTable(results.rows), ...(skipped.length ? ['', ...skipped] : [])].join('\n');
}

export function renderMarkdown(results: Results): string {
  return [
    `Measured by \`${results.command}\` on ${results.date.slice(0, 10)}: Node ${results.node}, ${results.platform}, ${results.cpus} × ${results.cpuModel}, ${results.totalMemoryMB} MB; whole run ${results.seconds} s.`,
    'Each figure is the median of several cold runs after warm-up; the floor is measured in the same run, alternating with the measure.',
    '',
    markdownTable(results.rows),
    '',
    ...results.rows.filter((r) => r.note).map((r) => `- ${r.what}: ${r.note}`),
    ...results.skipped.map((s) => `- not measured (${s.group}): ${s.reason}`),
    '',
  ].join('\n');
}

export function writeResults(results: Results, dir: string = path.join(PROJECT_ROOT, 'bench')): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written = [path.join(dir, 'results.json')];
  fs.writeFileSync(written[0] as string, `${JSON.stringify(results, null, 2)}\n`);
  // Only a complete full run replaces the committed copy.
  if (results.mode === 'full' && !results.command.includes('--only')) {
    const md = path.join(dir, 'results.md');
    fs.writeFileSync(md, `# Bench results\n\n${renderMarkdown(results)}`);
    written.push(md);
  }
  return written;
}
