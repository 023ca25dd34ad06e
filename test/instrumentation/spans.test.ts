import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { spans as spanCatalogue } from '../../src/catalogue';
import { MemorySink, Telemetry, TelemetryContractError } from '../../src/instrumentation';

function setup() {
  const exporter = new InMemorySpanExporter();
  const logs = new MemorySink();
  const t = new Telemetry({ environment: 'online', hostRegion: 'eu-central', spanExporter: exporter, logSinks: [logs] });
  return { exporter, logs, t };
}

describe('instrumentSpan', () => {
  it('records a span with the catalogue name and exactly the given attributes', () => {
    const { exporter, t } = setup();
    const value = t.instrumentSpan(
      'codegen.lower',
      { 'backend.name': 'rust', 'operator.name': 'softmax', 'clause.id': '0123456789abcdef', 'host.kind': 'offline', 'build.cache_hit': true },
      () => 42,
    );
    expect(value).toBe(42);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('codegen.lower');
    expect(span?.attributes).toEqual({ 'backend.name': 'rust', 'operator.name': 'softmax', 'clause.id': '0123456789abcdef', 'host.kind': 'offline', 'build.cache_hit': true });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ends async spans when the promise settles and nests children in the same trace', async () => {
    const { exporter, t } = setup();
    await t.instrumentSpan('plan.compile_graph', { 'host.kind': 'online', 'build.cache_hit': false }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      t.instrumentSpan('spec.parse', { 'host.kind': 'online' }, () => undefined);
    });
    const finished = exporter.getFinishedSpans();
    expect(finished.map((s) => s.name)).toEqual(['spec.parse', 'plan.compile_graph']);
    const [child, parent] = finished;
    expect(child!.spanContext().traceId).toBe(parent!.spanContext().traceId);
    expect(child!.parentSpanContext?.spanId).toBe(parent!.spanContext().spanId);
  });

  it('marks a span failed with error.code when fn throws an error carrying a code', () => {
    const { exporter, t } = setup();
    const error = Object.assign(new Error('linker failed'), { code: 'E0101' });
    expect(() =>
      t.instrumentSpan('compile.execute', { 'backend.name': 'c99', 'toolchain.binary': 'gcc', 'host.kind': 'online', 'build.cache_hit': false }, () => {
        throw error;
      }),
    ).toThrow('linker failed');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.code']).toBe('E0101');
    expect(span?.events.some((e) => e.name === 'exception')).toBe(true);
  });

  it('joins a W3C traceparent given by the caller', () => {
    const { exporter, t } = setup();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    t.inTrace(traceparent, () => t.instrumentSpan('spec.parse', { 'host.kind': 'online' }, () => undefined));
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('uses explicit start/end times when given (backdated simulation)', () => {
    const { exporter, t } = setup();
    t.instrumentSpan('spec.parse', { 'host.kind': 'online' }, () => undefined, { startTime: 1_700_000_000_000, endTime: 1_700_000_002_500 });
    const [span] = exporter.getFinishedSpans();
    expect(span!.duration[0] * 1000 + span!.duration[1] / 1e6).toBeCloseTo(2500, 0);
  });

  // Untyped callers (plain JS, JSON-driven) hit the same contract at runtime.
  it.each([
    ['unknown span', 'pipeline.run', { 'host.kind': 'online' }, /unknown span/],
    ['missing required attribute', 'codegen.lower', { 'host.kind': 'online' }, /required attribute "backend.name"/],
    ['attribute of another span', 'spec.parse', { 'host.kind': 'online', 'toolchain.binary': 'gcc' }, /not in the catalogue for this span/],
    ['closed value out of set', 'spec.parse', { 'host.kind': 'hybrid' }, /not one of online, offline/],
    ['wrong type', 'distribute.package', { 'host.kind': 'online', 'build.cache_hit': 'yes' }, /must be a boolean/],
    ['pattern mismatch', 'verify.run', { 'backend.name': 'c99', 'clause.id': 'XYZ', 'host.kind': 'online' }, /does not match/],
  ])('rejects at runtime: %s', (_case, name, attributes, message) => {
    const { exporter, t } = setup();
    const call = t.instrumentSpan as unknown as (n: string, a: unknown, f: () => void) => void;
    expect(() => call.call(t, name, attributes, () => undefined)).toThrow(TelemetryContractError);
    expect(() => call.call(t, name, attributes, () => undefined)).toThrow(message);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('covers every catalogue span name with its required attributes', () => {
    const { exporter, t } = setup();
    const values: Record<string, string | boolean | number> = {
      'backend.name': 'wasm', 'operator.name': 'gather', 'clause.id': 'ffffffffffffffff', 'toolchain.binary': 'wasm-ld', 'host.kind': 'online', 'build.cache_hit': false,
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4', 'dataset.name': 'spec-corpus', 'dataset.version': 'v1.2.3',
      'executor.task.kind': 'compile', 'executor.attempt.number': 1, 'verify.checker': 'cbmc', 'provenance.id': 'prov-00000000000000aa', 'evidence.kind': 'review-record',
    };
    const call = t.instrumentSpan as unknown as (n: string, a: unknown, f: () => void) => void;
    for (const [name, def] of Object.entries(spanCatalogue)) {
      call.call(t, name, Object.fromEntries(def.required.map((a) => [a, values[a]])), () => undefined);
    }
    // Catalogue names, except GenAI spans, named as the semantic conventions ask: "{operation} {model}".
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(Object.keys(spanCatalogue).map((n) => (n === 'gen_ai.operation' ? 'chat claude-sonnet-4' : n)));
  });
});
