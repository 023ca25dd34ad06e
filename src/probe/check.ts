/**
 * Compares what a probe cycle emitted with what the catalogue requires for it. Returns
 * findings (empty = every required signal was emitted, correctly linked).
 */
import { logEvents, spans as spanCatalogue, type FieldDef, type LogEventDef, type SpanDef, type SpanName } from '../catalogue';
import { emittedSpanName } from '../instrumentation/tracing';
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
  /** Compliance artefact records the cycle produced (provenance_id, trace_id, span_id). */
  readonly records?: readonly Readonly<{ provenance_id: string; trace_id: string; span_id: string }>[];
}

export function checkEmission(expected: Expected, emitted: Emitted, want: { backend: string; operator: string }): string[] {
  const findings: string[] = [];
  const traceIds = new Set(emitted.spans.map((s) => s.traceId));
  if (traceIds.size > 1) findings.push(`spans belong to ${traceIds.size} traces; one cycle must be one trace`);

  for (const name of expected.spans) {
    // GenAI spans are emitted under their semantic-convention name ("chat gpt-4o"), others under the catalogue's.
    const found = emitted.spans.filter((s) => s.name === emittedSpanName(name, s.attributes));
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
      if ((def as SpanDef).artefact && typeof span.attributes['provenance.id'] !== 'string') findings.push(`span ${name}: compliance artefact without provenance.id`);
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
    const def = logEvents[event] as LogEventDef;
    const owners = emitted.spans.filter((s) => s.name === (def.span as SpanName));
    for (const line of lines) {
      for (const [field, fd] of Object.entries(def.fields as Record<string, FieldDef>)) {
        if (!fd.optional && !(field in line)) findings.push(`log ${event}: required field ${field} missing`);
      }
      const owner = owners.find((s) => s.traceId === line.trace_id && s.spanId === line.span_id);
      if (!owner) {
        findings.push(`log ${event}: trace_id/span_id do not match a ${def.span} span of this cycle`);
        continue;
      }
      for (const [field, attribute] of Object.entries(def.spanAttributes ?? {})) {
        if (line[field] !== owner.attributes[attribute]) findings.push(`log ${event}: ${field} ${String(line[field])} differs from its span's ${attribute} ${String(owner.attributes[attribute])}`);
      }
    }
  }

  // Each artefact record names the span that produced it and carries that span's provenance id, as does its log line.
  for (const record of emitted.records ?? []) {
    const span = emitted.spans.find((s) => s.traceId === record.trace_id && s.spanId === record.span_id);
    if (!span || !(spanCatalogue[span.name as SpanName] as SpanDef | undefined)?.artefact) {
      findings.push(`artefact record ${record.provenance_id}: no compliance artefact span ${record.span_id} in this cycle`);
      continue;
    }
    if (span.attributes['provenance.id'] !== record.provenance_id) findings.push(`artefact record ${record.provenance_id}: its span carries provenance.id ${String(span.attributes['provenance.id'])}`);
    const lines = emitted.logs.filter((l) => l.span_id === record.span_id && 'provenance_id' in l);
    if (lines.length === 0 || lines.some((l) => l.provenance_id !== record.provenance_id)) findings.push(`artefact record ${record.provenance_id}: no evidence line with the same provenance_id`);
  }
  return findings;
}
