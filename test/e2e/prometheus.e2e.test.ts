/**
 * Every PromQL target of every generated dashboard, run against a real Prometheus scraping the
 * sample exporter, in the form its panel uses and with variables interpolated as Grafana would.
 * Needs the `prometheus` binary (Debian package); CI fails without it, local runs skip loudly.
 */
import { catalogue, W3C_TRACE_ID_PATTERN } from '../../src/catalogue';
import { startExporter, type ExporterHandle } from '../../src/exporter';
import {
  ALL,
  dashboardTargets,
  dashboardVariables,
  labelValuesQuery,
  interpolate,
  referencedVariables,
  unresolvedVariables,
  type DashboardTarget,
  type Selection,
} from '../../src/grafana/interpolate';
import { dashboardRangeMs, defaultSelection, resolveVariableOptions, runTarget, timeContext, type RunOptions, type TargetRun } from '../../src/preview/panel-data';
import { PrometheusApi, type QueryResult } from '../../src/preview/prom-api';
import { startPrometheus, type RunningPrometheus } from '../../src/preview/prometheus';
import { generatedDashboards, poll, prometheusBinaryOrSkip } from './environment';

const SUITE = 'prometheus e2e';
const binary = prometheusBinaryOrSkip(SUITE);
const describeWithPrometheus = binary ? describe : describe.skip;

const dashboards = generatedDashboards();
const promTargets = dashboards.flatMap((d) => dashboardTargets(d.json).filter((t) => t.datasource === 'prometheus').map((t) => ({ d, t })));
const SCRAPE_INTERVAL = '1s';
/** Seconds after the exporter starts before increase() windows are checked for monotonic le (see the heatmap test). */
const SETTLE_S = 15;
const W3C_TRACE_ID = new RegExp(W3C_TRACE_ID_PATTERN);

function where(t: DashboardTarget, query: string): string {
  return `dashboard "${t.dashboardTitle}" (${t.dashboardUid}), panel "${t.panelTitle}" [${t.panelType}] ${t.refId} ${t.pointer}\n  query: ${query}`;
}

function values(result: QueryResult): number[] {
  return result.result.flatMap((s) => (s.values ?? (s.value ? [s.value] : [])).map(([, v]) => Number(v)));
}

/** Parses the exporter's text exposition: label values of one metric's series. */
function exposedLabelValues(exposition: string, metric: string, label: string): string[] {
  const out = new Set<string>();
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    const m = new RegExp(`[{,]${label}="((?:[^"\\\\]|\\\\.)*)"`).exec(line);
    if (m) out.add(m[1]!);
  }
  return [...out].sort();
}

