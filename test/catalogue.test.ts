import { catalogue, labels, logEvents, metrics, services, spanAttributes, spans, W3C_SPAN_ID_PATTERN, W3C_TRACE_ID_PATTERN, type SpanDef } from '../src/catalogue';
import { genAiModels } from '../src/catalogue/genai';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

describe('metric catalogue', () => {
  const entries = Object.entries(metrics);

  test.each(entries)('%s follows Prometheus naming', (name, m) => {
    expect(name).toMatch(METRIC_NAME);
    expect(name.startsWith('__')).toBe(false);
    // _total only on counters, and every counter has it.
    expect(name.endsWith('_total')).toBe(m.type === 'counter');
    // Base units in the name.
    if (m.unit === 'seconds') expect(name).toMatch(/_seconds(_total)?$/);
    if (m.unit === 'bytes') expect(name).toMatch(/_bytes(_total)?$/);
    // Names that histograms/summaries generate must not collide with a catalogue name.
    expect(name).not.toMatch(/_(bucket|sum|count)$/);
    expect(m.help.length).toBeGreaterThan(10);
  });

  test.each(entries)('%s has valid, known, non-reserved labels', (_name, m) => {
    expect(new Set(m.labels).size).toBe(m.labels.length);
    for (const label of m.labels) {
      expect(label).toMatch(LABEL_NAME);
      expect(['le', 'quantile']).not.toContain(label);
      expect(label.startsWith('__')).toBe(false);
      expect(Object.keys(labels)).toContain(label);
    }
  });

  test.each(entries)('%s has buckets or quantiles fit for its type', (_name, m) => {
    const def = m as { buckets?: readonly number[]; quantiles?: readonly number[] };
    if (m.type === 'histogram') {
      expect(def.buckets?.length).toBeGreaterThan(3);
      const b = def.buckets!;
      for (let i = 1; i < b.length; i++) expect(b[i]!).toBeGreaterThan(b[i - 1]!);
      expect(b.every(Number.isFinite)).toBe(true);
    } else expect(def.buckets).toBeUndefined();
    if (m.type === 'summary') {
      const q = def.quantiles!;
      expect(q.length).toBeGreaterThan(0);
      for (let i = 0; i < q.length; i++) {
        expect(q[i]!).toBeGreaterThan(0);
        expect(q[i]!).toBeLessThan(1);
        if (i > 0) expect(q[i]!).toBeGreaterThan(q[i - 1]!);
      }
    } else expect(def.quantiles).toBeUndefined();
  });

  test('carries every metric of the playbook with its type', () => {
    expect(metrics.pipeline_latency_seconds.type).toBe('histogram');
    expect(metrics.lowering_duration_seconds.type).toBe('histogram');
    expect(metrics.lowering_duration_seconds.labels).toEqual(expect.arrayContaining(['backend', 'operator']));
    expect(metrics.compile_success_total.type).toBe('counter');
    expect(metrics.compile_failure_total.type).toBe('counter');
    expect(metrics.verification_block_rate.type).toBe('gauge');
    expect(metrics.offline_bundle_size_bytes.type).toBe('summary');
    expect(metrics.offline_bundle_size_bytes.labels).toEqual(['target', 'revision']);
    expect(metrics.registry_backends.labels).toContain('maturity');
    expect(metrics.registry_missing_binaries.type).toBe('gauge');
  });
});

describe('labels', () => {
  test.each(Object.entries(labels))('%s has a bounded, well-formed value set', (name, def) => {
    expect(name).toMatch(LABEL_NAME);
    expect(def.values.length).toBeGreaterThan(0);
    expect(new Set(def.values).size).toBe(def.values.length);
    const pattern = (def as { pattern?: string }).pattern;
    if (pattern) for (const v of def.values) expect(v).toMatch(new RegExp(pattern));
  });

  test('environment is the closed online/offline enum', () => {
    expect(labels.environment).toMatchObject({ closed: true, values: ['online', 'offline'] });
  });
});

describe('log events', () => {
  test.each(Object.entries(logEvents))('%s carries W3C trace context and a known span', (_name, e) => {
    expect(e.fields.trace_id.pattern).toBe(W3C_TRACE_ID_PATTERN);
    expect(e.fields.span_id.pattern).toBe(W3C_SPAN_ID_PATTERN);
    expect(Object.keys(spans)).toContain(e.span);
    for (const f of Object.keys(e.fields)) expect(f).toMatch(LABEL_NAME);
  });

  test('in the exported catalogue, every event field lists exactly the catalogue events', () => {
    for (const e of Object.values(catalogue.logs.events)) expect([...(e.fields.event!.values ?? [])].sort()).toEqual(Object.keys(logEvents).sort());
  });

  test('W3C patterns accept real ids and reject malformed ones', () => {
    expect('4bf92f3577b34da6a3ce929d0e0e4736').toMatch(new RegExp(W3C_TRACE_ID_PATTERN));
    expect('00f067aa0ba902b7').toMatch(new RegExp(W3C_SPAN_ID_PATTERN));
    expect('4BF92F3577B34DA6A3CE929D0E0E4736').not.toMatch(new RegExp(W3C_TRACE_ID_PATTERN));
    expect('00f067aa0ba902b').not.toMatch(new RegExp(W3C_SPAN_ID_PATTERN));
  });
});

