/**
 * Compiles `dashboards/*.ts` into `generated/`: dashboard JSON, Grafana provisioning, the
 * catalogue export and the data-contract document. Everything is computed in memory first;
 * nothing is written unless every dashboard module loaded and built, so a failing module leaves
 * `generated/` exactly as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogue } from '../catalogue';
import { renderDataContract } from '../catalogue/markdown';
import { panelsOf } from '../grafana/dashboard';
import { CliError } from '../cli/errors';
import { removeStaleTempFiles, replaceFileSet, syncDirectory, WriteError } from './atomic-write';
import { COMPOSE_LOKI_CONFIG, COMPOSE_PROMETHEUS_CONFIG, composeLokiConfig, composePrometheusConfig } from './deploy';
import { dashboardProvisioning, datasourceProvisioning, grafanaEnv } from './provisioning';
import { dashboardJson, stableStringify } from './stable-json';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_DASHBOARDS_DIR = path.join(PROJECT_ROOT, 'dashboards');
export const DEFAULT_OUT_DIR = path.join(PROJECT_ROOT, 'generated');
/** Sub-folder of the output holding one JSON file per dashboard uid. */
export const DASHBOARDS_SUBDIR = 'dashboards';

/** Grafana's own limit for uids is 40 characters; we also restrict the alphabet so a uid is a safe file name. */
const UID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
/** Windows opens a device instead of a file for these names, whatever the extension. */
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
/** C0 controls and DEL: a title holding a newline or NUL is a mistake, and renders badly in Grafana. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A dashboard module that does not load or build: exit 1, nothing written. */
export class BuildError extends CliError {
  override name = 'BuildError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`, 1);
  }
}

export interface BuiltDashboard {
  /** Source module, relative to the project root when inside it. */
  readonly source: string;
  readonly uid: string;
  readonly title: string;
  readonly output: string;
  readonly panels: number;
  readonly queries: number;
  readonly bytes: number;
  readonly ms: number;
}

export interface BuildPlan {
  /** Output path relative to the output directory → exact file content. */
  readonly files: ReadonlyMap<string, string>;
  readonly dashboards: readonly BuiltDashboard[];
}

export interface BuildOptions {
  dashboardsDir?: string;
  outDir?: string;
}

