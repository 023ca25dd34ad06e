/**
 * Compares what a probe cycle emitted with what the catalogue requires for it. Returns
 * findings (empty = every required signal was emitted, correctly linked).
 */
import { logEvents, spans as spanCatalogue, type FieldDef, type SpanName } from '../catalogue';
import type { Expected } from '../simulation';

export interface EmittedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly status: 'ok' | 'error' | 'unset';
}

export interface Emitted {
  readonly spans: readonly EmittedSpan[];
  /** Metric names with at least one series. */
  readonly metrics: ReadonlySet<string>;
  readonly logs: readonly Readonly<Record<string, unknown>>[];
}

export function checkEmission(expected: Expected, emitted: Emitted, want: { backend: string; operator: string }): string[] {
  const findings: string[] = [];
  const traceIds = new Set(emitted.spans.map((s) => s.traceId));
  if (traceIds.size > 1) findings.push(`spans belong to ${traceIds.size} traces; one cycle must be one trace`);

  for (const name of expected.spans) {
    const found = emitted.spans.filter((s) => s.name === name);
    if (found.length === 0) {
      findings.push(`span ${name}: not emitted`);
      continue;
    }
    const def = spanCatalogue[name];
    for (const span of found) {
      for (const attr of def.required) if (!(attr in span.attributes)) findings.push(`span ${name}: required attribute ${attr} missing`);
      for (const attr of Object.keys(span.attributes)) {
        if (!(def.required as readonly string[]).includes(attr) && !(def.optional as readonly string[]).includes(attr)) findings.push(`span ${name}: attribute ${attr} is not in the catalogue`);
      }
      if ('backend.name' in span.attributes && span.attributes['backend.name'] !== want.backend) findings.push(`span ${name}: backend.name is ${String(span.attributes['backend.name'])}, expected ${want.backend}`);
      if (span.status === 'error' && !('error.code' in span.attributes)) findings.push(`span ${name}: failed without error.code`);
    }
  }
  const lowered = emitted.spans.filter((s) => s.name === 'codegen.lower').map((s) => s.attributes['operator.name']);
  if (expected.spans.includes('codegen.lower') && !lowered.includes(want.operator)) findings.push(`span codegen.lower: no lowering of operator ${want.operator}`);

  for (const metric of expected.metrics) if (!emitted.metrics.has(metric)) findings.push(`metric ${metric}: no series recorded`);

  for (const event of expected.logs) {
    const lines = emitted.logs.filter((l) => l.event === event);
    if (lines.length === 0) {
      findings.push(`log ${event}: not emitted`);
      continue;
    }
    const def = logEvents[event];
    const owners = emitted.spans.filter((s) => s.name === (def.span as SpanName));
    for (const line of lines) {
      for (const [field, fd] of Object.entries(def.fields as Record<string, FieldDef>)) {
        if (!fd.optional && !(field in line)) findings.push(`log ${event}: required field ${field} missing`);
      }
      if (!owners.some((s) => s.traceId === line.trace_id && s.spanId === line.span_id)) {
        findings.push(`log ${event}: trace_id/span_id do not match a ${def.span} span of this cycle`);
      }
    }
  }
  return findings;
}
