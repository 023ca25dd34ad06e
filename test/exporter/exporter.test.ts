import { labels, metrics as metricCatalogue, type MetricName } from '../../src/catalogue';
import { startExporter, type ExporterHandle } from '../../src/exporter';
import { PipelineModel, REVISIONS_KEPT, tickPlan } from '../../src/simulation';
import { parseExposition, type ParsedFamily } from '../../src/instrumentation/exposition-parse';

/**
 * Lets timers run after a long synchronous tick loop: a keep-alive socket that expired while the
 * loop blocked the event loop is closed by both sides first, instead of being reused and reset.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function get(url: string, accept?: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(url, { headers: accept ? { accept } : {}, signal: AbortSignal.timeout(5000) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

const OM = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5';

function familyOf(families: Map<string, ParsedFamily>, name: MetricName, openMetrics = false): ParsedFamily | undefined {
  return families.get(openMetrics && metricCatalogue[name].type === 'counter' ? name.replace(/_total$/, '') : name);
}

describe('startExporter (in-process)', () => {
  let exporter: ExporterHandle;
  beforeAll(async () => {
    exporter = await startExporter({ port: 0, seed: 7, logStream: null, autoTick: false });
  });
  afterAll(async () => {
    await exporter.close();
  });

  it('listens on an ephemeral loopback port and reports it', () => {
    expect(exporter.host).toBe('127.0.0.1');
    expect(exporter.port).toBeGreaterThan(0);
    expect(exporter.url).toBe(`http://127.0.0.1:${exporter.port}`);
    expect(exporter.metricsUrl).toBe(`${exporter.url}/metrics`);
  });

  it('answers /healthz and /readyz after the first cycle, 404 elsewhere', async () => {
    expect((await get(`${exporter.url}/healthz`)).status).toBe(200);
    expect((await get(`${exporter.url}/readyz`)).status).toBe(200);
    expect((await get(`${exporter.url}/nope`)).status).toBe(404);
  });

  it('exposes every catalogue metric with its TYPE, HELP and exact label names, values within the catalogue sets', async () => {
    const res = await get(exporter.metricsUrl);
    expect(res.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(res.body);
    expect([...families.keys()].sort()).toEqual(Object.keys(metricCatalogue).sort());
    for (const name of Object.keys(metricCatalogue) as MetricName[]) {
      const def = metricCatalogue[name];
      const family = families.get(name)!;
      expect({ name, type: family.type, help: family.help }).toEqual({ name, type: def.type, help: def.help });
      expect(family.samples.length).toBeGreaterThan(0);
      for (const sample of family.samples) {
        const extra = def.type === 'histogram' && sample.name.endsWith('_bucket') ? ['le'] : def.type === 'summary' && sample.name === name ? ['quantile'] : [];
        // Optional labels (error_type on failed GenAI calls) appear only where they apply.
        const optional = (def as { optionalLabels?: readonly string[] }).optionalLabels ?? [];
        const present = def.labels.filter((l) => !optional.includes(l) || l in sample.labels);
        expect(Object.keys(sample.labels).sort()).toEqual([...present, ...extra].sort());
        for (const label of present) {
          const ldef = labels[label];
          const value = sample.labels[label]!;
          if (ldef.closed) expect(ldef.values).toContain(value);
          else expect(value).toMatch(new RegExp('pattern' in ldef ? ldef.pattern : '.'));
        }
      }
    }
    // environment label = configured environment; online hosts are the non-airgap regions.
    const regions = new Set(families.get('compile_success_total')!.samples.map((s) => s.labels.host_region));
    expect([...regions].sort()).toEqual(['ap-southeast', 'eu-central', 'us-east']);
    expect(new Set(families.get('compile_success_total')!.samples.map((s) => s.labels.environment))).toEqual(new Set(['online']));
  });

  it('feeds the dashboard panels from the first cycle', async () => {
    const families = parseExposition((await get(exporter.metricsUrl)).body);
    const sum = (name: string, pred: (l: Record<string, string>) => boolean = () => true) =>
      families.get(name)!.samples.filter((s) => pred(s.labels) && s.name === name).reduce((a, s) => a + s.value, 0);
    expect(sum('registry_missing_binaries')).toBeGreaterThan(0);
    expect(new Set(families.get('registry_backends')!.samples.filter((s) => s.value > 0).map((s) => s.labels.maturity)).size).toBeGreaterThan(1);
    const targets = new Set(families.get('offline_bundle_size_bytes')!.samples.filter((s) => s.labels.quantile === '0.5').map((s) => s.labels.target));
    expect([...targets].sort()).toEqual([...labels.target.values].sort());
    const latencyCount = families.get('pipeline_latency_seconds')!.samples.filter((s) => s.name === 'pipeline_latency_seconds_count');
    expect(new Set(latencyCount.map((s) => s.labels.backend))).toEqual(new Set(labels.backend.values));
    for (const s of families.get('verification_block_rate')!.samples) {
      expect(s.value).toBeGreaterThanOrEqual(0);
      expect(s.value).toBeLessThanOrEqual(1);
    }
  });

  it('values change over time, with a different failure mix per backend', async () => {
    const before = parseExposition((await get(exporter.metricsUrl)).body);
    for (let i = 0; i < 200; i++) exporter.simulator.tick(5);
    await settle();
    const after = parseExposition((await get(exporter.metricsUrl)).body);
    const total = (f: Map<string, ParsedFamily>, name: string, backend?: string) =>
      f.get(name)!.samples.filter((s) => !backend || s.labels.backend === backend).reduce((a, s) => a + s.value, 0);
    expect(total(after, 'compile_success_total')).toBeGreaterThan(total(before, 'compile_success_total'));
    expect(total(after, 'compile_failure_total')).toBeGreaterThan(total(before, 'compile_failure_total'));
    const failureRatio = (b: string) => total(after, 'compile_failure_total', b) / (total(after, 'compile_failure_total', b) + total(after, 'compile_success_total', b));
    expect(failureRatio('verilog')).toBeGreaterThan(failureRatio('c99'));
    // Bundle revisions advanced, and only the newest few per target remain.
    const bundle = after.get('offline_bundle_size_bytes')!.samples.filter((s) => s.labels.quantile === '0.5');
    for (const target of labels.target.values) {
      const revs = bundle.filter((s) => s.labels.target === target).map((s) => s.labels.revision);
      expect(revs.length).toBeGreaterThan(0);
      expect(revs.length).toBeLessThanOrEqual(REVISIONS_KEPT);
    }
    expect(Math.max(...bundle.map((s) => Number(s.labels.revision!.slice(1))))).toBeGreaterThan(103);
  });

  it('serves OpenMetrics with trace_id exemplars on histogram buckets when asked', async () => {
    const res = await get(exporter.metricsUrl, OM);
    expect(res.type).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(res.body.endsWith('# EOF\n')).toBe(true);
    const families = parseExposition(res.body);
    for (const name of Object.keys(metricCatalogue) as MetricName[]) expect(familyOf(families, name, true)?.type).toBe(metricCatalogue[name].type);
    for (const name of ['pipeline_latency_seconds', 'lowering_duration_seconds'] as const) {
      const exemplars = familyOf(families, name, true)!.samples.filter((s) => s.exemplar);
      expect(exemplars.length).toBeGreaterThan(0);
      for (const s of exemplars) {
        expect(s.name).toBe(`${name}_bucket`);
        expect(s.exemplar!.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
        const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
        expect(s.exemplar!.value).toBeLessThanOrEqual(le);
      }
    }
  });

  it('memory-relevant state stays bounded: series count does not grow with runs', async () => {
    const count = async () => (await get(exporter.metricsUrl)).body.split('\n').length;
    for (let i = 0; i < 50; i++) exporter.simulator.tick(10);
    await settle();
    const a = await count();
    // Enough runs for several bundle revisions per target to come and go.
    for (let i = 0; i < 150; i++) exporter.simulator.tick(10);
    await settle();
    expect(await count()).toBeLessThanOrEqual(a + 5 * labels.target.values.length); // at most a revision in flight per target
  });
});

describe('simulation model', () => {
  it('is deterministic for a seed and different across seeds', () => {
    const runs = (seed: number) => {
      const m = new PipelineModel('online', seed);
      return Array.from({ length: 50 }, () => m.nextRun());
    };
    expect(runs(3)).toEqual(runs(3));
    expect(runs(3)).not.toEqual(runs(4));
  });

  it('offline hosts are the air-gap lab only', () => {
    expect(new PipelineModel('offline', 1).hosts).toEqual([{ environment: 'offline', host_region: 'airgap-lab' }]);
  });

  it('runs at several per second at speed 1 and scales with speed', () => {
    const rate = (speed: number) => {
      const { tickMs, runsPerTick } = tickPlan(speed);
      return (runsPerTick * 1000) / tickMs;
    };
    expect(rate(1)).toBeGreaterThanOrEqual(2);
    expect(rate(100)).toBeGreaterThan(rate(1) * 50);
  });
});
