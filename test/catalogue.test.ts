import { catalogue, labels, logEvents, metrics, spanAttributes, spans, W3C_SPAN_ID_PATTERN, W3C_TRACE_ID_PATTERN, type SpanDef } from '../src/catalogue';

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
    const planned = Object.entries(spans as Record<string, SpanDef>).filter(([, s]) => s.simulation?.planned).map(([name]) => name);
    expect(planned).toEqual(['spec.parse', 'plan.compile_graph', 'codegen.lower', 'compile.execute', 'verify.run', 'distribute.package']);
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

test('catalogue JSON round-trips', () => {
  expect(JSON.parse(JSON.stringify(catalogue))).toEqual(catalogue);
});
