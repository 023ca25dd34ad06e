import * as path from 'node:path';
import { metrics as metricCatalogue, type MetricName } from '../../src/catalogue';
import { CatalogueMetricProducer, MetricSet, otlpIdentity } from '../../src/instrumentation';
import { parseExposition } from '../../src/instrumentation/exposition-parse';
import { runTs } from './child';
import { startReceiver, type Receiver } from './receivers';

/**
 * Prometheus 3's default OTLP name translation (UnderscoreEscapingWithSuffixes, in
 * prometheus/otlptranslator `normalizeName`): split the name on non-alphanumerics; append the
 * unit's word unless it already is a token (units in braces add nothing); monotonic sums move
 * "total" to the end; gauges with unit "1" move "ratio" to the end. The end-to-end suite checks
 * the same against a real Prometheus 3.
 */
const UNIT_WORDS: Record<string, string> = { s: 'seconds', ms: 'milliseconds', By: 'bytes', '1': '' };
function prometheusName(name: string, unit: string, kind: 'sum' | 'gauge' | 'histogram', monotonic = false): string {
  let tokens = name.split(/[^a-zA-Z0-9:]+/).filter(Boolean);
  const word = unit && !/[{}]/.test(unit) ? (UNIT_WORDS[unit] ?? unit) : '';
  if (word && !tokens.includes(word)) tokens.push(word);
  if (kind === 'sum' && monotonic) tokens = [...tokens.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && kind === 'gauge') tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio'];
  return tokens.join('_');
}

const KIND = { counter: 'sum', gauge: 'gauge', histogram: 'histogram', summary: 'gauge' } as const;

describe('OTLP names and units', () => {
  test.each([
    ['pipeline_latency_seconds', 'pipeline_latency', 's'],
    ['compile_success_total', 'compile_success', ''],
    ['verification_block_rate', 'verification_block_rate', ''],
    ['offline_bundle_size_bytes', 'offline_bundle_size', 'By'],
    ['registry_backends', 'registry_backends', ''],
    // Semantic-convention instruments keep their OpenTelemetry names and units.
    ['gen_ai_client_token_usage', 'gen_ai.client.token.usage', '{token}'],
    ['gen_ai_client_operation_duration_seconds', 'gen_ai.client.operation.duration', 's'],
  ] as const)('%s is pushed as %s with unit "%s"', (catalogueName, name, unit) => {
    expect(otlpIdentity(catalogueName)).toEqual({ name, unit });
  });

  test.each(Object.keys(metricCatalogue) as MetricName[])('%s: the translation gives back the catalogue name', (name) => {
    const def = metricCatalogue[name];
    const id = otlpIdentity(name);
    expect(prometheusName(id.name, id.unit, KIND[def.type], def.type === 'counter')).toBe(name);
  });

  test('a unit the name does not end with would add a suffix, so it is left out', () => {
    // The reason verification_block_rate has no unit: with "1" Prometheus names it ..._rate_ratio.
    expect(prometheusName('verification_block_rate', '1', 'gauge')).toBe('verification_block_rate_ratio');
  });
});

type AnyValue = { stringValue?: string };
interface JsonPoint {
  attributes?: { key: string; value: AnyValue }[];
  asDouble?: number;
  asInt?: number | string;
  bucketCounts?: (number | string)[];
  explicitBounds?: number[];
  sum?: number;
  count?: number | string;
}
interface JsonMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints: JsonPoint[]; isMonotonic?: boolean; aggregationTemporality?: number };
  gauge?: { dataPoints: JsonPoint[] };
  histogram?: { dataPoints: JsonPoint[]; aggregationTemporality?: number };
}
interface JsonExport {
  resourceMetrics: { resource: { attributes: { key: string; value: AnyValue }[] }; scopeMetrics: { metrics: JsonMetric[] }[] }[];
}

