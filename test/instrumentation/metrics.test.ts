import { labels, metrics as metricCatalogue, type MetricName } from '../../src/catalogue';
import { MetricSet, negotiateFormat, renderExposition, Telemetry, TelemetryContractError } from '../../src/instrumentation';
import { parseExposition } from '../../src/instrumentation/exposition-parse';

const host = { environment: 'online', host_region: 'eu-central' } as const;

describe('MetricSet', () => {
  it('registers exactly the catalogue metrics, each once, with its type and help', async () => {
    const set = new MetricSet();
    const registered = set.registry.getMetricsAsArray().map((m) => (m as unknown as { name: string }).name);
    expect(registered.sort()).toEqual(Object.keys(metricCatalogue).sort());
    const json = await set.registry.getMetricsAsJSON();
    for (const m of json) {
      const def = metricCatalogue[m.name as MetricName];
      expect(m.type).toBe(def.type);
      expect(m.help).toBe(def.help);
    }
  });

  it('renders catalogue buckets and quantiles', async () => {
    const set = new MetricSet();
    set.observeHistogram('pipeline_latency_seconds', { ...host, backend: 'c99' }, 7);
    set.observeSummary('offline_bundle_size_bytes', { target: 'wasm32', revision: 'r101' }, 10);
    const families = parseExposition(await renderExposition(set, 'prometheus'));
    const les = families.get('pipeline_latency_seconds')!.samples.filter((s) => s.name.endsWith('_bucket')).map((s) => s.labels.le);
    expect(les).toEqual([...metricCatalogue.pipeline_latency_seconds.buckets.map(String), '+Inf']);
    const quantiles = families.get('offline_bundle_size_bytes')!.samples.filter((s) => s.labels.quantile).map((s) => Number(s.labels.quantile));
    expect(quantiles).toEqual([...metricCatalogue.offline_bundle_size_bytes.quantiles]);
  });

  it.each([
    ['extra label', 'compile_success_total', { ...host, backend: 'c99', operator: 'matmul' }, /labels must be exactly/],
    ['missing label', 'compile_success_total', { environment: 'online', backend: 'c99', x: 'y' }, /missing/],
    ['closed value', 'registry_backends', { ...host, maturity: 'beta' }, /not one of experimental/],
    ['open label pattern', 'compile_success_total', { ...host, backend: 'C++' }, /does not match/],
    ['unknown metric', 'nope_total', {}, /unknown metric/],
  ])('rejects %s at runtime', (_case, name, labelSet, message) => {
    const set = new MetricSet();
    const inc = (): void => (set.incCounter as unknown as (n: string, l: unknown) => void).call(set, name, labelSet);
    expect(inc).toThrow(TelemetryContractError);
    expect(inc).toThrow(message);
  });

  it('refuses to decrease a counter', () => {
    const set = new MetricSet();
    expect(() => set.incCounter('compile_failure_total', { ...host, backend: 'c99' }, -1)).toThrow(/only increase/);
  });

  it('removeSeries drops a label set from the exposition', async () => {
    const set = new MetricSet();
    set.observeSummary('offline_bundle_size_bytes', { target: 'wasm32', revision: 'r101' }, 10);
    set.observeSummary('offline_bundle_size_bytes', { target: 'wasm32', revision: 'r102' }, 11);
    set.removeSeries('offline_bundle_size_bytes', { target: 'wasm32', revision: 'r101' });
    const revisions = new Set(parseExposition(await renderExposition(set, 'prometheus')).get('offline_bundle_size_bytes')!.samples.map((s) => s.labels.revision));
    expect([...revisions]).toEqual(['r102']);
  });

  it('bumps version on every change (the server caches renders by it)', () => {
    const set = new MetricSet();
    const before = set.version;
    set.setGauge('verification_block_rate', { ...host, backend: 'c99' }, 0.5);
    expect(set.version).toBe(before + 1);
  });
});

describe('exposition formats', () => {
  async function sampleSet(): Promise<{ text: string; om: string; traceId: string }> {
    const t = new Telemetry({ environment: 'online', hostRegion: 'eu-central' });
    let traceId = '';
    t.instrumentSpan('distribute.package', { 'host.kind': 'online', 'build.cache_hit': false }, (span) => {
      traceId = span.traceId;
      t.recordMetric('pipeline_latency_seconds', { ...host, backend: 'rust' }, 42);
    });
    t.recordMetric('compile_success_total', { ...host, backend: 'rust' }, 3);
    return { text: await renderExposition(t.metrics, 'prometheus'), om: await renderExposition(t.metrics, 'openmetrics'), traceId };
  }

  it('Prometheus text: counters keep _total in TYPE/HELP, no exemplars', async () => {
    const { text } = await sampleSet();
    expect(text).toContain('# TYPE compile_success_total counter');
    expect(text).toContain('compile_success_total{environment="online",host_region="eu-central",backend="rust"} 3');
    expect(text).not.toContain('trace_id');
  });

  it('OpenMetrics: counter families without _total, samples with it, exemplar with the span trace_id, # EOF', async () => {
    const { om, traceId } = await sampleSet();
    expect(om).toContain('# TYPE compile_success counter');
    expect(om).toContain('compile_success_total{environment="online",host_region="eu-central",backend="rust"} 3');
    expect(om.endsWith('# EOF\n')).toBe(true);
    const bucket = parseExposition(om).get('pipeline_latency_seconds')!.samples.find((s) => s.exemplar);
    expect(bucket?.labels.le).toBe('45');
    expect(bucket?.exemplar?.labels.trace_id).toBe(traceId);
    expect(bucket?.exemplar?.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(bucket?.exemplar?.value).toBe(42);
  });

  it('rendering OpenMetrics does not rename counters for later Prometheus scrapes', async () => {
    const t = new Telemetry({ environment: 'online', hostRegion: 'eu-central' });
    t.recordMetric('telemetry_log_lines_dropped_total', { sink: labels.sink.values[0] }, 1);
    await renderExposition(t.metrics, 'openmetrics');
    expect(await renderExposition(t.metrics, 'prometheus')).toContain('telemetry_log_lines_dropped_total{sink="loki"} 1');
  });

  it.each([
    [undefined, 'prometheus'],
    ['text/plain', 'prometheus'],
    ['application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1', 'openmetrics'],
  ])('negotiates Accept %s → %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});