/** Dashboard modules: every `*.ts` in the folder, sorted, so new files are picked up without registration. */
export function discoverDashboards(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new BuildError(dir, 'dashboards folder does not exist');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** A value quoted for a one-line message, shortened so a 100 kB uid does not flood the terminal. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Loads one dashboard module and returns the built dashboard object. */
export function loadDashboard(file: string): Record<string, unknown> {
  let mod: unknown;
  try {

    mod = require(file);
  } catch (error) {
    throw new BuildError(display(file), `failed to load: ${(error as Error).message}`);
  }
  let exported = (mod as { default?: unknown }).default;
  try {
    if (typeof exported === 'function') exported = (exported as () => unknown)();
    if (!exported || typeof (exported as { build?: unknown }).build !== 'function') {
      throw new Error('default export must be a dashboard builder (an object with build()) or a function returning one');
    }
    const built = (exported as { build(): unknown }).build();
    if (!built || typeof built !== 'object' || Array.isArray(built)) throw new Error('build() did not return a dashboard object');
    return built as Record<string, unknown>;
  } catch (error) {
    if (error instanceof BuildError) throw error;
    throw new BuildError(display(file), `failed to build: ${(error as Error).message}`);
  }
}

/** Panels (rows excluded) and queries the build line reports. */
function countPanels(dashboard: Record<string, unknown>): { panels: number; queries: number } {
  let panels = 0;
  let queries = 0;
  for (const ref of panelsOf(dashboard)) {
    if (ref.panel['type'] !== 'row') panels += 1;
    queries += Array.isArray(ref.panel['targets']) ? ref.panel['targets'].length : 0;
  }
  return { panels, queries };
}

/** Loads and builds every dashboard; throws BuildError before anything is written. */
export function planBuild(options: BuildOptions = {}): BuildPlan {
  const dashboardsDir = options.dashboardsDir ?? DEFAULT_DASHBOARDS_DIR;
  const files = new Map<string, string>();
  const dashboards: BuiltDashboard[] = [];
  const uids = new Map<string, string>();
  const foldedUids = new Map<string, { uid: string; where: string }>();
  const titles = new Map<string, string>();

  for (const source of discoverDashboards(dashboardsDir)) {
    const started = process.hrtime.bigint();
    const json = loadDashboard(source);
    const where = display(source);
    const uid = json.uid;
    if (typeof uid !== 'string' || !UID_PATTERN.test(uid)) {
      throw new BuildError(where, `dashboard uid must be 1-40 characters of A-Z a-z 0-9 _ -, got ${preview(uid)}`);
    }
    if (WINDOWS_DEVICE_NAMES.test(uid)) {
      throw new BuildError(where, `dashboard uid "${uid}" is a reserved device name on Windows; ${uid}.json could not be checked out there`);
    }
    if (typeof json.title !== 'string' || json.title.trim() === '') throw new BuildError(where, 'dashboard title is missing');
    if (CONTROL_CHARS.test(json.title)) {
      throw new BuildError(where, `dashboard title must not contain control characters (newline, NUL, ...), got ${preview(json.title)}`);
    }
    const previous = uids.get(uid);
    if (previous) throw new BuildError(where, `duplicate dashboard uid "${uid}" (also defined in ${previous})`);
    // generated/dashboards/<uid>.json: on case-insensitive file systems (macOS, Windows) uids that
    // differ only in case would overwrite each other, so they are refused everywhere.
    const folded = foldedUids.get(uid.toLowerCase());
    if (folded) {
      throw new BuildError(where, `dashboard uid "${uid}" differs only in case from "${folded.uid}" (defined in ${folded.where}); the output files would collide on case-insensitive file systems`);
    }
    // Grafana refuses two dashboards with the same title in one folder; all of ours share a folder.
    const titleKey = json.title.trim().toLowerCase();
    const sameTitle = titles.get(titleKey);
    if (sameTitle) throw new BuildError(where, `duplicate dashboard title ${preview(json.title)} (also used in ${sameTitle}); Grafana needs unique titles per folder`);
    uids.set(uid, where);
    foldedUids.set(uid.toLowerCase(), { uid, where });
    titles.set(titleKey, where);

    const content = dashboardJson(json);
    const output = `${DASHBOARDS_SUBDIR}/${uid}.json`;
    files.set(output, content);
    const counts = countPanels(json);
    dashboards.push({
      source: where,
      uid,
      title: json.title,
      output,
      ...counts,
      bytes: Buffer.byteLength(content),
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    });
  }
  if (dashboards.length === 0) throw new BuildError(display(dashboardsDir), 'no dashboard modules (*.ts) found');

  files.set('provisioning/dashboards/compile-pipeline.yaml', dashboardProvisioning());
  files.set('provisioning/datasources/compile-pipeline.yaml', datasourceProvisioning());
  files.set('grafana.env', grafanaEnv());
  files.set('catalogue.json', stableStringify(catalogue));
  files.set('data-contract.md', renderDataContract(catalogue));
  files.set(COMPOSE_PROMETHEUS_CONFIG, composePrometheusConfig());
  files.set(COMPOSE_LOKI_CONFIG, composeLokiConfig());
  return { files, dashboards };
}

export interface Drift {
  readonly path: string;
  readonly kind: 'missing' | 'changed' | 'stale';
}

/** Generated dashboard files on disk that no dashboard module produces any more. */
function staleDashboards(plan: BuildPlan, outDir: string): string[] {
  const dir = path.join(outDir, DASHBOARDS_SUBDIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${DASHBOARDS_SUBDIR}/${f}`)
    .filter((rel) => !plan.files.has(rel))
    .sort();
}

/** Differences between the plan and what `outDir` holds (empty when up to date). */
export function checkPlan(plan: BuildPlan, outDir: string = DEFAULT_OUT_DIR): Drift[] {
  const drift: Drift[] = [];
  for (const [rel, content] of plan.files) {
    const file = path.join(outDir, rel);
    if (!fs.existsSync(file)) drift.push({ path: rel, kind: 'missing' });
    else if (fs.readFileSync(file, 'utf8') !== content) drift.push({ path: rel, kind: 'changed' });
  }
  for (const rel of staleDashboards(plan, outDir)) drift.push({ path: rel, kind: 'stale' });
  return drift;
}

export interface WriteResult {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Writes the plan as one change: the changed files and the deletion of outputs of removed
 * dashboards are applied together or not at all (see replaceFileSet); files already identical
 * are not touched (Grafana reloads on mtime). Throws WriteError (generated/ unchanged) on a
 * full disk, a read-only or unwritable folder.
 */
export function writePlan(plan: BuildPlan, outDir: string = DEFAULT_OUT_DIR): WriteResult {
  const display = (file: string): string => path.join(path.basename(outDir), path.relative(outDir, file));
  const fsStep = <T>(file: string, step: () => T): T => {
    try {
      return step();
    } catch (error) {
      throw new WriteError(display(file), (error as NodeJS.ErrnoException).code, 'nothing was replaced');
    }
  };
  // Only a folder an earlier build wrote (it holds our catalogue.json) has outputs to remove:
  // an --out pointed at the wrong folder must never lose someone else's JSON files.
  const earlierBuild = fs.existsSync(path.join(outDir, 'catalogue.json'));
  fsStep(outDir, () => removeStaleTempFiles(outDir));
  const written: string[] = [];
  const unchanged: string[] = [];
  const writes = new Map<string, string>();
  for (const [rel, content] of plan.files) {
    const file = path.join(outDir, rel);
    if (fsStep(file, () => fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content)) {
      unchanged.push(rel);
      continue;
    }
    writes.set(file, content);
    written.push(rel);
  }
  const removed = earlierBuild ? fsStep(outDir, () => staleDashboards(plan, outDir)) : [];
  replaceFileSet({ writes, removals: removed.map((rel) => path.join(outDir, rel)), display });
  const touched = new Set([...written, ...removed].map((rel) => path.dirname(path.join(outDir, rel))));
  for (const dir of touched) syncDirectory(dir);
  return { written, unchanged, removed };
}
