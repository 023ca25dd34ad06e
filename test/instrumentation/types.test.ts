/**
 * Compile-time contract: `tsc --noEmit` (part of `npm test`) fails if any `@ts-expect-error`
 * below stops being an error, i.e. if a helper starts accepting names outside the catalogue.
 */
import { collectEvidence, instrumentSpan, logEvent, recordMetric, Telemetry } from '../../src/instrumentation';
import { checkTypeProofs } from '../helpers/type-proofs';

// Never called: it exists only for the type checker.
function compileTimeRejections(t: Telemetry): void {
  // @ts-expect-error unknown span name
  instrumentSpan('pipeline.run', { 'host.kind': 'online' }, () => undefined);
  // @ts-expect-error required attribute backend.name missing
  instrumentSpan('codegen.lower', { 'operator.name': 'matmul', 'clause.id': 'x', 'host.kind': 'online', 'build.cache_hit': true }, () => undefined);
  // @ts-expect-error attribute not declared for this span
  instrumentSpan('spec.parse', { 'host.kind': 'online', 'toolchain.binary': 'gcc' }, () => undefined);
  // @ts-expect-error closed attribute value outside its set
  instrumentSpan('spec.parse', { 'host.kind': 'hybrid' }, () => undefined);
  // @ts-expect-error boolean attribute given a string
  instrumentSpan('distribute.package', { 'host.kind': 'online', 'build.cache_hit': 'yes' }, () => undefined);
  instrumentSpan('spec.parse', { 'host.kind': 'online' }, (span) => {
    // @ts-expect-error setAttribute only takes this span's attribute keys
    span.setAttribute('operator.name', 'matmul');
  });

  // @ts-expect-error unknown metric name
  recordMetric('pipeline_runs_total', {}, 1);
  // @ts-expect-error label not declared for the metric
  recordMetric('compile_success_total', { environment: 'online', host_region: 'eu-central', backend: 'c99', operator: 'matmul' }, 1);
  // @ts-expect-error required label missing
  recordMetric('compile_success_total', { environment: 'online', backend: 'c99' }, 1);
  // @ts-expect-error closed label value outside its set
  recordMetric('registry_backends', { environment: 'online', host_region: 'eu-central', maturity: 'beta' }, 1);
  // @ts-expect-error closed label value outside its set
  recordMetric('telemetry_log_lines_dropped_total', { sink: 'kafka' }, 1);
  // @ts-expect-error gauge helper refuses a counter
  t.metrics.setGauge('compile_success_total', { environment: 'online', host_region: 'eu-central', backend: 'c99' }, 1);
  // @ts-expect-error histogram helper refuses a summary
  t.metrics.observeHistogram('offline_bundle_size_bytes', { target: 'wasm32', revision: 'r101' }, 1);

  // @ts-expect-error unknown event
  logEvent('compile.retry', {});
  // @ts-expect-error field of another event (checker belongs to verify.block)
  logEvent('compile.start', { backend: 'c99', operator: 'matmul', clause_id: 'x', toolchain_binary: 'gcc', checker: 'cbmc' });
  // @ts-expect-error required field missing (toolchain_binary)
  logEvent('compile.start', { backend: 'c99', operator: 'matmul', clause_id: 'x' });
  // @ts-expect-error closed field value outside its set
  logEvent('verify.block', { backend: 'c99', clause_id: 'x', checker: 'lint', reason: 'r', error_code: 'V0001' });
  // @ts-expect-error number field given a string
  logEvent('compile.end', { backend: 'c99', operator: 'm', clause_id: 'x', toolchain_binary: 'gcc', status: 'success', exit_code: '0', duration_seconds: 1, cache_hit: false });
  // @ts-expect-error trace context is filled by the logger, not the caller
  logEvent('compile.start', { backend: 'c99', operator: 'matmul', clause_id: 'x', toolchain_binary: 'gcc', trace_id: 'abc' });
  // @ts-expect-error level outside the catalogue's severities
  logEvent('compile.start', { backend: 'c99', operator: 'matmul', clause_id: 'x', toolchain_binary: 'gcc', level: 'fatal' });

  // Compliance artefacts carry a provenance id: span, evidence event and the collector helper refuse to go without.
  const evidence = { 'evidence.kind': 'verification-report', 'backend.name': 'c99', 'clause.id': 'x', 'host.kind': 'online' } as const;
  // @ts-expect-error compliance artefact span without provenance.id
  instrumentSpan('compliance.evidence.collect', evidence, () => undefined);
  // @ts-expect-error evidence.collected event without provenance_id
  logEvent('evidence.collected', { backend: 'c99', evidence_kind: 'verification-report', clause_id: 'x', artefact_digest: 'd' });
  // @ts-expect-error the collector helper without provenance.id
  collectEvidence(t, evidence, { artefact_digest: 'd' });
  // @ts-expect-error unknown model name (span attribute)
  instrumentSpan('gen_ai.operation', { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-99' }, () => undefined);
  // @ts-expect-error unknown model name (metric label)
  recordMetric('gen_ai_client_operation_duration_seconds', { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-99' }, 1);
  // @ts-expect-error unknown response model version
  recordMetric('gen_ai_client_token_usage', { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o', gen_ai_response_model: 'gpt-4o-2099-01-01', gen_ai_token_type: 'input' }, 1);
  // @ts-expect-error a span that uses a model must name it (planner.request requires gen_ai.request.model)
  instrumentSpan('planner.request', { 'host.kind': 'online', 'dataset.name': 'spec-corpus', 'dataset.version': 'v1.0.0' }, () => undefined);
  // @ts-expect-error int attribute given a string
  instrumentSpan('executor.attempt', { 'executor.task.kind': 'compile', 'executor.attempt.number': '1' }, () => undefined);
  // @ts-expect-error required label missing (optional labels are only error_type and gen_ai_response_model)
  recordMetric('gen_ai_client_operation_duration_seconds', { gen_ai_operation_name: 'chat', gen_ai_request_model: 'gpt-4o' }, 1);

  // Accepted forms (no directive): these must keep compiling.
  instrumentSpan('compliance.evidence.collect', { ...evidence, 'provenance.id': 'prov-0123456789abcdef' }, () => undefined);
  collectEvidence(t, { ...evidence, 'provenance.id': 'prov-0123456789abcdef' }, { artefact_digest: 'd' });
  recordMetric('gen_ai_client_operation_duration_seconds', { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o', error_type: 'timeout' }, 1);
  instrumentSpan('compile.execute', { 'backend.name': 'c99', 'toolchain.binary': 'gcc', 'host.kind': 'online', 'build.cache_hit': true, 'error.code': 'E0101' }, () => undefined);
  recordMetric('offline_bundle_size_bytes', { target: 'wasm32', revision: 'r107' }, 1);
  recordMetric('telemetry_log_lines_dropped_total', { sink: 'loki' }, 1);
  logEvent('compile.end', { backend: 'c99', operator: 'm', clause_id: 'x', toolchain_binary: 'gcc', status: 'failure', exit_code: 1, duration_seconds: 1, cache_hit: false, error_code: 'E0101' });
}

describe('compile-time contract', () => {
  it('rejects each @ts-expect-error case above on its own line, and nothing else', () => {
    const report = checkTypeProofs('test/instrumentation/types.test.ts');
    expect(report.expected.length).toBeGreaterThan(0);
    expect(report.rejected).toEqual(report.expected);
  }, 60_000);
});

void compileTimeRejections;
