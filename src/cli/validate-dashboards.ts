/**
 * `validate_dashboards [files|dirs|globs…]`: the CI gate linter for Grafana dashboard JSON.
 * Exit codes: 0 clean (warnings allowed unless over --max-warnings), 1 error findings,
 * 2 usage or internal error (missing file, unreadable path, unmatched glob, bad config).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { safeMessage } from '../text/safe-text';
import { CliError, packageVersion, parseCommand, type Io } from './command';
import { loadCatalogue } from '../validate/catalogue';
import { InputError, validateFile, type EngineOptions } from '../validate/engine';
import { expandInputs } from '../validate/files';
import { formatGithub } from '../validate/format/github';
import { formatJson } from '../validate/format/json';
import { formatSarif } from '../validate/format/sarif';
import { formatText } from '../validate/format/text';
import { rules } from '../validate/rules/index';
import type { Finding } from '../validate/types';

const ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_CATALOGUE = path.join(ROOT, 'generated', 'catalogue.json');
export const DEFAULT_DASHBOARDS = path.join(ROOT, 'generated', 'dashboards');
export const DEFAULT_PROVISIONING = path.join(ROOT, 'generated', 'provisioning');

const FORMATS = ['text', 'json', 'github', 'sarif'] as const;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const args = parseCommand(
    {
      name: 'validate_dashboards',
      usage: '$0 [files|dirs|globs…]\n\nValidate Grafana dashboard JSON: JSON, schema, PromQL/LogQL, the metric catalogue and dashboard rules.\nWith no paths, validates generated/dashboards.',
      positionals: 'files|dirs|globs',
      options: {
        catalogue: { type: 'string', describe: 'catalogue JSON to check metrics/logs against (default: generated/catalogue.json); --no-catalogue disables those rules' },
        datasources: { type: 'string', describe: 'Grafana provisioning dir (or datasources YAML) whose uids references must resolve to (default with the project catalogue: generated/provisioning); --no-datasources disables' },
        config: { type: 'string', describe: 'config file (JSON or YAML): rule severities, exclusions with reasons' },
        format: { choices: FORMATS, default: 'text' as (typeof FORMATS)[number], describe: 'output format' },
        'max-warnings': { type: 'number', describe: 'exit 1 when there are more warnings than this' },
        quiet: { type: 'boolean', default: false, describe: 'report errors only' },
        prometheus: { type: 'string', describe: 'also check metric and label names against a live Prometheus at this URL' },
        'list-rules': { type: 'boolean', default: false, describe: 'print the rules and exit' },
      },
      check: (a) => {
        const max = a['max-warnings'];
        if (max !== undefined && (!Number.isInteger(max) || max < 0)) throw new CliError('--max-warnings must be a non-negative integer');
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  if (args['list-rules']) {
    for (const r of rules) io.stdout(`${r.id.padEnd(30)} ${r.severity.padEnd(8)} ${r.needsCatalogue ? '[catalogue] ' : ''}${r.doc}\n`);
    return 0;
  }
  const maxWarnings = args['max-warnings'];

  const options: EngineOptions = {};
  let exit2 = false;
  {
    const catArg = args['catalogue'] as string | boolean | undefined;
    const usingDefaultCatalogue = catArg === undefined || catArg === true;
    if (catArg !== false) options.catalogue = loadCatalogue(usingDefaultCatalogue ? DEFAULT_CATALOGUE : path.resolve(cwd, String(catArg)));
    else options.catalogue = null;
    // The YAML reader (≈ 70 modules) and the live client load only when an option needs them.
    const dsArg = args['datasources'] as string | boolean | undefined;
    if (typeof dsArg === 'string' && dsArg !== '') options.datasources = datasourcesModule().loadProvisionedDatasources(path.resolve(cwd, dsArg));
    else if (dsArg === undefined && catArg === undefined && fs.existsSync(DEFAULT_PROVISIONING)) {
      // Project mode (default catalogue): the project's own provisioning is the datasource contract too.
      options.datasources = datasourcesModule().loadProvisionedDatasources(DEFAULT_PROVISIONING);
    }
    if (typeof args['config'] === 'string') options.config = configModule().loadConfig(path.resolve(cwd, args['config']), new Set(rules.map((r) => r.id)));
    if (typeof args['prometheus'] === 'string') {
      try {
        const { fetchLivePrometheus } = require('../validate/live') as typeof import('../validate/live');
        options.live = await fetchLivePrometheus(args['prometheus']);
      } catch (e) {
        throw new CliError(`cannot query Prometheus at ${args['prometheus']}: ${(e as Error).message}`);
      }
    }
  }

  const inputs = (args._ as (string | number)[]).map(String);
  const expanded = expandInputs(inputs.length > 0 ? inputs : [path.relative(cwd, DEFAULT_DASHBOARDS) || '.'], cwd);
  for (const p of expanded.problems) io.stderr(`validate_dashboards: ${safeMessage(p)}\n`);
  if (expanded.problems.length > 0) exit2 = true;

  const format = args['format'];
  const quiet = args['quiet'] === true;
  const all: Finding[] = [];
  let errors = 0;
  let warnings = 0;
  let checked = 0;
  let skipped = 0;
  let hinted = false;
  // One file at a time: memory stays flat however many dashboards are checked.
  for (const file of expanded.files) {
    let found: Finding[];
    try {
      let notDashboard = false;
      const onNotADashboard = expanded.walked.has(file) ? () => (notDashboard = true) : undefined;
      found = validateFile(path.resolve(cwd, file), { ...options, file, ...(onNotADashboard ? { onNotADashboard } : {}) });
      if (notDashboard) {
        skipped++;
        continue;
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      io.stderr(`validate_dashboards: ${safeMessage(e.message)}\n`);
      exit2 = true;
      continue;
    }
    checked++;
    // A third-party dashboard against the project catalogue: say once what to do instead of only listing metrics.
    if (!hinted && options.catalogue && new Set(found.filter((f) => f.rule === 'catalogue/unknown-metric').map((f) => f.message)).size >= 3) {
      hinted = true;
      io.stderr('validate_dashboards: most metrics are not in the project catalogue; for third-party dashboards run with --no-catalogue\n');
    }
    for (const f of found) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
    }
    const shown = quiet ? found.filter((f) => f.severity === 'error') : found;
    if (format === 'github') io.stdout(formatGithub(shown));
    else all.push(...shown);
  }
  if (skipped > 0) io.stderr(`validate_dashboards: skipped ${skipped} JSON file(s) that are not dashboards (no panels, title or uid)\n`);
  if (format === 'text') io.stdout(formatText(all, { colour: io.colour === true, filesChecked: checked }));
  else if (format === 'json') io.stdout(formatJson(all, checked));
  else if (format === 'sarif') io.stdout(formatSarif(all, rules, { cwd: cwd, version: packageVersion() }));

  if (exit2) return 2;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`validate_dashboards: ${warnings} warning(s), more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

const loaded: { config?: typeof import('../validate/config'); datasources?: typeof import('../validate/datasources') } = {};
const configModule = (): typeof import('../validate/config') => (loaded.config ??= require('../validate/config') as typeof import('../validate/config'));
const datasourcesModule = (): typeof import('../validate/datasources') => (loaded.datasources ??= require('../validate/datasources') as typeof import('../validate/datasources'));
