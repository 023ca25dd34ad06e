/**
 * Schema layer of validate_dashboards: checks a dashboard against the JSON Schemas generated from the pinned
 * Grafana Foundation SDK (see src/build/schema/generate.ts for the strictness policy), using the precompiled ajv validators in
 * generated/schema/validators.js, so no schema is compiled at validate time.
 */
import { loadValidators, type Meta, type ValidateFn, type Validators } from './load';
import { describeErrors } from './messages';

export interface SchemaFinding {
  pointer: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
  rule: string;
}

/** Panel types Grafana replaced and auto-migrates on load (graph → timeseries, singlestat → stat, …). */
const LEGACY_PANEL_TYPES: Record<string, string> = {
  graph: 'timeseries',
  singlestat: 'stat',
  'table-old': 'table',
};

/** Core panels Grafana ships whose options the SDK does not type: no plugin, no options check. */
const CORE_UNTYPED_PANELS = new Set(['row', 'welcome', 'gettingstarted', 'alertlist', 'traces', 'flamegraph', 'live', 'debug']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function run(validate: ValidateFn | undefined, data: unknown, base: string, meta: Meta, out: SchemaFinding[]): void {
  if (!validate) return;
  let valid: boolean;
  try {
    valid = validate(data);
  } catch (error) {
    // Only absurd nesting (e.g. thousands of snapshot.dashboard levels) exhausts the stack of the recursive
    // validators; report it instead of crashing the whole run.
    if (!(error instanceof RangeError)) throw error;
    out.push({ pointer: base, message: 'nested too deeply to validate', severity: 'error', rule: 'schema' });
    return;
  }
  if (valid) return;
  for (const d of describeErrors(validate.errors ?? [], data, meta.errorEnums)) {
    out.push({ pointer: base + d.pointer, message: d.message, severity: d.severity, rule: 'schema' });
  }
}

/** Datasource variables (`type: datasource`) → the plugin id they select (`query: "prometheus"`). */
function datasourceVariables(dashboard: Record<string, unknown>): Map<string, string> {
  const vars = new Map<string, string>();
  const list = isRecord(dashboard.templating) ? dashboard.templating.list : undefined;
  if (!Array.isArray(list)) return vars;
  for (const v of list) {
    if (isRecord(v) && v.type === 'datasource' && typeof v.name === 'string' && typeof v.query === 'string') vars.set(v.name, v.query);
  }
  return vars;
}

const VARIABLE_REF = /^\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}$|^\$([A-Za-z0-9_]+)$|^\[\[([A-Za-z0-9_]+)\]\]$/;

/** The datasource plugin type of a datasource reference, when it can be told without a Grafana instance. */
function datasourceType(ref: unknown, vars: Map<string, string>): string | undefined {
  if (isRecord(ref)) {
    if (typeof ref.type === 'string' && ref.type !== 'datasource') return ref.type;
    if (typeof ref.uid === 'string') return datasourceType(ref.uid, vars);
    return undefined;
  }
  if (typeof ref !== 'string') return undefined;
  const m = VARIABLE_REF.exec(ref);
  const name = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  return name ? vars.get(name) : undefined;
}

interface Context {
  v: Validators;
  dsVars: Map<string, string>;
  out: SchemaFinding[];
}