describe('spans', () => {
  test('the pipeline model plans the six stages, in catalogue order', () => {
    // Stage 2/3 spans are planned too, by the stage services inside their parent (src/simulation/stages).
    const planned = Object.entries(spans as Record<string, SpanDef>).filter(([, s]) => s.simulation?.planned && !s.simulation.parent).map(([name]) => name);
    expect(planned).toEqual(['spec.parse', 'plan.compile_graph', 'codegen.lower', 'compile.execute', 'verify.run', 'distribute.package']);
  });

  test.each(Object.entries(spans))('%s is emitted by a known service and every attribute of its name template is required', (_name, s) => {
    const def = s as SpanDef;
    if (def.service) expect(services).toContain(def.service);
    for (const [, key] of (def.nameTemplate ?? '').matchAll(/\{([^{}]+)\}/g)) expect(def.required as readonly string[]).toContain(key);
  });

  test.each(Object.entries(spans))('%s: model and dataset versions travel together', (_name, s) => {
    const attrs = new Set<string>([...s.required, ...s.optional]);
    const required = new Set<string>(s.required);
    // A span naming a dataset requires its version; one answered by a model may name the version that answered.
    if (attrs.has('dataset.name')) expect(required.has('dataset.name') && required.has('dataset.version')).toBe(true);
    if (attrs.has('gen_ai.request.model')) {
      expect(required.has('gen_ai.request.model')).toBe(true);
      expect(attrs.has('gen_ai.response.model')).toBe(true);
    }
  });

  test.each(Object.entries(spans))('%s: a simulation parent is a catalogue span', (_name, s) => {
    const parent = (s as SpanDef).simulation?.parent;
    if (parent !== undefined) expect(Object.keys(spans)).toContain(parent);
  });

  test('compliance artefact spans require provenance.id, and only they and their log line carry it', () => {
    const artefactSpans = Object.entries(spans).filter(([, s]) => (s as SpanDef).artefact).map(([n]) => n);
    expect(artefactSpans).toEqual(['compliance.evidence.collect']);
    for (const [name, s] of Object.entries(spans)) expect([name, (s.required as readonly string[]).includes('provenance.id')]).toEqual([name, artefactSpans.includes(name)]);
    const evidence = logEvents['evidence.collected'];
    expect(evidence.span).toBe('compliance.evidence.collect');
    expect(evidence.spanAttributes.provenance_id).toBe('provenance.id');
    expect(evidence.fields.provenance_id.pattern).toBe(spanAttributes['provenance.id'].pattern);
  });

  test.each(Object.entries(spans))('%s uses only catalogue attributes, each once', (_name, s) => {
    const all = [...s.required, ...s.optional];
    expect(new Set(all).size).toBe(all.length);
    for (const a of all) expect(Object.keys(spanAttributes)).toContain(a);
  });

  test('every playbook attribute is used by some span', () => {
    const used = new Set(Object.values(spans).flatMap((s) => [...s.required, ...s.optional]));
    expect([...used].sort()).toEqual(Object.keys(spanAttributes).sort());
  });
});

describe('GenAI signals (OpenTelemetry semantic conventions 1.37.0)', () => {
  // OTLP→Prometheus: dots to underscores, a unit in braces dropped, `s` appended as `_seconds`.
  const prometheusName = (otel: string, unit: string): string => `${otel.replace(/\./g, '_')}${unit === 's' ? '_seconds' : ''}`;

  test.each([
    ['gen_ai.client.token.usage', '{token}', [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864]],
    ['gen_ai.client.operation.duration', 's', [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]],
  ])('%s maps to its Prometheus name with the conventions\' buckets', (otel, unit, buckets) => {
    const def = (metrics as Record<string, { type: string; buckets?: readonly number[]; labels: readonly string[] }>)[prometheusName(otel, unit)];
    expect(def?.type).toBe('histogram');
    expect(def!.buckets).toEqual(buckets);
    for (const label of ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_response_model']) expect(def!.labels).toContain(label);
  });

  test('span attributes carry the conventions\' names and the metric labels are their Prometheus forms', () => {
    for (const attr of ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model', 'gen_ai.response.model', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'error.type']) {
      expect(Object.keys(spanAttributes)).toContain(attr);
    }
    for (const attr of ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model', 'gen_ai.response.model', 'error.type']) {
      const label = attr.replace(/\./g, '_') as keyof typeof labels;
      expect(labels[label].closed).toBe(true);
      expect(labels[label].values).toEqual((spanAttributes as Record<string, { values?: readonly string[] }>)[attr]!.values);
    }
  });

  test('models are a closed table: every request model has one provider and response model', () => {
    expect(labels.gen_ai_request_model.values).toEqual(genAiModels.map((m) => m.request));
    for (const m of genAiModels) {
      expect(labels.gen_ai_provider_name.values).toContain(m.provider);
      expect(labels.gen_ai_response_model.values).toContain(m.response);
    }
  });

  test('every label of the new signals is a closed set except the bounded provenance_id', () => {
    const open = Object.entries(labels).filter(([, l]) => !l.closed).map(([n]) => n);
    expect(open.sort()).toEqual(['backend', 'host_region', 'operator', 'provenance_id', 'revision', 'target']);
  });
});

test('catalogue JSON round-trips', () => {
  expect(JSON.parse(JSON.stringify(catalogue))).toEqual(catalogue);
});
