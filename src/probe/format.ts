/** Human-readable rendering of a probe result. */
import { metrics as metricCatalogue, type MetricName } from '../catalogue';
import type { ProbeResult } from './probe';

function labelText(labels: Readonly<Record<string, string | number>>): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '';
}

export function formatProbe(result: ProbeResult): string {
  const { options: o } = result;
  const out: string[] = [];
  out.push(`probe: backend=${o.backend} operator=${o.operator} environment=${o.environment} outcome=${o.outcome} seed=${o.seed}`);
  out.push(`trace_id ${result.traceId}`, '');
  out.push(`spans (${result.spans.length})`);
  for (const span of result.spans) {
    const attrs = Object.entries(span.attributes).map(([k, v]) => `${k}=${String(v)}`).join(' ');
    out.push(`  ${span.name.padEnd(20)} ${(span.durationMs / 1000).toFixed(3).padStart(9)}s  ${span.status === 'error' ? 'ERROR ' : ''}span_id=${span.spanId}  ${attrs}`);
  }
  out.push('', 'metric samples');
  for (const sample of result.metrics) {
    // Histogram buckets are noise in a one-run probe: show the bucket the run landed in (it has the exemplar), plus _sum/_count.
    const family = sample.name.replace(/_(bucket|sum|count)$/, '');
    const isHistogram = metricCatalogue[family as MetricName]?.type === 'histogram';
    if (isHistogram && sample.name.endsWith('_bucket') && !sample.exemplar) continue;
    const exemplar = sample.exemplar ? `  # ${labelText(sample.exemplar)}` : '';
    out.push(`  ${sample.name}${labelText(sample.labels)} ${sample.value}${exemplar}`);
  }
  out.push('', `log lines (${result.logs.length})`);
  for (const line of result.logs) out.push(`  ${JSON.stringify(line)}`);
  out.push('');
  if (result.findings.length === 0) out.push('check: every signal the catalogue requires for this cycle was emitted');
  else {
    out.push(`check: ${result.findings.length} missing or wrong signal(s)`);
    for (const f of result.findings) out.push(`  - ${f}`);
  }
  return `${out.join('\n')}\n`;
}
