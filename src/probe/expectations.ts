/**
 * What one probe cycle must emit, derived from the catalogue: which spans (with their required
 * attributes), which metrics and which log events a run with a given outcome reaches.
 */
import { logEvents, metrics, spans, type LogEventName, type MetricName, type SpanName } from '../catalogue';

export type Outcome = 'success' | 'compile-failure' | 'verify-block';
export const outcomes: readonly Outcome[] = ['success', 'compile-failure', 'verify-block'];

/** Stages a run passes through: a failed compile stops before verification, a block before packaging. */
function reachedSpans(outcome: Outcome): SpanName[] {
  const all = Object.keys(spans) as SpanName[];
  if (outcome === 'compile-failure') return all.filter((s) => s !== 'verify.run' && s !== 'distribute.package');
  if (outcome === 'verify-block') return all.filter((s) => s !== 'distribute.package');
  return all;
}

/** Metrics recorded only on some paths; the rest of the pipeline/registry metrics always are. */
const metricPaths: Partial<Record<MetricName, readonly Outcome[]>> = {
  compile_success_total: ['success', 'verify-block'],
  compile_failure_total: ['compile-failure'],
  verification_block_rate: ['success', 'verify-block'],
  offline_bundle_size_bytes: ['success'],
  pipeline_latency_seconds: ['success'],
};

/** Events whose catalogue span is reached, minus verify.block unless verification blocks. */
function reachedEvents(outcome: Outcome): LogEventName[] {
  const reached = new Set<string>(reachedSpans(outcome));
  return (Object.keys(logEvents) as LogEventName[]).filter((e) => reached.has(logEvents[e].span) && (e !== 'verify.block' || outcome === 'verify-block'));
}

export interface Expected {
  readonly spans: readonly SpanName[];
  readonly metrics: readonly MetricName[];
  readonly logs: readonly LogEventName[];
}

export function expectedSignals(outcome: Outcome): Expected {
  const metricNames = (Object.keys(metrics) as MetricName[]).filter((m) => metrics[m].source !== 'exporter' && (metricPaths[m]?.includes(outcome) ?? true));
  return { spans: reachedSpans(outcome), metrics: metricNames, logs: reachedEvents(outcome) };
}
