/**
 * Grafana-compatible interpolation of dashboard target expressions, so the queries we run
 * against Prometheus (preview, end-to-end test) are the ones Grafana would send for the same
 * variable selection. Follows Grafana's template service: variable syntaxes `$var`, `${var}`,
 * `${var:format}`, `[[var]]`; All → the variable's `allValue` verbatim when set, else every
 * option; multi-values formatted by the datasource (Prometheus/Loki: regex alternation with
 * regex metacharacters escaped); built-ins `$__interval`, `$__rate_interval`, `$__range*`.
 */
import { asString, panelsOf, targetsOf, type Json } from './dashboard';
import { findVariableRefs, substituteVariables, type VariableRef } from './variables';
import { parseVariableQuery } from './variable-query';

/** Grafana's marker for "All" in a variable's current value. */
export const ALL = '$__all';

export interface DashboardVariable {
  readonly name: string;
  readonly type: string;
  readonly multi?: boolean;
  readonly includeAll?: boolean;
  readonly allValue?: string | null;
  readonly query?: unknown;
  readonly definition?: string;
}

/** Selected values per variable name; `[ALL]` (or 'All') selects All. */
export type Selection = Readonly<Record<string, readonly string[] | 'All'>>;

export type DatasourceType = 'prometheus' | 'loki';

export interface TimeContext {
  /** Dashboard time range length. */
  readonly rangeMs: number;
  /** `$__interval`, already computed (see `intervalFor`). */
  readonly intervalMs: number;
  /** The datasource's scrape interval (`timeInterval`), the base of `$__rate_interval`. */
  readonly scrapeIntervalMs: number;
}

export interface InterpolationContext {
  readonly variables: readonly DashboardVariable[];
  /** Every value each variable can take (what Grafana's variable query returned); used for All without allValue. */
  readonly options: Readonly<Record<string, readonly string[]>>;
  readonly selection: Selection;
  readonly datasource: DatasourceType;
  readonly time: TimeContext;
}

/** Grafana's `roundInterval`: snaps a raw interval to a "nice" one. */
export function roundInterval(ms: number): number {
  const table: ReadonlyArray<readonly [number, number]> = [
    [15, 10], [35, 20], [75, 50], [150, 100], [350, 200], [750, 500], [1500, 1000], [3500, 2000], [7500, 5000],
    [12500, 10000], [17500, 15000], [25000, 20000], [45000, 30000], [90000, 60000], [210000, 120000],
    [450000, 300000], [750000, 600000], [1050000, 900000], [1500000, 1200000], [2700000, 1800000],
    [5400000, 3600000], [9000000, 7200000], [16200000, 10800000], [32400000, 21600000], [86400000, 43200000],
    [604800000, 86400000], [1814400000, 604800000], [3628800000, 2592000000],
  ];
  for (const [below, value] of table) if (ms < below) return value;
  return 31536000000;
}

/** `$__interval` as Grafana computes it: range / max data points, rounded, never below the minimum interval. */
export function intervalFor(rangeMs: number, maxDataPoints: number, minIntervalMs: number): number {
  return Math.max(roundInterval(rangeMs / maxDataPoints), minIntervalMs);
}

/** `$__rate_interval` per the Prometheus datasource: max($__interval + scrape interval, 4 × scrape interval). */
export function rateInterval(time: Pick<TimeContext, 'intervalMs' | 'scrapeIntervalMs'>): number {
  return Math.max(time.intervalMs + time.scrapeIntervalMs, 4 * time.scrapeIntervalMs);
}

