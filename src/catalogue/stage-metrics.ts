/**
 * Metrics of playbook stages 2 and 3, merged into `metrics` (metrics.ts). The two GenAI
 * histograms are the semantic conventions' `gen_ai.client.token.usage` ({token}) and
 * `gen_ai.client.operation.duration` (s) under the OTLP→Prometheus name rules: dots become
 * underscores, a unit in braces is dropped, `s` appends `_seconds`; attributes become labels
 * the same way. Their buckets are the conventions' explicit bucket boundaries.
 *
 * They are recorded by the stage services' simulation (src/simulation/stages) in the span each
 * `simulation.span` names; the probe expects them where that span is reached.
 */
import type { MetricDef } from './metrics';
import { genAiErrorTypes, genAiModels } from './genai';

const host = ['environment', 'host_region'] as const;

// GenAI labels are correlated (a model has one provider and one response model), so only the
// model table's rows are valid series, not every combination of the label value sets.
const modelRows = genAiModels.flatMap((m) =>
  m.operations.map((operation) => ({
    gen_ai_operation_name: operation,
    gen_ai_provider_name: m.provider,
    gen_ai_request_model: m.request,
    gen_ai_response_model: m.response,
  })),
);
// Embeddings generate no tokens: only input tokens are counted for them.
const tokenTypes = (operation: string): string[] => (operation === 'embeddings' ? ['input'] : ['input', 'output']);
const tokenSeries = modelRows.flatMap((row) => tokenTypes(row.gen_ai_operation_name).map((type) => ({ ...row, gen_ai_token_type: type })));
/** Semantic-convention attribute of each GenAI label (the label is its OTLP→Prometheus form). */
const genAiAttributes = {
  gen_ai_operation_name: 'gen_ai.operation.name',
  gen_ai_provider_name: 'gen_ai.provider.name',
  gen_ai_request_model: 'gen_ai.request.model',
  gen_ai_response_model: 'gen_ai.response.model',
  gen_ai_token_type: 'gen_ai.token.type',
  error_type: 'error.type',
} as const;
const durationSeries = modelRows.flatMap(({ gen_ai_response_model, ...request }) => [
  { ...request, gen_ai_response_model },
  ...genAiErrorTypes.map((error_type) => ({ ...request, error_type })),
]);
// Queue waits and executions: from milliseconds (cache hits) to minutes (verification, HDL synthesis).
const taskSeconds = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export const stageMetrics = {
  // Stage 2: planner and executor services.
  planner_requests_total: {
    type: 'counter',
    help: 'Plan requests the planner service answered (planner.request spans), by outcome.',
    unit: 'count',
    labels: [...host, 'outcome'],
    source: 'planner',
    simulation: { span: 'planner.request' },
  },
  planner_request_duration_seconds: {
    type: 'histogram',
    help: 'Duration of one plan request (planner.request), LLM calls and graph compilation included.',
    unit: 'seconds',
    labels: [...host],
    buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120],
    notes: 'Exemplars carry the trace_id of the request.',
    source: 'planner',
    simulation: { span: 'planner.request' },
  },
  executor_queue_depth: {
    type: 'gauge',
    help: 'Tasks waiting in the executor queue, by task kind.',
    unit: 'count',
    labels: [...host, 'task_kind'],
    source: 'executor',
    simulation: { span: 'executor.task' },
  },
  executor_queue_wait_seconds: {
    type: 'histogram',
    help: 'Time an executor task waited in the queue before its first attempt (executor.queue_wait span).',
    unit: 'seconds',
    labels: [...host, 'task_kind'],
    buckets: taskSeconds,
    source: 'executor',
    simulation: { span: 'executor.task' },
  },
  executor_task_duration_seconds: {
    type: 'histogram',
    help: 'Execution time of one executor task over all its attempts (executor.attempt spans), queue wait excluded.',
    unit: 'seconds',
    labels: [...host, 'task_kind'],
    buckets: taskSeconds,
    source: 'executor',
    simulation: { span: 'executor.task' },
  },
  executor_task_retries_total: {
    type: 'counter',
    help: 'Executor task attempts beyond the first (retries after a failed attempt).',
    unit: 'count',
    labels: [...host, 'task_kind'],
    source: 'executor',
    simulation: { span: 'executor.task' },
  },
  executor_tasks_total: {
    type: 'counter',
    help: 'Executor tasks finished, by task kind and final outcome.',
    unit: 'count',
    labels: [...host, 'task_kind', 'outcome'],
    source: 'executor',
    simulation: { span: 'executor.task' },
  },
  // Stage 2: LLM interactions (OpenTelemetry GenAI client metrics).
  gen_ai_client_token_usage: {
    type: 'histogram',
    help: 'Tokens used per GenAI operation, input and output counted separately (semantic convention gen_ai.client.token.usage, unit {token}).',
    unit: 'count',
    labels: ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_response_model', 'gen_ai_token_type'],
    buckets: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
    notes: 'Recorded only for operations that returned usage, so gen_ai_response_model is always set. server.address/server.port are not recorded (one gateway).',
    source: 'llm',
    simulation: { span: 'gen_ai.operation', series: tokenSeries },
    otel: { name: 'gen_ai.client.token.usage', unit: '{token}', attributes: genAiAttributes },
  },
  gen_ai_client_operation_duration_seconds: {
    type: 'histogram',
    help: 'Duration of one GenAI operation as the client saw it (semantic convention gen_ai.client.operation.duration).',
    unit: 'seconds',
    labels: ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_response_model', 'error_type'],
    optionalLabels: ['gen_ai_response_model', 'error_type'],
    buckets: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
    notes: 'error_type is set only when the operation failed, gen_ai_response_model only when it succeeded; error rate = count with error_type!="" over all.',
    source: 'llm',
    simulation: { span: 'gen_ai.operation', series: durationSeries },
    otel: { name: 'gen_ai.client.operation.duration', unit: 's', attributes: genAiAttributes },
  },
  // Stage 3: verification runners and ReviewBot.
  verification_runs_total: {
    type: 'counter',
    help: 'Verification runs per checker (verify.check spans), by verdict.',
    unit: 'count',
    labels: [...host, 'checker', 'verdict'],
    source: 'verification',
    simulation: { span: 'verify.check' },
  },
  verification_run_duration_seconds: {
    type: 'histogram',
    help: 'Duration of one verification run per checker (verify.check).',
    unit: 'seconds',
    labels: [...host, 'checker'],
    buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1200],
    source: 'verification',
    simulation: { span: 'verify.check' },
  },
  verification_findings_total: {
    type: 'counter',
    help: 'Findings reported by verification runs, by checker and severity.',
    unit: 'count',
    labels: [...host, 'checker', 'severity'],
    source: 'verification',
    simulation: { span: 'verify.check' },
  },
  reviewbot_review_score: {
    type: 'histogram',
    help: 'ReviewBot review scores (reviewbot.review spans), 0 (reject) to 1 (no remarks).',
    unit: 'ratio',
    labels: [...host],
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    source: 'verification',
    simulation: { span: 'reviewbot.review' },
  },
  reviewbot_feedback_total: {
    type: 'counter',
    help: 'Author feedback on ReviewBot reviews (reviewbot.feedback events).',
    unit: 'count',
    labels: [...host, 'feedback'],
    source: 'verification',
    simulation: { span: 'reviewbot.review' },
  },
  // Stage 3: compliance evidence.
  compliance_evidence_collected_total: {
    type: 'counter',
    help: 'Compliance evidence artefacts collected (evidence.collected events, each with a provenance id).',
    unit: 'count',
    labels: [...host, 'evidence_kind'],
    source: 'compliance',
    simulation: { span: 'compliance.evidence.collect' },
  },
  compliance_evidence_records: {
    type: 'gauge',
    help: 'Evidence artefacts recorded under one provenance id (one pipeline run\'s compliance record).',
    unit: 'count',
    labels: [...host, 'provenance_id'],
    notes: 'provenance_id is open-ended: emitters keep only the newest ids as series (the full history is in the evidence.collected log lines).',
    source: 'compliance',
    simulation: { span: 'compliance.evidence.collect', rotate: { label: 'provenance_id', every: 1, keep: 10 } },
  },
} as const satisfies Record<string, MetricDef>;
