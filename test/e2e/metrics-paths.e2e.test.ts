/**
 * Metrics over pull and over OTLP push give the dashboards the same series. Four real
 * Prometheus 3 servers: one scrapes an exporter in `prometheus` mode, one scrapes and one
 * receives the OTLP push of an exporter in `both` mode, one receives the push of an exporter in
 * `otlp` mode. The three exporters share a seed and are ticked in lockstep, so they hold the
 * same registry; every PromQL target of every generated dashboard must then return the same
 * series on all four. Needs a Prometheus 3 binary (the OTLP receiver): PROMETHEUS3_BIN or the
 * cached build of tools/servers; without one the suite is skipped with a banner.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { MetricsExporterMode } from '../../src/instrumentation';
import { stopProcess } from '../../src/preview/prometheus';
import { dashboardTargets, dashboardVariables, type DashboardTarget } from '../../src/grafana/interpolate';
import { dashboardRangeMs, defaultSelection, resolveVariableOptions, runTarget, timeContext, type RunOptions } from '../../src/preview/panel-data';
import { PrometheusApi, type QueryResult } from '../../src/preview/prom-api';
import { startPrometheus, type RunningPrometheus } from '../../src/preview/prometheus';
import { generatedDashboards, poll } from './environment';

function prometheus3(): string | undefined {
  if (process.env.PROMETHEUS3_BIN) return process.env.PROMETHEUS3_BIN;
  const cache = path.join(os.homedir(), '.cache', 'pipeline-dashboards', 'servers');
  const builds = fs.existsSync(cache) ? fs.readdirSync(cache).filter((d) => /^prometheus-3\./.test(d)).sort() : [];
  const found = builds.map((d) => path.join(cache, d, 'bin', 'prometheus')).reverse().find((f) => fs.existsSync(f));
  if (!found) {
    const bar = '!'.repeat(100);
    console.warn(`${bar}\nmetrics paths e2e: SKIPPED — no Prometheus 3 binary (set PROMETHEUS3_BIN, or build tools/servers)\n${bar}`);
  }
  return found;
}

const binary = prometheus3();
const describeWith = binary ? describe : describe.skip;
const SEED = 42;
const dashboards = generatedDashboards();
const targets = dashboards.flatMap((d) => dashboardTargets(d.json).filter((t) => t.datasource === 'prometheus').map((t) => ({ d, t })));

/**
 * Series identity of a panel result. `job`/`instance` are the target labels each path assigns
 * its own way. Bucket bounds are compared as numbers: Prometheus 3 stores a scraped `le="1"` as
 * "1.0" (it normalises classic-histogram bounds on scrape) but an OTLP bound 1 as "1"; queries
 * that group by `le` or feed histogram_quantile see no difference, a literal `le="1"` matcher would.
 */
function seriesOf(result: QueryResult | undefined): string[] {
  const norm = (k: string, v: string): string => ((k === 'le' || k === 'quantile') && v !== '+Inf' ? String(Number(v)) : v);
  return (result?.result ?? [])
    .map((s) => JSON.stringify(Object.entries(s.metric).filter(([k]) => k !== 'job' && k !== 'instance').map(([k, v]) => [k, norm(k, v)]).sort(([a], [b]) => (a! < b! ? -1 : 1))))
    .sort();
}

/** Label names and series count: what two exporters in lockstep agree on even where values are per-run ids. */
function shapeOf(result: QueryResult | undefined): { labels: string[]; series: number } {
  const series = seriesOf(result);
  return { labels: [...new Set(series.flatMap((s) => (JSON.parse(s) as [string, string][]).map(([k]) => k)))].sort(), series: series.length };
}

interface Path {
  readonly name: string;
  readonly mode: MetricsExporterMode;
  prom?: RunningPrometheus;
  api?: PrometheusApi;
}

