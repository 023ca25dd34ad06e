/**
 * Structured log events. Lines are JSON objects keyed by `event`; every line carries the W3C
 * trace context of the span it was written in, so a log line found in Loki leads to its trace.
 */
import type { LogSimulation } from './simulation';

export type FieldType = 'string' | 'number' | 'boolean';

export interface FieldDef {
  readonly type: FieldType;
  readonly description: string;
  /** Allowed values (closed set) for string fields. */
  readonly values?: readonly string[];
  /** Regular expression every value matches (string fields). */
  readonly pattern?: string;
  /** Present only in some lines (e.g. error_code on failures). */
  readonly optional?: boolean;
}

export interface LogEventDef {
  readonly description: string;
  /** Span the event is written inside; its trace_id/span_id are the line's. */
  readonly span: string;
  readonly fields: Readonly<Record<string, FieldDef>>;
  /**
   * Fields that must equal an attribute of the enclosing span (field → attribute), so the line,
   * its span and the record it describes share one id (e.g. provenance_id = provenance.id).
   * Dashboards that format these lines must keep the field visible.
   */
  readonly spanAttributes?: Readonly<Record<string, string>>;
  /** How the sample exporter simulates it; default: once each time its span ends. */
  readonly simulation?: LogSimulation;
}

import { PROVENANCE_ID_PATTERN } from './stage-labels';

export const W3C_TRACE_ID_PATTERN = '^[0-9a-f]{32}$';
export const W3C_SPAN_ID_PATTERN = '^[0-9a-f]{16}$';

/** Fields every event carries, whatever its kind. */
export const commonLogFields = {
  ts: { type: 'string', description: 'RFC 3339 timestamp with milliseconds, UTC.' },
  level: { type: 'string', description: 'Severity.', values: ['debug', 'info', 'warn', 'error'] },
  // Its values are the event names (see logEvents); the logger sets it from the event written.
  event: { type: 'string', description: 'Event kind; the key dashboards filter on.' },
  trace_id: { type: 'string', description: 'W3C trace id (16 bytes, 32 lowercase hex).', pattern: W3C_TRACE_ID_PATTERN },
  span_id: { type: 'string', description: 'W3C span id (8 bytes, 16 lowercase hex) of the active span.', pattern: W3C_SPAN_ID_PATTERN },
  environment: { type: 'string', description: 'Deployment mode (same values as the metric label).', values: ['online', 'offline'] },
  host_region: { type: 'string', description: 'Region of the build host (same values as the metric label).' },
  backend: { type: 'string', description: 'Backend name (same values as the metric label).' },
} as const satisfies Record<string, FieldDef>;

