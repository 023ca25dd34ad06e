/**
 * Compliance evidence: one call stores an artefact under a provenance id and emits, with that
 * same id, the `compliance.evidence.collect` span, its `evidence.collected` log line and the
 * artefact record the caller keeps. The id is required by type and checked at run time.
 */
import type { SpanAttributesOf, SpanName } from '../catalogue';
import type { Telemetry } from './telemetry';
import type { SpanTiming } from './tracing';
import type { LogFieldsOf } from './types';

type CollectSpan = Extract<SpanName, 'compliance.evidence.collect'>;

/** The artefact record: what a compliance store keeps, linked to its span and log line. */
export interface EvidenceRecord {
  readonly provenance_id: string;
  readonly evidence_kind: SpanAttributesOf<CollectSpan>['evidence.kind'];
  readonly backend: string;
  readonly clause_id: string;
  readonly artefact_digest: string;
  readonly trace_id: string;
  readonly span_id: string;
  readonly collected_at: string;
}

export type EvidenceDetails = Omit<LogFieldsOf<'evidence.collected'>, 'provenance_id' | 'evidence_kind' | 'clause_id' | 'backend'>;

/**
 * Stores one evidence artefact. `attributes` must carry `provenance.id` (a type error without
 * it, a TelemetryContractError at run time); the log line and the record take the same id.
 */
export function collectEvidence(
  t: Telemetry,
  attributes: SpanAttributesOf<CollectSpan>,
  details: EvidenceDetails & { artefact_digest: string },
  timing?: SpanTiming,
): EvidenceRecord {
  return t.instrumentSpan(
    'compliance.evidence.collect',
    { ...attributes, 'evidence.digest': details.artefact_digest },
    (span) => {
      const line = t.logEvent(
        'evidence.collected',
        {
          ...details,
          backend: attributes['backend.name'],
          clause_id: attributes['clause.id'],
          provenance_id: attributes['provenance.id'],
          evidence_kind: attributes['evidence.kind'],
        },
        timing?.endTime !== undefined ? { time: timing.endTime } : {},
      );
      t.recordMetric('compliance_evidence_collected_total', { environment: line.environment as typeof t.options.environment, host_region: String(line.host_region), evidence_kind: attributes['evidence.kind'] }, 1);
      return {
        provenance_id: attributes['provenance.id'],
        evidence_kind: attributes['evidence.kind'],
        backend: attributes['backend.name'],
        clause_id: attributes['clause.id'],
        artefact_digest: details.artefact_digest,
        trace_id: span.traceId,
        span_id: span.spanId,
        collected_at: String(line.ts),
      };
    },
    timing,
  );
}