/** Renders milliseconds as a PromQL/LogQL duration (`15s`, `500ms`). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`invalid duration: ${ms} ms`);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

/** Parses a Prometheus-style duration (`1s`, `1m30s`, `500ms`) into milliseconds. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  const re = /(\d+)(ms|s|m|h|d|w|y)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * units[m[2]!]!;
    matched = re.lastIndex;
  }
  if (text === '' || matched !== text.length) throw new Error(`invalid duration "${text}"`);
  return total;
}

function builtins(time: TimeContext): Record<string, string> {
  const rangeS = Math.round(time.rangeMs / 1000);
  return {
    __interval: formatDuration(time.intervalMs),
    __interval_ms: String(time.intervalMs),
    __rate_interval: formatDuration(rateInterval(time)),
    __rate_interval_ms: String(rateInterval(time)),
    __range: `${rangeS}s`,
    __range_s: String(rangeS),
    __range_ms: String(time.rangeMs),
  };
}

/** Grafana's regex escape for the `regex` format (kbn.regexEscape). */
function regexEscape(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

/**
 * Escapes a value for a regex matcher inside a double-quoted PromQL/LogQL string: the regex
 * escape backslash itself must be escaped for the string literal (Grafana's
 * prometheusSpecialRegexEscape / lokiSpecialRegexEscape).
 */
function datasourceRegexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

function datasourceFormat(values: readonly string[], variable: DashboardVariable): string {
  if (!variable.multi && !variable.includeAll) return values.map((v) => v.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'")).join(',');
  const escaped = values.map(datasourceRegexEscape);
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
}

function namedFormat(values: readonly string[], format: string, where: string): string {
  switch (format) {
    case 'regex':
      return values.length === 1 ? regexEscape(values[0]!) : `(${values.map(regexEscape).join('|')})`;
    case 'pipe':
      return values.join('|');
    case 'csv':
    case 'raw':
      return values.join(',');
    case 'text':
      return values.join(' + ');
    case 'json':
      return JSON.stringify(values);
    case 'glob':
      return values.length === 1 ? values[0]! : `{${values.join(',')}}`;
    default:
      throw new Error(`${where}: unsupported variable format "${format}"`);
  }
}

/**
 * Replaces each Grafana variable reference (`$var`, `[[var]]`, `[[var:fmt]]`, `${var}`,
 * `${var.field}`, `${var:fmt}`), found by the same scanner the validator uses.
 */
function replaceRefs(expr: string, replace: (ref: VariableRef, whole: string) => string): string {
  let out = '';
  let last = 0;
  for (const ref of findVariableRefs(expr)) {
    out += expr.slice(last, ref.from) + replace(ref, expr.slice(ref.from, ref.to));
    last = ref.to;
  }
  return out + expr.slice(last);
}

function isAll(selected: readonly string[] | 'All' | undefined): boolean {
  return selected === 'All' || (Array.isArray(selected) && selected.includes(ALL));
}

/**
 * The text Grafana puts for one reference: `selected` values (or All) of `variable`, in the
 * reference's `format` or the datasource's own formatting. `allValue` resolves a custom all value
 * (itself interpolated by the caller).
 */
export function selectionText(
  variable: DashboardVariable,
  selected: readonly string[] | 'All',
  options: readonly string[],
  format: string | undefined,
  datasource: DatasourceType | undefined,
  allValue: (text: string) => string,
): string {
  const name = variable.name;
  let values: readonly string[];
  if (isAll(selected)) {
    // Grafana skips formatting of a custom all value unless the format is text-like.
    if (variable.allValue && format !== 'text') return allValue(variable.allValue);
    values = options;
    if (values.length === 0) throw new Error(`variable "${name}" is set to All but has no options`);
  } else {
    values = selected as readonly string[];
  }
  return format ? namedFormat(values, format, `variable "${name}"`) : datasource === 'prometheus' || datasource === 'loki' ? datasourceFormat(values, variable) : values.join(',');
}

/** Interpolates one expression; unknown variables are left as they are (as Grafana does). */
export function interpolate(expr: string, ctx: InterpolationContext, depth = 0): string {
  if (depth > 5) throw new Error(`variable interpolation nests too deeply in "${expr}"`);
  const fixed = builtins(ctx.time);
  const byName = new Map(ctx.variables.map((v) => [v.name, v]));
  return replaceRefs(expr, ({ name, format }, whole) => {
    if (name in fixed) return fixed[name]!;
    const variable = byName.get(name);
    if (!variable) return whole;
    const selected = ctx.selection[name];
    if (selected === undefined) throw new Error(`no selection for variable "${name}" used in "${expr}"`);
    return selectionText(variable, isAll(selected) ? 'All' : selected, ctx.options[name] ?? [], format, ctx.datasource, (all) => interpolate(all, ctx, depth + 1));
  });
}

/**
 * Grafana's custom variable options: comma-separated (`\,` is a comma inside an option), each
 * `text : value` or a bare value, trimmed; empty options are dropped.
 */
export function customOptions(query: string): { text: string; value: string }[] {
  const out: { text: string; value: string }[] = [];
  for (const m of query.matchAll(/(?:\\,|[^,])+/g)) {
    const option = m[0].replace(/\\,/g, ',');
    const pair = option.lastIndexOf(' : ');
    const [text, value] = pair >= 0 ? [option.slice(0, pair).trim(), option.slice(pair + 3).trim()] : [option.trim(), option.trim()];
    if (value !== '') out.push({ text, value });
  }
  return out;
}

/**
 * The values a variable can take that the dashboard itself lists: a custom or interval variable's
 * options, a constant's or textbox's value. Undefined for the others (a datasource lists them).
 */
export function listedValues(variable: DashboardVariable & { readonly current?: unknown }): string[] | undefined {
  const query = typeof variable.query === 'string' ? variable.query : undefined;
  switch (variable.type) {
    case 'custom':
      return query === undefined ? undefined : customOptions(query).map((o) => o.value);
    case 'interval':
      return query === undefined ? undefined : query.split(',').map((o) => o.trim()).filter((o) => o !== '');
    case 'constant':
      return query ? [query] : undefined;
    case 'textbox': {
      // What the user typed (the current value) wins over the default.
      const current = (variable.current as { value?: unknown } | undefined)?.value;
      const value = typeof current === 'string' && current !== '' ? current : query;
      return value ? [value] : undefined;
    }
    default:
      return undefined;
  }
}

/** Variable references left in an interpolated expression (should be none). */
export function unresolvedVariables(expr: string): string[] {
  return findVariableRefs(expr).map((r) => expr.slice(r.from, r.to));
}

/** Variable names an expression references (built-ins excluded). */
export function referencedVariables(expr: string): string[] {
  const names = new Set<string>();
  for (const { name } of findVariableRefs(expr)) if (!name.startsWith('__')) names.add(name);
  return [...names];
}

// ---------------------------------------------------------------------------------------------
// Dashboard targets

export type QueryKind = 'range' | 'instant';

export interface DashboardTarget {
  readonly dashboardUid: string;
  readonly dashboardTitle: string;
  readonly panelId: number | undefined;
  readonly panelTitle: string;
  readonly panelType: string;
  /** JSON pointer of the target inside the dashboard JSON. */
  readonly pointer: string;
  readonly refId: string;
  readonly expr: string;
  readonly datasource: DatasourceType;
  readonly kind: QueryKind;
  readonly format: string | undefined;
  readonly exemplar: boolean;
  readonly legendFormat: string | undefined;
}

const RANGE_PANELS = new Set(['timeseries', 'heatmap', 'barchart']);
const INSTANT_PANELS = new Set(['table', 'stat', 'gauge']);

/**
 * How Grafana runs a Prometheus target: an explicit `instant`/`range` flag wins; otherwise
 * table/stat/gauge panels ask for the current value and the others for a range.
 */
export function queryKind(panelType: string, target: { instant?: unknown; range?: unknown; queryType?: unknown }): QueryKind {
  if (target.queryType === 'instant') return 'instant';
  if (target.queryType === 'range') return 'range';
  if (target.instant === true && target.range !== true) return 'instant';
  if (target.range === true) return 'range';
  if (INSTANT_PANELS.has(panelType)) return 'instant';
  if (RANGE_PANELS.has(panelType)) return 'range';
  return 'range';
}

function datasourceOf(target: Json, panel: Json): DatasourceType | undefined {
  const ds = (target.datasource as { type?: string } | undefined) ?? (panel.datasource as { type?: string } | null | undefined) ?? undefined;
  const type = ds?.type;
  return type === 'prometheus' || type === 'loki' ? type : undefined;
}

/** Every PromQL and LogQL target of a dashboard (rows' nested panels included), in panel order. */
export function dashboardTargets(dashboard: Json): DashboardTarget[] {
  const out: DashboardTarget[] = [];
  const uid = String(dashboard.uid ?? '');
  const title = String(dashboard.title ?? '');
  for (const ref of panelsOf(dashboard)) {
    const panel = ref.panel;
    const type = asString(panel.type) ?? '';
    for (const { target, pointer } of targetsOf(ref)) {
      const datasource = datasourceOf(target, panel);
      if (!datasource || typeof target.expr !== 'string' || target.hide === true) continue;
      out.push({
        dashboardUid: uid,
        dashboardTitle: title,
        panelId: typeof panel.id === 'number' ? panel.id : undefined,
        panelTitle: asString(panel.title) ?? '',
        panelType: type,
        pointer,
        refId: String(target.refId ?? ''),
        expr: target.expr,
        datasource,
        kind: queryKind(type, target),
        format: typeof target.format === 'string' ? target.format : undefined,
        exemplar: target.exemplar === true,
        legendFormat: typeof target.legendFormat === 'string' ? target.legendFormat : undefined,
      });
    }
  }
  return out;
}

/** The dashboard's template variables (`templating.list`). */
export function dashboardVariables(dashboard: Record<string, unknown>): DashboardVariable[] {
  const list = (dashboard.templating as { list?: DashboardVariable[] } | undefined)?.list;
  return Array.isArray(list) ? list : [];
}

export interface LabelValuesQuery {
  readonly label: string;
  /** Series selector (`match[]`), absent for `label_values(label)`. */
  readonly match: string | undefined;
}

/** Parses a Prometheus variable's `label_values(selector, label)` / `label_values(label)` query (grammar: variable-query.ts). */
export function labelValuesQuery(variable: DashboardVariable): LabelValuesQuery | undefined {
  const q = variable.query;
  const text = typeof q === 'string' ? q : typeof (q as { query?: unknown } | undefined)?.query === 'string' ? (q as { query: string }).query : variable.definition;
  if (typeof text !== 'string') return undefined;
  // Placeholders of the same length stand for the variables, so `$label` reads as a label name.
  const parsed = parseVariableQuery(substituteVariables(text).text);
  if (parsed.kind !== 'label_values') return undefined;
  const match = parsed.selector ? text.slice(parsed.selector.from, parsed.selector.to).trim() : undefined;
  return { label: text.slice(parsed.label.from, parsed.label.to), match };
}