function checkPanel(panel: unknown, pointer: string, ctx: Context, inRow = false): void {
  if (!isRecord(panel) || typeof panel.type !== 'string') return; // the dashboard schema reports these
  const { v, out } = ctx;
  const type = panel.type;
  if (type === 'row') {
    // Grafana rows hold panels but not rows, so only one level is walked (no unbounded recursion).
    if (!inRow && Array.isArray(panel.panels)) panel.panels.forEach((p, i) => checkPanel(p, `${pointer}/panels/${i}`, ctx, true));
    return;
  }
  const replacement = Object.hasOwn(LEGACY_PANEL_TYPES, type) ? LEGACY_PANEL_TYPES[type] : undefined;
  if (replacement) {
    out.push({
      pointer: `${pointer}/type`,
      message: `legacy panel type "${type}": Grafana migrates it to "${replacement}" on load; its options are not checked`,
      severity: 'info',
      rule: 'schema-legacy',
    });
  } else if (Object.hasOwn(v.meta.panels, type)) {
    const names = v.meta.panels[type] as Record<string, string>;
    if (panel.options !== undefined && panel.options !== null && names.Options) {
      run(v[names.Options], panel.options, `${pointer}/options`, v.meta, out);
    }
    const fc = panel.fieldConfig;
    const custom = isRecord(fc) && isRecord(fc.defaults) ? fc.defaults.custom : undefined;
    if (custom !== undefined && custom !== null && names.FieldConfig) {
      run(v[names.FieldConfig], custom, `${pointer}/fieldConfig/defaults/custom`, v.meta, out);
    }
  } else if (!CORE_UNTYPED_PANELS.has(type)) {
    out.push({
      pointer: `${pointer}/type`,
      message: `panel type "${type}" is a plugin panel (not a core panel typed by SDK ${v.meta.sdkVersion}); its options are not checked`,
      severity: 'info',
      rule: 'schema-plugin-panel',
    });
  }
  if (!Array.isArray(panel.targets)) return;
  const panelDs = datasourceType(panel.datasource, ctx.dsVars);
  panel.targets.forEach((target, i) => {
    if (!isRecord(target)) return; // reported by the dashboard schema
    const ds = datasourceType(target.datasource, ctx.dsVars) ?? panelDs;
    if (ds && v.meta.queries.includes(ds)) run(v[ds], target, `${pointer}/targets/${i}`, v.meta, out);
  });
}

/** All schema findings for one parsed dashboard JSON value; never throws on any JSON value. */
export function checkSchema(dashboard: unknown): SchemaFinding[] {
  const v = loadValidators();
  const out: SchemaFinding[] = [];
  if (!isRecord(dashboard)) {
    const got = dashboard === null ? 'null' : Array.isArray(dashboard) ? 'array' : typeof dashboard;
    return [{ pointer: '', message: `expected a dashboard object, got ${got}`, severity: 'error', rule: 'schema' }];
  }
  run(v.dashboard, dashboard, '', v.meta, out);

  const sv = dashboard.schemaVersion;
  if (typeof sv === 'number' && sv < v.meta.schemaVersion) {
    out.push({
      pointer: '/schemaVersion',
      message: `schemaVersion ${sv} is older than ${v.meta.schemaVersion} (Grafana 12, SDK ${v.meta.sdkVersion}); Grafana migrates it on load`,
      severity: 'info',
      rule: 'schema-version',
    });
  } else if (sv === undefined) {
    out.push({
      pointer: '',
      message: `schemaVersion is missing; Grafana migrates the dashboard from the oldest model on load`,
      severity: 'info',
      rule: 'schema-version',
    });
  }

  const ctx: Context = { v, dsVars: datasourceVariables(dashboard), out };
  if (Array.isArray(dashboard.panels)) dashboard.panels.forEach((p, i) => checkPanel(p, `/panels/${i}`, ctx));
  if (Array.isArray(dashboard.rows)) {
    out.push({
      pointer: '/rows',
      message: 'legacy top-level "rows" layout: Grafana converts rows to panels on load',
      severity: 'info',
      rule: 'schema-legacy',
    });
    dashboard.rows.forEach((row, r) => {
      if (!isRecord(row) || !Array.isArray(row.panels)) return;
      row.panels.forEach((p, i) => {
        const pointer = `/rows/${r}/panels/${i}`;
        // The dashboard schema does not know `rows`, so these panels get their structural check here.
        run(v.dashboard_Panel, p, pointer, v.meta, out);
        checkPanel(p, pointer, ctx);
      });
    });
  }
  return out;
}
