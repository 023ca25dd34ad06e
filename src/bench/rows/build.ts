/** Build measures: npm overhead, the build's own process, many dashboards. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planBuild } from '../../build/build';
import type { BenchContext } from '../context';
import { npmRun, npmScriptCommand, run, timePair, withNodeOptions, type Command } from '../proc';
import { makeRow, type Row } from '../report';
import { freshDir, PIPELINE_MODULE, writeSyntheticModules } from '../scratch';
import { summarize } from '../stats';

const FLOORS = path.join(__dirname, '..', 'floors');
const SDK = '@grafana/grafana-foundation-sdk';

/** SDK entry points the build loads, and the exact files it writes: the floor's whole job. */
function floorPlan(scratch: string): string {
  const plan = planBuild({});
  const marker = `${path.sep}node_modules${path.sep}${SDK.split('/').join(path.sep)}${path.sep}dist${path.sep}`;
  const subpaths = new Set<string>();
  for (const id of Object.keys(require.cache)) {
    const at = id.indexOf(marker);
    if (at < 0) continue;
    const [sub, file] = id.slice(at + marker.length).split(path.sep);
    if (file === 'index.js') subpaths.add(`${SDK}/${sub}`);
  }
  const file = path.join(scratch, 'floor-plan.json');
  fs.writeFileSync(file, JSON.stringify({ sdk: [...subpaths].sort(), files: Object.fromEntries(plan.files) }));
  return file;
}

function npmFloorProject(scratch: string): string {
  const dir = path.join(scratch, 'npm-floor');
  fs.mkdirSync(dir, { recursive: true });
  const noop = path.relative(dir, path.join(FLOORS, 'noop.js')).split(path.sep).join('/');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-npm-floor', private: true, scripts: { noop: `node ${noop}` } }));
  return dir;
}

/** The same build with empty transpile and code caches (the first run after `npm ci`). */
function firstRunRow(ctx: BenchContext, buildCmd: (out: string) => Command, planFile: string): Row {
  ctx.log('build: first run after install (empty transpile cache)');
  const coldCache = timePair(
    (i) => ({ ...buildCmd(freshDir(ctx.scratch, `nocache-out-${i}`)), env: { PIPELINE_TS_CACHE_DIR: freshDir(ctx.scratch, `ts-cache-${i}`) } }),
    (i) => ({ argv: [process.execPath, path.join(FLOORS, 'load-and-write.js'), planFile, freshDir(ctx.scratch, `nocache-floor-${i}`)] }),
    Math.max(3, Math.ceil(ctx.runs / 2)),
    1,
  );
  return makeRow({
    id: 'build.process.first',
    what: 'build process, first run (empty transpile cache)',
    unit: 'ms',
    value: summarize(coldCache.measured),
    floor: { what: 'same floor', value: summarize(coldCache.floor) },
    note: 'once per checkout and per edited file; later runs read node_modules/.cache/',
  });
}

export function buildRows(ctx: BenchContext): Row[] {
  const rows: Row[] = [];
  const planFile = floorPlan(ctx.scratch);
  const buildCmd = (out: string, extra: string[] = []): Command => ({ argv: npmScriptCommand('build-dashboards', ['--out', out, ...extra]) });
  const loaderOptions = npmScriptCommand('build-dashboards').slice(1, -1); // e.g. ["-r", "<loader>"]

  ctx.log('build: cold npm run build-dashboards vs npm run of a node no-op');
  const npmDir = npmFloorProject(ctx.scratch);
  const npm = timePair(
    (i) => ({ argv: npmRun('build-dashboards', ['--out', freshDir(ctx.scratch, `npm-out-${i}`)]) }),
    () => ({ argv: npmRun('noop'), cwd: npmDir }),
    ctx.runs,
    ctx.warmup,
  );
  rows.push(
    makeRow(
      {
        id: 'build.npm',
        what: 'cold `npm run build-dashboards`',
        unit: 'ms',
        value: summarize(npm.measured),
        floor: { what: '`npm run` of a node no-op', value: summarize(npm.floor) },
      },
      { maxRatio: 1.6 },
    ),
  );

  ctx.log('build: the build process vs load SDK + write the same bytes');
  const own = timePair(
    (i) => buildCmd(freshDir(ctx.scratch, `own-out-${i}`)),
    (i) => ({ argv: [process.execPath, path.join(FLOORS, 'load-and-write.js'), planFile, freshDir(ctx.scratch, `own-floor-${i}`)] }),
    ctx.runs,
    ctx.warmup,
  );
  rows.push(
    makeRow(
      {
        id: 'build.process',
        what: 'build process (the command the npm script runs)',
        unit: 'ms',
        value: summarize(own.measured),
        floor: { what: 'node: load same SDK modules, write same bytes', value: summarize(own.floor) },
      },
      { maxRatio: 1.3 },
    ),
  );

  // Informational, and the slowest cold row: left out of --quick.
  if (!ctx.quick) rows.push(firstRunRow(ctx, buildCmd, planFile));

  ctx.log(`build: ${ctx.many} synthetic dashboards vs a plain SDK loop`);
  // Also warms the transpile cache for the synthetic modules, untimed, like any second build.
  manyDashboardsJson(ctx, ctx.many);
  const synth = path.join(ctx.scratch, `synthetic-${ctx.many}`);
  const manyRuns = Math.max(3, Math.ceil(ctx.runs / 2));
  const many = timePair(
    (i) => buildCmd(freshDir(ctx.scratch, `many-out-${i}`), ['--dashboards', synth]),
    (i) => ({
      argv: withNodeOptions([process.execPath], loaderOptions).concat(path.join(FLOORS, 'build-many.js'), PIPELINE_MODULE, String(ctx.many), freshDir(ctx.scratch, `many-floor-${i}`)),
    }),
    manyRuns,
    1,
  );
  rows.push(
    makeRow(
      {
        id: 'build.many',
        what: `${ctx.many} dashboards built to disk`,
        unit: 'ms',
        value: summarize(many.measured),
        floor: { what: 'node loop: SDK build + JSON.stringify + writeFileSync', value: summarize(many.floor) },
      },
      { maxRatio: 1.5 },
    ),
  );
  return rows;
}

/** Builds the synthetic dashboards once (untimed) and returns the folder of their JSON, for the validator measures. */
export function manyDashboardsJson(ctx: BenchContext, count: number): string {
  const modules = path.join(ctx.scratch, `synthetic-${count}`);
  if (!fs.existsSync(modules)) writeSyntheticModules(modules, count);
  const out = path.join(ctx.scratch, `synthetic-${count}-out`);
  if (!fs.existsSync(out)) run({ argv: npmScriptCommand('build-dashboards', ['--out', out, '--dashboards', modules]) });
  return path.join(out, 'dashboards');
}