const seriesKey = (name: string, labels: Record<string, string>): string =>
  `${name}{${Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

/** The Prometheus samples an OTLP export becomes (classic histograms: cumulative _bucket, _sum, _count). */
function samplesOf(body: JsonExport): Map<string, number> {
  const out = new Map<string, number>();
  // Attribute names as Prometheus translates them (gen_ai.operation.name → gen_ai_operation_name).
  const labelsOf = (p: JsonPoint): Record<string, string> =>
    Object.fromEntries((p.attributes ?? []).map((a) => [a.key.replace(/[^a-zA-Z0-9_]/g, '_'), a.value.stringValue ?? '']));
  const num = (p: JsonPoint): number => p.asDouble ?? Number(p.asInt ?? 0);
  for (const m of body.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))) {
    if (m.sum) {
      expect(m.sum.aggregationTemporality).toBe(2); // cumulative: Prometheus 3 rejects delta by default
      const name = prometheusName(m.name, m.unit ?? '', 'sum', m.sum.isMonotonic === true);
      for (const p of m.sum.dataPoints) out.set(seriesKey(name, labelsOf(p)), num(p));
    } else if (m.gauge) {
      const name = prometheusName(m.name, m.unit ?? '', 'gauge');
      for (const p of m.gauge.dataPoints) out.set(seriesKey(name, labelsOf(p)), num(p));
    } else if (m.histogram) {
      const name = prometheusName(m.name, m.unit ?? '', 'histogram');
      for (const p of m.histogram.dataPoints) {
        const labels = labelsOf(p);
        let cumulative = 0;
        const bounds = [...(p.explicitBounds ?? []), Infinity];
        bounds.forEach((le, i) => {
          cumulative += Number(p.bucketCounts?.[i] ?? 0);
          out.set(seriesKey(`${name}_bucket`, { ...labels, le: le === Infinity ? '+Inf' : String(le) }), cumulative);
        });
        out.set(seriesKey(`${name}_sum`, labels), p.sum ?? 0);
        out.set(seriesKey(`${name}_count`, labels), Number(p.count ?? 0));
      }
    }
  }
  return out;
}

const FIXTURE = path.join(__dirname, 'fixtures', 'otlp-metrics-emit.ts');

describe('OTLP metrics push', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  const pushes = (r: Receiver): JsonExport[] => r.requests.filter((q) => q.url === '/v1/metrics').map((q) => JSON.parse(q.body) as JsonExport);
  async function emit(mode: string, seed: number, runs: number, phases: number, intervalMs = 600_000): Promise<Array<{ status: number; body: string }>> {
    await receiver?.close();
    receiver = await startReceiver(() => 200);
    const result = await runTs(FIXTURE, [mode, receiver.url, String(seed), String(runs), String(phases), String(intervalMs)]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    return (JSON.parse(result.stdout) as { phases: Array<{ status: number; body: string }> }).phases;
  }

  test('both: each push carries exactly the series and values of the /metrics exposition at that moment', async () => {
    const phases = await emit('both', 7, 150, 2);
    const bodies = pushes(receiver!);
    // One forced push per phase, one more on shutdown.
    expect(bodies.length).toBe(3);
    phases.forEach((phase, i) => {
      expect(phase.status).toBe(200);
      const pulled = new Map<string, number>();
      for (const family of parseExposition(phase.body).values()) for (const s of family.samples) pulled.set(seriesKey(s.name, s.labels), s.value);
      const pushed = samplesOf(bodies[i]!);
      expect([...pushed.keys()].sort()).toEqual([...pulled.keys()].sort());
      for (const [key, value] of pulled) expect({ key, value: pushed.get(key) }).toEqual({ key, value: expect.closeTo(value, 9) as number });
    });
    // The resource names the service, which Prometheus turns into the job label.
    const resource = Object.fromEntries(bodies[0]!.resourceMetrics[0]!.resource.attributes.map((a) => [a.key, a.value.stringValue]));
    expect(resource['service.name']).toBe('compile-pipeline');
    expect(resource['deployment.environment.name']).toBe('online');
  });

  test('a series removed from the registry (old bundle revision) is no longer pushed', async () => {
    await emit('otlp', 3, 400, 2);
    const revisions = (body: JsonExport): Set<string> =>
      new Set([...samplesOf(body).keys()].filter((k) => k.startsWith('offline_bundle_size_bytes{')).map((k) => /revision="([^"]+)"/.exec(k)![1]!));
    const [first, second] = pushes(receiver!).map(revisions);
    expect([...second!].some((r) => !first!.has(r))).toBe(true);
    expect([...first!].some((r) => !second!.has(r))).toBe(true);
  });

  test('otlp: /metrics answers 404 while pushes arrive on the interval', async () => {
    const [phase] = await emit('otlp', 1, 5, 1, 200);
    expect(phase!.status).toBe(404);
    expect(phase!.body).toMatch(/pushed over OTLP/);
    await emit('otlp', 1, 5, 0, 200);
    expect(pushes(receiver!).length).toBeGreaterThanOrEqual(2);
    expect(receiver!.requests.every((r) => r.url === '/v1/traces' || r.headers['content-type'] === 'application/json')).toBe(true);
  });

  test('prometheus (default): nothing is pushed, not even on shutdown; spans still are', async () => {
    const [phase] = await emit('prometheus', 1, 10, 1, 200);
    expect(phase!.status).toBe(200);
    expect(pushes(receiver!)).toEqual([]);
    expect(receiver!.requests.some((r) => r.url === '/v1/traces')).toBe(true);
  });
});

describe('semantic-convention instruments over OTLP', () => {
  test('GenAI histograms carry the conventions\' attribute names', async () => {
    const set = new MetricSet();
    const labels = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o' } as const;
    set.observeHistogram('gen_ai_client_operation_duration_seconds', { ...labels, error_type: 'timeout' }, 31);
    const { resourceMetrics } = await new CatalogueMetricProducer(set).collect();
    const metric = resourceMetrics.scopeMetrics[0]!.metrics.find((m) => m.descriptor.name === 'gen_ai.client.operation.duration')!;
    expect(metric.descriptor.unit).toBe('s');
    expect(metric.dataPoints[0]!.attributes).toEqual({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'error.type': 'timeout' });
  });
});
