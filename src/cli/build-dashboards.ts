/** `build-dashboards`: compile dashboards/*.ts into generated/ (also --check and --watch). */
import * as path from 'node:path';
import yargs from 'yargs';
import { parseStrict } from './parse-args';
import {
  BuildError,
  checkPlan,
  DEFAULT_DASHBOARDS_DIR,
  DEFAULT_OUT_DIR,
  PROJECT_ROOT,
  planBuild,
  writePlan,
  type BuildPlan,
} from '../build/build';
import { watch } from '../build/watch';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}
const defaultIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

function summary(plan: BuildPlan, io: Io): void {
  for (const d of plan.dashboards) {
    io.out(`${d.output}  panels=${d.panels} queries=${d.queries} bytes=${d.bytes} ms=${d.ms.toFixed(1)}  (${d.source})`);
  }
}

function buildOnce(dashboardsDir: string, outDir: string, io: Io): number {
  const started = process.hrtime.bigint();
  let plan: BuildPlan;
  try {
    plan = planBuild({ dashboardsDir, outDir });
  } catch (error) {
    io.err(`build-dashboards: ${(error as Error).message}`);
    io.err('build-dashboards: nothing was written; generated/ is unchanged');
    return 1;
  }
  const result = writePlan(plan, outDir);
  summary(plan, io);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  io.out(
    `built ${plan.dashboards.length} dashboard(s): ${result.written.length} file(s) written, ${result.unchanged.length} unchanged, ${result.removed.length} removed in ${ms.toFixed(0)} ms`,
  );
  return 0;
}

/** Entry point; returns the exit code (0 ok, 1 build failed or stale, 2 usage). In watch mode resolves on SIGINT. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const args = parseStrict(
    'build-dashboards',
    yargs(argv)
      .scriptName('build-dashboards')
      .usage('$0 [options]\n\nCompile dashboards/*.ts into Grafana dashboard JSON and provisioning files under generated/.')
      .option('check', { type: 'boolean', describe: 'Do not write; exit 1 if generated/ is stale' })
      .option('watch', { type: 'boolean', describe: 'Rebuild whenever a dashboard or source file changes' })
      .option('dashboards', { type: 'string', default: DEFAULT_DASHBOARDS_DIR, describe: 'Folder of dashboard modules', defaultDescription: 'dashboards/' })
      .option('out', { type: 'string', default: DEFAULT_OUT_DIR, describe: 'Output folder', defaultDescription: 'generated/' })
      .conflicts('check', 'watch'),
    argv,
    { stdout: (text) => io.out(text.trimEnd()), stderr: (text) => io.err(text.trimEnd()) },
  );
  if (typeof args === 'number') return args;
  const dashboardsDir = path.resolve(args.dashboards);
  const outDir = path.resolve(args.out);

  if (args.check) {
    let plan: BuildPlan;
    try {
      plan = planBuild({ dashboardsDir, outDir });
    } catch (error) {
      io.err(`build-dashboards: ${(error as Error).message}`);
      return error instanceof BuildError ? 1 : 2;
    }
    const drift = checkPlan(plan, outDir);
    if (drift.length === 0) {
      io.out(`generated/ is up to date (${plan.files.size} files)`);
      return 0;
    }
    io.err(`generated/ is stale: ${drift.length} file(s) differ from the sources`);
    for (const d of drift) io.err(`  ${d.kind.padEnd(7)} ${d.path}`);
    io.err('run `npm run build-dashboards` and commit the result');
    return 1;
  }

  const code = buildOnce(dashboardsDir, outDir, io);
  if (!args.watch) return code;

  io.out(`watching ${path.relative(PROJECT_ROOT, dashboardsDir) || '.'} and src/ for changes (Ctrl-C to stop)`);
  return new Promise((resolve) => {
    const stop = watch({
      dirs: [dashboardsDir, path.join(PROJECT_ROOT, 'src')],
      rebuild: (changed) => {
        io.out(`change: ${changed.map((f) => path.relative(PROJECT_ROOT, f)).join(', ')}`);
        buildOnce(dashboardsDir, outDir, io);
      },
    });
    const finish = () => {
      stop();
      resolve(0);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
}
