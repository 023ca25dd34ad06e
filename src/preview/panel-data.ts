/**
 * Runs a dashboard's PromQL targets the way Grafana would for a variable selection and
 * summarises what each panel would show. Shared by `npm run preview` and the end-to-end test.
 */
import {
  ALL,
  dashboardTargets,
  dashboardVariables,
  interpolate,
  intervalFor,
  labelValuesQuery,
  parseDuration,
  type DashboardTarget,
  type DashboardVariable,
  type InterpolationContext,
  type Selection,
  type TimeContext,
} from '../grafana/interpolate';
import { pointCount, type PrometheusApi, type QueryResult } from './prom-api';

/** Grafana sizes $__interval by the panel's pixel width; 1000 data points is a typical full-width panel. */
export const DEFAULT_MAX_DATA_POINTS = 1000;

/** Dashboard `time.from` such as `now-1h` → range length in ms (absolute ranges are not supported). */
export function dashboardRangeMs(dashboard: Record<string, unknown>, fallbackMs = 3_600_000): number {
  const from = (dashboard.time as { from?: unknown } | undefined)?.from;
  const to = (dashboard.time as { to?: unknown } | undefined)?.to;
  if (typeof from !== 'string' || (to !== undefined && to !== 'now')) return fallbackMs;
  const m = /^now-(\d+[smhdwy])$/.exec(from);
  return m ? parseDuration(m[1]!) : fallbackMs;
}

export function timeContext(rangeMs: number, scrapeIntervalMs: number, maxDataPoints = DEFAULT_MAX_DATA_POINTS): TimeContext {
  return { rangeMs, scrapeIntervalMs, intervalMs: intervalFor(rangeMs, maxDataPoints, scrapeIntervalMs) };
}

/** All for every multi/All variable, the saved current value otherwise; `overrides` win. */
export function defaultSelection(variables: readonly DashboardVariable[], overrides: Selection = {}): Record<string, readonly string[] | 'All'> {
  const out: Record<string, readonly string[] | 'All'> = {};
  for (const v of variables) {
    if (v.name in overrides) out[v.name] = overrides[v.name]!;
    else if (v.includeAll) out[v.name] = [ALL];
    else {
      const current = (v as { current?: { value?: unknown } }).current?.value;
      out[v.name] = Array.isArray(current) ? current.map(String) : current === undefined ? [] : [String(current)];
    }
  }
  return out;
}

/**
 * Resolves each query variable's options with the Prometheus label values API, in dashboard
 * order so chained variables (`host_region` filtered by `$environment`) see earlier selections.
 */
export async function resolveVariableOptions(
  api: PrometheusApi,
  variables: readonly DashboardVariable[],
  selection: Selection,
  time: TimeContext,
  nowS: number,
): Promise<Record<string, string[]>> {
  const options: Record<string, string[]> = {};
  for (const v of variables) {
    if (v.type !== 'query') continue;
    const q = labelValuesQuery(v);
    if (!q) continue;
    const ctx: InterpolationContext = { variables, options, selection, datasource: 'prometheus', time };
    const match = q.match ? interpolate(q.match, ctx) : undefined;
    options[v.name] = (await api.labelValues(q.label, match, nowS - time.rangeMs / 1000, nowS)).sort();
  }
  return options;
}

export interface TargetRun {
  readonly target: DashboardTarget;
  readonly query: string;
  readonly result?: QueryResult;
  readonly error?: string;
}

export interface RunOptions {
  readonly selection: Selection;
  readonly options: Readonly<Record<string, readonly string[]>>;
  readonly time: TimeContext;
  readonly nowS: number;
}

/** Interpolates and runs one PromQL target in the form its panel uses. */
export async function runTarget(api: PrometheusApi, target: DashboardTarget, variables: readonly DashboardVariable[], run: RunOptions): Promise<TargetRun> {
  const ctx: InterpolationContext = { variables, options: run.options, selection: run.selection, datasource: target.datasource, time: run.time };
  let query = target.expr;
  try {
    query = interpolate(target.expr, ctx);
    const stepS = run.time.intervalMs / 1000;
    // Grafana aligns range queries to the step so refreshes hit the same points.
    const end = Math.floor(run.nowS / stepS) * stepS;
    const result =
      target.kind === 'instant' ? await api.instant(query, run.nowS) : await api.range(query, end - run.time.rangeMs / 1000, end, stepS);
    return { target, query, result };
  } catch (error) {
    return { target, query, error: (error as Error).message };
  }
}

/** Runs every PromQL target of a dashboard. */
export async function runDashboard(api: PrometheusApi, dashboard: Record<string, unknown>, run: RunOptions): Promise<TargetRun[]> {
  const variables = dashboardVariables(dashboard);
  const out: TargetRun[] = [];
  for (const target of dashboardTargets(dashboard)) {
    if (target.datasource !== 'prometheus') continue;
    out.push(await runTarget(api, target, variables, run));
  }
  return out;
}

function labelText(metric: Record<string, string>): string {
  const entries = Object.entries(metric).filter(([k]) => k !== '__name__');
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}` : '{}';
}

function formatValue(raw: string): string {
  const n = Number(raw);
  if (!Number.isFinite(n)) return raw;
  return Math.abs(n) >= 1e6 || (n !== 0 && Math.abs(n) < 1e-3) ? n.toExponential(3) : String(Number(n.toFixed(4)));
}

/** A few `labels=value` samples (last value of each series for ranges). */
export function sampleValues(result: QueryResult, limit = 3): string[] {
  return result.result.slice(0, limit).map((s) => {
    const last = s.values ? s.values[s.values.length - 1] : s.value;
    return `${labelText(s.metric)}=${last ? formatValue(last[1]) : '∅'}`;
  });
}

export interface SummaryRow {
  readonly panel: string;
  readonly refId: string;
  readonly kind: string;
  readonly series: number;
  readonly points: number;
  readonly samples: string[];
  readonly query: string;
  readonly error?: string;
}

export function summaryRows(runs: readonly TargetRun[]): SummaryRow[] {
  return runs.map((r) => ({
    panel: `${r.target.panelTitle} [${r.target.panelType}]`,
    refId: r.target.refId,
    kind: r.target.kind,
    series: r.result?.result.length ?? 0,
    points: r.result ? pointCount(r.result) : 0,
    samples: r.result ? sampleValues(r.result) : [],
    query: r.query,
    ...(r.error ? { error: r.error } : {}),
  }));
}

/** Plain-text table: one block per target (panel, counts, query, samples). */
export function formatSummary(title: string, rows: readonly SummaryRow[]): string {
  const lines = [`== ${title}`];
  const width = Math.max(...rows.map((r) => r.panel.length + r.refId.length + 1), 10);
  for (const r of rows) {
    const name = `${r.panel} ${r.refId}`.padEnd(width);
    lines.push(`${name}  ${r.kind.padEnd(7)} series=${String(r.series).padStart(3)} points=${String(r.points).padStart(6)}${r.error ? '  ERROR' : r.series === 0 ? '  NO DATA' : ''}`);
    lines.push(`    query: ${r.query}`);
    if (r.error) lines.push(`    error: ${r.error}`);
    for (const s of r.samples) lines.push(`    ${s}`);
  }
  return lines.join('\n');
}
