/** Runtime contract of the stage 2/3 signals: services, GenAI spans, optional labels, provenance ids. */
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { collectEvidence, MemorySink, Telemetry, TelemetryContractError } from '../../src/instrumentation';

function setup() {
  const exporter = new InMemorySpanExporter();
  const logs = new MemorySink();
  const t = new Telemetry({ environment: 'online', hostRegion: 'us-east', spanExporter: exporter, logSinks: [logs] });
  return { exporter, logs, t };
}

const untyped = (t: Telemetry) => t.instrumentSpan as unknown as (n: string, a: unknown, f: () => unknown) => unknown;
const evidenceAttributes = { 'evidence.kind': 'verification-report', 'backend.name': 'c99', 'clause.id': '0123456789abcdef', 'host.kind': 'online' } as const;
const DIGEST = 'a'.repeat(64);

describe('services and span kinds', () => {
  it('gives each span its service.name and lets GenAI spans inherit the caller', () => {
    const { exporter, t } = setup();
    t.instrumentSpan('planner.request', { 'host.kind': 'online', 'gen_ai.request.model': 'gpt-4o', 'dataset.name': 'spec-corpus', 'dataset.version': 'v3.1.0' }, () => {
      t.instrumentSpan('gen_ai.operation', { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' }, (span) => {
        span.setAttribute('gen_ai.usage.input_tokens', 812);
      });
    });
    t.instrumentSpan('spec.parse', { 'host.kind': 'online' }, () => undefined);
    const byName = new Map(exporter.getFinishedSpans().map((s) => [s.name, s]));
    expect(byName.get('planner.request')!.resource.attributes['service.name']).toBe('planner');
    expect(byName.get('planner.request')!.kind).toBe(SpanKind.SERVER);
    // Semantic-convention span name "{gen_ai.operation.name} {gen_ai.request.model}", client kind, caller's service.
    const llm = byName.get('chat gpt-4o')!;
    expect(llm.kind).toBe(SpanKind.CLIENT);
    expect(llm.resource.attributes['service.name']).toBe('planner');
    expect(llm.attributes['gen_ai.usage.input_tokens']).toBe(812);
    expect(llm.parentSpanContext?.spanId).toBe(byName.get('planner.request')!.spanContext().spanId);
    expect(byName.get('spec.parse')!.resource.attributes['service.name']).toBe('compile-pipeline');
  });

  it.each([
    ['unknown model', 'gen_ai.operation', { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-99' }, /gen_ai.request.model="gpt-99" is not one of/],
    ['non-integral int', 'executor.attempt', { 'executor.task.kind': 'lower', 'executor.attempt.number': 1.5 }, /must be an int/],
    ['dataset version shape', 'verify.fuzz', { 'backend.name': 'c99', 'clause.id': 'x', 'host.kind': 'online', 'dataset.name': 'fuzz-seeds', 'dataset.version': 'latest' }, /does not match/],
  ])('rejects %s at run time', (_case, name, attributes, message) => {
    const { exporter, t } = setup();
    expect(() => untyped(t).call(t, name, attributes, () => undefined)).toThrow(TelemetryContractError);
    expect(() => untyped(t).call(t, name, attributes, () => undefined)).toThrow(message);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
});

describe('optional metric labels', () => {
  it('leave error_type out of successful operations and put it on failures', async () => {
    const { t } = setup();
    const base = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'anthropic', gen_ai_request_model: 'claude-sonnet-4' } as const;
    t.recordMetric('gen_ai_client_operation_duration_seconds', { ...base, gen_ai_response_model: 'claude-sonnet-4-20250514' }, 1.2);
    t.recordMetric('gen_ai_client_operation_duration_seconds', { ...base, error_type: 'timeout' }, 30);
    const text = await t.metrics.registry.metrics();
    expect(text).toMatch(/gen_ai_client_operation_duration_seconds_count\{gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="claude-sonnet-4",gen_ai_response_model="claude-sonnet-4-20250514"\} 1/);
    expect(text).toMatch(/gen_ai_client_operation_duration_seconds_count\{gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="claude-sonnet-4",error_type="timeout"\} 1/);
    const record = t.recordMetric.bind(t) as unknown as (n: string, l: unknown, v: number) => void;
    expect(() => record('gen_ai_client_operation_duration_seconds', { ...base, error_type: 'oops' }, 1)).toThrow(/error_type="oops" is not one of/);
    expect(() => record('gen_ai_client_operation_duration_seconds', { gen_ai_operation_name: 'chat', gen_ai_request_model: 'gpt-4o' }, 1)).toThrow(/gen_ai_provider_name" is missing/);
  });
});

describe('provenance ids', () => {
  it('refuses a compliance artefact span without provenance.id', () => {
    const { exporter, t } = setup();
    expect(() => untyped(t).call(t, 'compliance.evidence.collect', evidenceAttributes, () => undefined)).toThrow(TelemetryContractError);
    expect(() => untyped(t).call(t, 'compliance.evidence.collect', evidenceAttributes, () => undefined)).toThrow(/compliance artefact: it needs a provenance.id/);
    expect(() => untyped(t).call(t, 'compliance.evidence.collect', { ...evidenceAttributes, 'provenance.id': 'run-42' }, () => undefined)).toThrow(/does not match/);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('refuses an evidence.collected event without provenance_id or with another id than its span', () => {
    const { logs, t } = setup();
    const log = t.logEvent.bind(t) as unknown as (n: string, f: unknown) => void;
    t.instrumentSpan('compliance.evidence.collect', { ...evidenceAttributes, 'provenance.id': 'prov-00000000000000aa' }, () => {
      const fields = { backend: 'c99', evidence_kind: 'verification-report', clause_id: '0123456789abcdef', artefact_digest: DIGEST };
      expect(() => log('evidence.collected', fields)).toThrow(/required field "provenance_id" is missing/);
      expect(() => log('evidence.collected', { ...fields, provenance_id: 'prov-00000000000000bb' })).toThrow(/differs from the provenance.id of its compliance.evidence.collect span/);
      expect(() => log('evidence.collected', { ...fields, provenance_id: 'prov-00000000000000aa', evidence_kind: 'review-record' })).toThrow(/evidence_kind="review-record" differs/);
      log('evidence.collected', { ...fields, provenance_id: 'prov-00000000000000aa' });
    });
    expect(logs.lines.map((l) => l.provenance_id)).toEqual(['prov-00000000000000aa']);
  });

  it('puts the same id on the span, its log line and the artefact record', async () => {
    const { exporter, logs, t } = setup();
    const record = collectEvidence(t, { ...evidenceAttributes, 'provenance.id': 'prov-0123456789abcdef' }, { artefact_digest: DIGEST });
    const [span] = exporter.getFinishedSpans();
    const [line] = logs.lines;
    expect(span!.attributes['provenance.id']).toBe('prov-0123456789abcdef');
    expect(span!.resource.attributes['service.name']).toBe('evidence-collector');
    expect(line).toMatchObject({ event: 'evidence.collected', provenance_id: 'prov-0123456789abcdef', trace_id: span!.spanContext().traceId, span_id: span!.spanContext().spanId });
    expect(record).toMatchObject({ provenance_id: 'prov-0123456789abcdef', trace_id: span!.spanContext().traceId, span_id: span!.spanContext().spanId, artefact_digest: DIGEST });
    expect(await t.metrics.registry.metrics()).toMatch(/compliance_evidence_collected_total\{environment="online",host_region="us-east",evidence_kind="verification-report"\} 1/);
  });
});
