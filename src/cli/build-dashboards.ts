/** `build-dashboards`: compile dashboards/*.ts into generated/ (also --check and --watch). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, describeError, EXIT_FINDINGS, EXIT_OK, parseCommand, type Io } from './command';
import {
  checkPlan,
  DASHBOARDS_SUBDIR,
  DEFAULT_DASHBOARDS_DIR,
  DEFAULT_OUT_DIR,
  PROJECT_ROOT,
  planBuild,
  writePlan,
  type BuildPlan,
} from '../build/build';
import { BackgroundTypeCheck, watch } from '../build/watch';

const NAME = 'build-dashboards';

function summary(plan: BuildPlan, io: Io): void {
  for (const d of plan.dashboards) {
    io.stdout(`${d.output}  panels=${d.panels} queries=${d.queries} bytes=${d.bytes} ms=${d.ms.toFixed(1)}  (${d.source})\n`);
  }
}

/** One build; throws BuildError (exit 1, nothing written) or WriteError (exit 2, generated/ unchanged). */
function buildOnce(dashboardsDir: string, outDir: string, io: Io): void {
  const started = process.hrtime.bigint();
  let plan: BuildPlan;
  try {
    plan = planBuild({ dashboardsDir, outDir });
  } catch (error) {
    if (error instanceof CliError) throw new CliError(`${error.message}; nothing was written, generated/ is unchanged`, error.exitCode);
    throw error;
  }
  const result = writePlan(plan, outDir);
  summary(plan, io);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  io.stdout(
    `built ${plan.dashboards.length} dashboard(s): ${result.written.length} file(s) written, ${result.unchanged.length} unchanged, ${result.removed.length} removed in ${ms.toFixed(0)} ms\n`,
  );
}

/** Watch mode: the validator's findings on what the build just wrote (the project catalogue it wrote too). */
function validateOutput(outDir: string, io: Io): void {
  const started = process.hrtime.bigint();
  // Loaded on first use: a plain build does not pay for the validator's parsers.
  const { loadCatalogue } = require('../validate/catalogue') as typeof import('../validate/catalogue');
  const { validateFile } = require('../validate/engine') as typeof import('../validate/engine');
  const { formatText } = require('../validate/format/text') as typeof import('../validate/format/text');
  const dir = path.join(outDir, DASHBOARDS_SUBDIR);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
  try {
    const catalogue = loadCatalogue(path.join(outDir, 'catalogue.json'));
    const cwd = io.cwd ?? process.cwd();
    const findings = files.flatMap((f) => validateFile(f, { catalogue, file: path.relative(cwd, f) }));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    io.stdout(`validated in ${ms.toFixed(0)} ms: ${formatText(findings, { colour: io.colour ?? false, filesChecked: files.length })}`);
  } catch (error) {
    io.stderr(`${NAME}: validation: ${describeError(error)}\n`);
  }
}

/** Entry point; returns the exit code (0 ok, 1 build failed or stale, 2 usage or write error). In watch mode resolves on SIGINT. */
export async function main(argv: string[], io: Io): Promise<number> {
  const args = parseCommand(
    {
      name: NAME,
      usage: '$0 [options]\n\nCompile dashboards/*.ts into Grafana dashboard JSON and provisioning files under generated/.',
      options: {
        check: { type: 'boolean', describe: 'Do not write; exit 1 if generated/ is stale' },
        watch: { type: 'boolean', describe: 'Rebuild whenever a dashboard or source file changes' },
        dashboards: { type: 'string', default: DEFAULT_DASHBOARDS_DIR, describe: 'Folder of dashboard modules', defaultDescription: 'dashboards/' },
        out: { type: 'string', default: DEFAULT_OUT_DIR, describe: 'Output folder', defaultDescription: 'generated/' },
      },
      check: (a) => {
        if (a.check && a.watch) throw new CliError('--check and --watch cannot be combined (see --help)');
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  const dashboardsDir = path.resolve(args.dashboards);
  const outDir = path.resolve(args.out);

  if (args.check) {
    const plan = planBuild({ dashboardsDir, outDir });
    const drift = checkPlan(plan, outDir);
    if (drift.length === 0) {
      io.stdout(`generated/ is up to date (${plan.files.size} files)\n`);
      return EXIT_OK;
    }
    io.stderr(`generated/ is stale: ${drift.length} file(s) differ from the sources\n`);
    for (const d of drift) io.stderr(`  ${d.kind.padEnd(7)} ${d.path}\n`);
    io.stderr('run `npm run build-dashboards` and commit the result\n');
    return EXIT_FINDINGS;
  }

  if (!args.watch) {
    buildOnce(dashboardsDir, outDir, io);
    return EXIT_OK;
  }

  // Watch mode reports a failed build (module error, full disk) and keeps watching.
  const attempt = (): number => {
    try {
      buildOnce(dashboardsDir, outDir, io);
      return EXIT_OK;
    } catch (error) {
      io.stderr(`${NAME}: ${describeError(error)}\n`);
      return error instanceof CliError ? error.exitCode : 2;
    }
  };
  attempt();
  const types = new BackgroundTypeCheck((text) => io.stdout(text), { dashboardsDir });
  let stop: () => void;
  try {
    stop = watch({
      dirs: [dashboardsDir, path.join(PROJECT_ROOT, 'src')],
      rebuild: (changed) => {
        io.stdout(`change: ${changed.map((f) => path.relative(PROJECT_ROOT, f)).join(', ')}\n`);
        if (attempt() === EXIT_OK) validateOutput(outDir, io);
        types.run(changed);
      },
      warn: (message) => io.stderr(`${NAME}: ${message}\n`),
    });
  } catch (error) {
    throw new CliError(describeError(error), 2);
  }
  // Only now: every folder is watched, so a save made as soon as this line shows is seen.
  io.stdout(`watching ${path.relative(PROJECT_ROOT, dashboardsDir) || '.'} and src/ for changes (Ctrl-C to stop)\n`);
  types.start();
  return new Promise((resolve) => {
    const finish = () => {
      types.stop();
      stop();
      resolve(EXIT_OK);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
}