describeWith('the same series whichever metrics path fed Prometheus', () => {
  let child: ChildProcess | undefined;
  let exporters: Record<MetricsExporterMode, { host: string; port: number }>;
  const paths: Path[] = [
    { name: 'prometheus (pull)', mode: 'prometheus' },
    { name: 'both (pull side)', mode: 'both' },
    { name: 'both (OTLP side)', mode: 'both' },
    { name: 'otlp (push)', mode: 'otlp' },
  ];
  const results = new Map<string, Map<DashboardTarget, QueryResult | undefined>>();
  let lingering = 0;
  const pushed = (p: Path): boolean => p.name.includes('OTLP') || p.mode === 'otlp';

  async function runAll(p: Path): Promise<Map<DashboardTarget, QueryResult | undefined>> {
    const out = new Map<DashboardTarget, QueryResult | undefined>();
    const nowS = Math.floor(Date.now() / 1000);
    for (const d of dashboards) {
      const variables = dashboardVariables(d.json);
      const selection = defaultSelection(variables);
      const time = timeContext(dashboardRangeMs(d.json), 1000);
      const options = await resolveVariableOptions(p.api!, variables, selection, time, nowS);
      const run: RunOptions = { selection, options, time, nowS };
      for (const { t } of targets.filter((x) => x.d === d)) out.set(t, (await runTarget(p.api!, t, variables, run)).result);
    }
    return out;
  }

  beforeAll(async () => {
    for (const p of paths.filter(pushed)) {
      p.prom = await startPrometheus({ binary: binary!, otlpReceiver: true, lookbackDelta: '5s', readyTimeoutMs: 20_000 });
    }
    const receiverOf = (mode: MetricsExporterMode): string => `${paths.find((p) => pushed(p) && p.mode === mode)!.prom!.url}/api/v1/otlp`;
    child = spawn(process.execPath, ['-r', 'sucrase/register/ts', path.join(__dirname, 'lockstep-exporters.ts'), String(SEED), receiverOf('both'), receiverOf('otlp')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    exporters = await new Promise((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as typeof exporters);
      });
      child!.once('exit', (code) => reject(new Error(`lockstep exporters exited with ${code}`)));
    });
    for (const p of paths.filter((x) => !pushed(x))) {
      const e = exporters[p.mode];
      p.prom = await startPrometheus({ binary: binary!, target: `${e.host}:${e.port}`, scrapeInterval: '1s', lookbackDelta: '5s', readyTimeoutMs: 20_000 });
    }
    for (const p of paths) p.api = new PrometheusApi(p.prom!.url, 5000);
    // Rates need two samples inside $__rate_interval on every path: poll until all panels have data.
    await poll('every panel to have data on every path', 90_000, 2000, async () => {
      for (const p of paths) results.set(p.name, await runAll(p));
      return [...results.values()].every((r) => [...r.values()].every((q) => (q?.result.length ?? 0) > 0)) ? true : undefined;
    }).catch(() => undefined); // the tests below say which panels stay empty
    // While runs go on, a series the emitter removes (old bundle revision, evidence record) keeps
    // answering instant queries on the push side for the lookback delta: OTLP carries no staleness
    // marker. Freeze the registries, let that delta pass, and compare one settled state.
    const running = await runAll(paths.find((p) => p.name === 'both (OTLP side)')!);
    lingering = targets.filter(({ t }) => seriesOf(running.get(t)).length > seriesOf(results.get('both (pull side)')?.get(t)).length).length;
    child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 8000));
    for (const p of paths) results.set(p.name, await runAll(p));
  }, 180_000);

  afterAll(async () => {
    console.log(`metrics paths e2e: ${targets.length} PromQL targets on 4 Prometheus 3 servers; while running, ${lingering} had extra pushed series (no staleness markers)`);
    if (child) await stopProcess(child, 3000);
    await Promise.all(paths.map((p) => p.prom?.stop()));
  });

  test('the dashboards have PromQL targets', () => {
    expect(targets.length).toBeGreaterThan(0);
  });

  test('the OTLP receiver stored the catalogue names (translation restored units and _total)', async () => {
    const push = paths.find((p) => p.mode === 'otlp')!;
    const names = await push.api!.labelValues('__name__');
    for (const name of ['pipeline_latency_seconds_bucket', 'compile_success_total', 'compile_failure_total', 'verification_block_rate', 'offline_bundle_size_bytes', 'registry_backends']) {
      expect({ name, stored: names.includes(name) }).toEqual({ name, stored: true });
    }
    expect(names.filter((n) => /_ratio$|_total_total$|seconds_seconds/.test(n))).toEqual([]);
  });

  function compare(name: string, referenceName: string, project: (r: QueryResult | undefined) => unknown): void {
    const reference = results.get(referenceName)!;
    const mine = results.get(name)!;
    for (const { t } of targets) {
      const context = `${t.dashboardUid} / ${t.panelTitle} [${t.panelType}] ${t.refId}: ${t.expr}`;
      expect({ context, empty: seriesOf(reference.get(t)).length === 0 }).toEqual({ context, empty: false });
      expect({ context, result: project(mine.get(t)) }).toEqual({ context, result: project(reference.get(t)) });
    }
  }

  test('both: every panel returns exactly the same series from the OTLP push as from the scrape of the same exporter', () => {
    compare('both (OTLP side)', 'both (pull side)', seriesOf);
  });

  test('otlp: every panel returns series of the same labels and count as the prometheus (pull) exporter in lockstep', () => {
    compare('otlp (push)', 'prometheus (pull)', shapeOf);
  });

  test('prometheus: every panel returns data, and the same shape as the both-mode exporter (default mode unchanged)', () => {
    compare('prometheus (pull)', 'both (pull side)', shapeOf);
  });

  test('otlp mode serves no /metrics', async () => {
    const res = await fetch(`http://${exporters.otlp.host}:${exporters.otlp.port}/metrics`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(404);
  });
});