export const logEvents = {
  'compile.start': {
    description: 'A toolchain compilation for one backend begins.',
    span: 'compile.execute',
    fields: {
      ...commonLogFields,
      operator: { type: 'string', description: 'Operator being compiled.' },
      clause_id: { type: 'string', description: 'Hash of the clause text (sha256, first 16 hex).', pattern: '^[0-9a-f]{16}$' },
      toolchain_binary: { type: 'string', description: 'Toolchain binary invoked.' },
    },
    simulation: { at: 'start' },
  },
  'compile.end': {
    description: 'A toolchain compilation finished, successfully or not.',
    span: 'compile.execute',
    fields: {
      ...commonLogFields,
      operator: { type: 'string', description: 'Operator being compiled.' },
      clause_id: { type: 'string', description: 'Hash of the clause text (sha256, first 16 hex).', pattern: '^[0-9a-f]{16}$' },
      toolchain_binary: { type: 'string', description: 'Toolchain binary invoked.' },
      status: { type: 'string', description: 'Outcome.', values: ['success', 'failure'] },
      exit_code: { type: 'number', description: 'Exit status of the toolchain process.' },
      duration_seconds: { type: 'number', description: 'Wall time of the compilation.' },
      cache_hit: { type: 'boolean', description: 'Build cache served the artefact.' },
      error_code: { type: 'string', description: 'Failure cause, on failures only.', optional: true, pattern: '^E[0-9]{4}$' },
      artifact_log_id: {
        type: 'string',
        description: 'Artefact id (sha256) of the toolchain stdout/stderr, which stay out of the log stream; same as the span attribute artifact.log_id.',
        optional: true,
        pattern: '^[0-9a-f]{64}$',
      },
    },
  },
  'verify.block': {
    description: 'Verification blocked an artefact from distribution.',
    span: 'verify.run',
    fields: {
      ...commonLogFields,
      clause_id: { type: 'string', description: 'Hash of the clause that failed verification.', pattern: '^[0-9a-f]{16}$' },
      checker: { type: 'string', description: 'Verifier that blocked it.', values: ['frama-c', 'cbmc', 'fuzzer', 'reviewbot'] },
      reason: { type: 'string', description: 'Human-readable cause.' },
      error_code: { type: 'string', description: 'Machine-readable cause.', pattern: '^V[0-9]{4}$' },
    },
    simulation: { when: 'error' },
  },
  // Playbook stages 2 and 3: executor retries, ReviewBot feedback, compliance evidence.
  'executor.retry': {
    description: 'An executor task attempt failed and the task will be retried.',
    span: 'executor.attempt',
    simulation: { when: 'error' },
    fields: {
      ...commonLogFields,
      task_kind: { type: 'string', description: 'Kind of executor task.', values: ['lower', 'compile', 'verify', 'package'] },
      attempt: { type: 'number', description: 'Number of the attempt that failed, from 1.' },
      error_code: { type: 'string', description: 'Why the attempt failed.', pattern: '^E[0-9]{4}$' },
    },
  },
  'reviewbot.feedback': {
    description: 'The author answered a ReviewBot review (accepted, revised or rejected it).',
    span: 'reviewbot.review',
    fields: {
      ...commonLogFields,
      clause_id: { type: 'string', description: 'Hash of the reviewed clause.', pattern: '^[0-9a-f]{16}$' },
      score: { type: 'number', description: 'ReviewBot score, 0 to 1.' },
      feedback: { type: 'string', description: 'What the author did with the review.', values: ['accepted', 'revised', 'rejected'] },
      gen_ai_request_model: { type: 'string', description: 'Model that scored the review (as gen_ai.request.model on the span).' },
    },
  },
  'evidence.collected': {
    description: 'A compliance evidence artefact was stored; provenance_id links it to the span that produced it.',
    span: 'compliance.evidence.collect',
    spanAttributes: { provenance_id: 'provenance.id', evidence_kind: 'evidence.kind' },
    fields: {
      ...commonLogFields,
      provenance_id: { type: 'string', description: 'Provenance id of the artefact; equals the provenance.id of the span and of the artefact record.', pattern: PROVENANCE_ID_PATTERN },
      evidence_kind: { type: 'string', description: 'Kind of evidence.', values: ['verification-report', 'review-record', 'build-attestation'] },
      clause_id: { type: 'string', description: 'Hash of the clause the evidence covers.', pattern: '^[0-9a-f]{16}$' },
      artefact_digest: { type: 'string', description: 'sha256 of the stored artefact.', pattern: '^[0-9a-f]{64}$' },
    },
  },
} as const satisfies Record<string, LogEventDef>;

/**
 * Loki stream labels every pushed line carries. Kept to low-cardinality keys: `event`,
 * `backend` and trace ids stay in the JSON body and are filtered with `| json`.
 */
export const logStreamLabels = {
  service_name: { description: 'Emitting service.', values: ['compile-pipeline'] },
  environment: { description: 'Deployment mode.', values: ['online', 'offline'] },
  host_region: { description: 'Region of the build host.' },
} as const;

export type LogEventName = keyof typeof logEvents;
export type LogFieldOf<E extends LogEventName> = keyof (typeof logEvents)[E]['fields'];
export type LogFieldName = { [E in LogEventName]: LogFieldOf<E> }[LogEventName];
export type LogStreamLabel = keyof typeof logStreamLabels;
export const LOG_SERVICE_NAME = 'compile-pipeline';