describeWithPrometheus('every panel returns data from a real Prometheus', () => {
  const started = Date.now();
  let exporter: ExporterHandle | undefined;
  let prom: RunningPrometheus | undefined;
  let api: PrometheusApi;
  const runs = new Map<string, RunOptions>();
  const allRuns = new Map<DashboardTarget, TargetRun>();

  function runOptionsFor(dashboardUid: string): RunOptions {
    const r = runs.get(dashboardUid);
    if (!r) throw new Error(`no run options for ${dashboardUid} (set-up failed?)`);
    return r;
  }

  async function runAll(): Promise<void> {
    const nowS = Date.now() / 1000;
    for (const { d } of promTargets.filter((x, i, a) => a.findIndex((y) => y.d === x.d) === i)) {
      const variables = dashboardVariables(d.json);
      const selection = defaultSelection(variables);
      const time = timeContext(dashboardRangeMs(d.json), prom!.scrapeIntervalMs);
      const options = await resolveVariableOptions(api, variables, selection, time, nowS);
      runs.set(String(d.json.uid), { selection, options, time, nowS });
    }
    for (const { d, t } of promTargets) allRuns.set(t, await runTarget(api, t, dashboardVariables(d.json), runOptionsFor(t.dashboardUid)));
  }

  let heatmapTimestamps = 0;
  let exporterStartS = 0;
  const rateIntervalS = (r: TargetRun): number => Number(/\[(\d+)s\]/.exec(r.query)?.[1] ?? 0);
  const ready = (r: TargetRun | undefined): boolean => !!r?.result?.result.length && values(r.result).some(Number.isFinite);

  beforeAll(async () => {
    // Started one after the other; afterAll stops whatever did start, also when this fails.
    exporterStartS = Math.floor(Date.now() / 1000);
    exporter = await startExporter({ host: '127.0.0.1', port: 0, seed: 42, logStream: null });
    prom = await startPrometheus({ target: `${exporter.host}:${exporter.port}`, scrapeInterval: SCRAPE_INTERVAL, binary: binary!, readyTimeoutMs: 15_000 });
    api = new PrometheusApi(prom.url, 5000);
    await poll('the exporter scrape target to be up', 30_000, 250, async () => {
      const { activeTargets } = await api.targets();
      return activeTargets.length > 0 && activeTargets.every((t) => t.health === 'up') ? true : undefined;
    });
    // Rates need two scrapes inside $__rate_interval: poll until every panel has finite data.
    await poll('every PromQL target to return data', 60_000, 1000, async () => {
      await runAll();
      return [...allRuns.values()].every(ready) ? true : undefined;
    }).catch(() => undefined); // the per-target tests below report exactly which ones stay empty
  }, 120_000);

  afterAll(async () => {
    try {
      await prom?.stop();
    } finally {
      await exporter?.close();
    }
    const rows = [...allRuns.values()].map((r) => ({
      dashboard: r.target.dashboardUid,
      panel: r.target.panelTitle,
      type: r.target.panelType,
      refId: r.target.refId,
      kind: r.target.kind,
      series: r.result?.result.length ?? 0,
      points: r.result ? values(r.result).length : 0,
    }));
    console.log(
      `Per-panel PromQL results (scrape ${SCRAPE_INTERVAL}, Prometheus ${binary}):\n` +
        rows.map((r) => `  ${r.dashboard} | ${r.panel} [${r.type}] ${r.refId} | ${r.kind} | series=${r.series} points=${r.points}`).join('\n') +
        `\nheatmap timestamps checked for monotonic le: ${heatmapTimestamps}` +
        `\nprometheus e2e suite time: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  test('the dashboards have PromQL targets', () => {
    expect(promTargets.length).toBeGreaterThan(0);
  });

  test.each(promTargets.map(({ d, t }) => [`${d.file} › ${t.panelTitle} [${t.panelType}] ${t.refId} (${t.kind})`, t] as const))(
    '%s returns a non-empty result of the expected type',
    (_name, t) => {
      const run = allRuns.get(t);
      const query = run?.query ?? t.expr;
      const context = where(t, query);
      expect({ context, error: run?.error }).toEqual({ context, error: undefined });
      expect({ context, unresolved: unresolvedVariables(query) }).toEqual({ context, unresolved: [] });
      expect({ context, resultType: run!.result!.resultType }).toEqual({ context, resultType: t.kind === 'range' ? 'matrix' : 'vector' });
      expect({ context, series: run!.result!.result.length > 0 }).toEqual({ context, series: true });
      expect({ context, anyFiniteValue: values(run!.result!).some(Number.isFinite) }).toEqual({ context, anyFiniteValue: true });
    },
  );

  /** Highest `le` first-violation, or undefined when every timestamp is non-decreasing in `le`. */
  function monotonicViolation(result: QueryResult, fromS: number): { violation?: string; timestamps: number; observed: number } {
    const byTime = new Map<number, Array<[number, number]>>();
    for (const s of result.result) {
      const le = s.metric.le === '+Inf' ? Infinity : Number(s.metric.le);
      for (const [ts, v] of s.values ?? []) if (ts >= fromS) byTime.set(ts, [...(byTime.get(ts) ?? []), [le, Number(v)]]);
    }
    let observed = 0;
    for (const [ts, points] of byTime) {
      points.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < points.length; i++) {
        const [prevLe, prev] = points[i - 1]!;
        const [le, v] = points[i]!;
        if (v < prev - 1e-9 * Math.max(1, Math.abs(prev))) return { violation: `at ${ts}: le=${le} (${v}) < le=${prevLe} (${prev})`, timestamps: byTime.size, observed };
      }
      if (points[points.length - 1]![1] > 0) observed += 1;
    }
    return { timestamps: byTime.size, observed };
  }

  test('heatmap bucket series are cumulative: monotonic non-decreasing in le at every timestamp', async () => {
    const heatmaps = [...allRuns.values()].filter((r) => r.target.panelType === 'heatmap');
    expect(heatmaps.length).toBeGreaterThan(0);
    for (const r of heatmaps) {
      const context = where(r.target, r.query);
      // Exactly the catalogue's buckets plus +Inf.
      const metric = /([a-zA-Z_:][a-zA-Z0-9_:]*)_bucket\b/.exec(r.query)?.[1];
      const def = metric ? (catalogue.metrics as Record<string, { buckets?: readonly number[] }>)[metric] : undefined;
      const les = [...new Set(r.result!.result.map((s) => (s.metric.le === '+Inf' ? Infinity : Number(s.metric.le))))].sort((a, b) => a - b);
      expect({ context, les }).toEqual({ context, les: [...(def?.buckets ?? []), Infinity] });

      // 1. The stored buckets themselves (no extrapolation involved), every second of the run.
      const selector = /\((\w+_bucket\{[^}]*\})\[/.exec(r.query)?.[1];
      expect({ context, selector: !!selector }).toEqual({ context, selector: true });
      const now = Math.floor(Date.now() / 1000);
      const raw = monotonicViolation(await api.range(`sum by (le) (${selector})`, exporterStartS, now, 1), exporterStartS);
      heatmapTimestamps += raw.timestamps;
      expect({ context: `${context}\n  raw buckets`, violation: raw.violation }).toEqual({ context: `${context}\n  raw buckets`, violation: undefined });
      expect(raw.observed).toBeGreaterThan(0);

      // 2. The panel's increase() query, at the dashboard range and zoomed in at a 1 s step.
      // Prometheus limits counter extrapolation towards zero per series, so while buckets are only
      // seconds old a lower bucket can be extrapolated further than a higher one. Only windows that
      // start ${SETTLE_S} s after the exporter started are checked (a viewer sees the same
      // artefact only in the first seconds of a fresh exporter).
      const rateS = rateIntervalS(r);
      const settledFrom = exporterStartS + SETTLE_S + rateS;
      await poll('the heatmap window to settle', 60_000, 1000, async () => (Date.now() / 1000 >= settledFrom + 10 ? true : undefined));
      const end = Math.floor(Date.now() / 1000);
      for (const [label, result] of [
        ['dashboard range', (await runTarget(api, r.target, dashboardVariables(dashboards.find((d) => String(d.json.uid) === r.target.dashboardUid)!.json), { ...runOptionsFor(r.target.dashboardUid), nowS: end })).result!],
        ['zoomed, 1 s step', await api.range(r.query, end - 60, end, 1)],
      ] as const) {
        const check = monotonicViolation(result, settledFrom);
        heatmapTimestamps += check.timestamps;
        expect({ context: `${context}\n  ${label}`, violation: check.violation }).toEqual({ context: `${context}\n  ${label}`, violation: undefined });
        if (label !== 'dashboard range') expect(check.observed).toBeGreaterThan(0);
      }
    }
  });

  test('ratio panels (unit percentunit) stay within [0, 1]', () => {
    const ratioPanels = new Set<string>();
    for (const d of dashboards) {
      const visit = (panels: Array<Record<string, unknown>> = []): void => {
        for (const p of panels) {
          // A heatmap's unit is its bucket axis (the values are counts per bucket).
          if (p.type !== 'heatmap' && (p.fieldConfig as { defaults?: { unit?: string } } | undefined)?.defaults?.unit === 'percentunit') ratioPanels.add(`${String(d.json.uid)}/${String(p.title)}`);
          visit(p.panels as Array<Record<string, unknown>> | undefined);
        }
      };
      visit(d.json.panels as Array<Record<string, unknown>>);
    }
    const ratioRuns = [...allRuns.values()].filter((r) => ratioPanels.has(`${r.target.dashboardUid}/${r.target.panelTitle}`));
    // The verification block rate gauge and the compile failure ratio stat are among them.
    expect(ratioRuns.some((r) => r.target.expr.includes('verification_block_rate'))).toBe(true);
    expect(ratioRuns.some((r) => r.target.expr.includes('compile_failure_total'))).toBe(true);
    for (const r of ratioRuns) {
      const vs = values(r.result!);
      expect({ context: where(r.target, r.query), values: vs.length > 0 && vs.every((v) => Number.isFinite(v) && v >= 0 && v <= 1) }).toEqual({
        context: where(r.target, r.query),
        values: true,
      });
    }
  });

  test("each template variable's label_values query returns the values the exporter emits", async () => {
    const exposition = await (await fetch(exporter!.metricsUrl, { signal: AbortSignal.timeout(5000) })).text();
    let checked = 0;
    for (const d of dashboards) {
      const variables = dashboardVariables(d.json);
      const run = runOptionsFor(String(d.json.uid));
      for (const v of variables) {
        const q = labelValuesQuery(v);
        if (v.type !== 'query' || !q) continue;
        const match = q.match ? interpolate(q.match, { variables, options: run.options, selection: run.selection, datasource: 'prometheus', time: run.time }) : undefined;
        const fromPrometheus = (await api.labelValues(q.label, match)).sort();
        const metric = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(match ?? '')?.[1] ?? '';
        const emitted = exposedLabelValues(exposition, metric, q.label);
        const context = `dashboard ${d.file}, variable $${v.name}: label_values(${match ?? ''}, ${q.label})`;
        expect({ context, values: fromPrometheus }).toEqual({ context, values: emitted });
        expect({ context, nonEmpty: emitted.length > 0 }).toEqual({ context, nonEmpty: true });
        const def = (catalogue.labels as Record<string, { closed: boolean; values: readonly string[]; pattern?: string }>)[q.label];
        for (const value of fromPrometheus) {
          const ok = def ? (def.closed ? def.values.includes(value) : new RegExp(def.pattern ?? '.*').test(value)) : true;
          expect({ context, value, inCatalogue: ok }).toEqual({ context, value, inCatalogue: true });
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test('narrowing $backend to one value narrows every panel that uses it', async () => {
    let narrowedSomething = false;
    // Dashboards whose signals carry no backend label (planner, GenAI, verification) have no such filter.
    for (const d of dashboards.filter((x) => dashboardVariables(x.json).some((v) => v.name === 'backend'))) {
      const variables = dashboardVariables(d.json);
      const base = runOptionsFor(String(d.json.uid));
      const backends = base.options.backend ?? [];
      expect(backends.length).toBeGreaterThan(1);
      const chosen = backends[0]!;
      const selection: Selection = { ...base.selection, backend: [chosen] };
      const narrowed: RunOptions = { ...base, selection, nowS: Date.now() / 1000 };
      const targets = [...allRuns.values()].filter((r) => r.target.dashboardUid === String(d.json.uid) && referencedVariables(r.target.expr).includes('backend'));
      expect(targets.length).toBeGreaterThan(0);
      for (const all of targets) {
        const t = all.target;
        const one = await runTarget(api, t, variables, narrowed);
        const context = where(t, one.query);
        expect({ context, error: one.error }).toEqual({ context, error: undefined });
        expect({ context, hasSelectedBackend: one.query.includes(`backend=~"${chosen}"`) }).toEqual({ context, hasSelectedBackend: true });
        const series = one.result!.result;
        expect({ context, series: series.length <= all.result!.result.length }).toEqual({ context, series: true });
        for (const s of series) if ('backend' in s.metric) expect({ context, backend: s.metric.backend }).toEqual({ context, backend: chosen });
        if (series.length < all.result!.result.length) narrowedSomething = true;
      }
    }
    // Panels grouped by backend must show fewer series with one backend selected.
    expect(narrowedSomething).toBe(true);
  });

  test('exemplars of the latency histogram carry a W3C trace_id and sit in their bucket', async () => {
    const exemplarTargets = [...allRuns.values()].filter((r) => r.target.exemplar);
    expect(exemplarTargets.length).toBeGreaterThan(0);
    for (const r of exemplarTargets) {
      const context = where(r.target, r.query);
      const nowS = Date.now() / 1000;
      const series = await poll(`exemplars for ${r.target.panelTitle}`, 20_000, 1000, async () => {
        const found = await api.exemplars(r.query, nowS - 600, Date.now() / 1000);
        return found.some((s) => s.exemplars.length > 0) ? found : undefined;
      });
      let count = 0;
      for (const s of series) {
        const le = s.seriesLabels.le === '+Inf' ? Infinity : Number(s.seriesLabels.le);
        for (const e of s.exemplars) {
          count += 1;
          expect({ context, traceId: e.labels.trace_id, valid: W3C_TRACE_ID.test(e.labels.trace_id ?? '') }).toEqual({ context, traceId: e.labels.trace_id, valid: true });
          // An exemplar belongs to the bucket its value falls in (value ≤ le).
          expect({ context, value: Number(e.value), le, inBucket: Number(e.value) <= le }).toEqual({ context, value: Number(e.value), le, inBucket: true });
        }
      }
      expect(count).toBeGreaterThan(0);
    }
  });

  test('All is interpolated as Grafana does (allValue verbatim), leaving no variable behind', () => {
    for (const r of allRuns.values()) {
      expect(unresolvedVariables(r.query)).toEqual([]);
      expect(r.query).not.toContain(ALL);
    }
  });
});
