/**
 * Compile-time contract: `tsc --noEmit` (part of `npm test`) fails if any `@ts-expect-error`
 * below stops being an error, i.e. if a helper starts accepting names outside the catalogue.
 */
import { instrumentSpan, logEvent, recordMetric, Telemetry } from '../../src/instrumentation';
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

  // Accepted forms (no directive): these must keep compiling.
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
