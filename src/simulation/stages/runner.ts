/**
 * Executes a StagePlan through the instrumentation: planner.request with its GenAI calls,
 * executor.task / executor.queue_wait / executor.attempt per pipeline stage, verify.check,
 * verify.fuzz and reviewbot.review (with its GenAI call) per verification, and one provenance id
 * per verified run for every compliance artefact (span, evidence.collected line and record
 * alike). Spans nest under whatever span is active when it is called, and are backdated to the
 * run's timeline.
 */
import { collectEvidence, type EvidenceRecord, type Telemetry } from '../../instrumentation';
import type { LlmCall, StagePlan, TaskKind } from './model';

export interface StageHost {
  readonly environment: 'online' | 'offline';
  readonly host_region: string;
}

/** Epoch-ms slots of the pipeline run the stages accompany. */
export interface StageTimeline {
  readonly planner: { startTime: number; endTime: number };
  readonly tasks: readonly { kind: TaskKind; startTime: number; endTime: number }[];
  readonly verify?: { startTime: number; endTime: number };
}

export interface StageRunContext {
  readonly host: StageHost;
  readonly backend: string;
  readonly clauseId: string;
}

/** Provenance ids kept as series of compliance_evidence_records per host (older ones are removed). */
export const PROVENANCE_IDS_KEPT = 10;

/** Emitter state that outlives one run: the newest provenance ids per host. */
export class StageState {
  private readonly provenance = new Map<string, string[]>();

  /** Records a provenance id; returns the id that fell out of the window, if any. */
  keep(host: StageHost, provenanceId: string): string | undefined {
    const key = `${host.environment}/${host.host_region}`;
    const ids = this.provenance.get(key) ?? [];
    ids.push(provenanceId);
    this.provenance.set(key, ids);
    return ids.length > PROVENANCE_IDS_KEPT ? ids.shift() : undefined;
  }
}

export interface StageResult {
  readonly evidence: readonly EvidenceRecord[];
}

function recordLlmCall(t: Telemetry, call: LlmCall, startTime: number): number {
  const endTime = startTime + call.seconds * 1000;
  const model = call.model;
  const labels = { gen_ai_operation_name: call.operation, gen_ai_provider_name: model.provider, gen_ai_request_model: model.request };
  t.instrumentSpan(
    'gen_ai.operation',
    { 'gen_ai.operation.name': call.operation, 'gen_ai.provider.name': model.provider, 'gen_ai.request.model': model.request },
    (span) => {
      if (call.errorType) {
        span.setAttribute('error.type', call.errorType);
        span.fail('E0700', `GenAI ${call.operation} failed: ${call.errorType}`);
        t.recordMetric('gen_ai_client_operation_duration_seconds', { ...labels, error_type: call.errorType }, call.seconds);
        return;
      }
      const response = model.response;
      span.setAttribute('gen_ai.response.model', response);
      span.setAttribute('gen_ai.usage.input_tokens', call.inputTokens);
      t.recordMetric('gen_ai_client_operation_duration_seconds', { ...labels, gen_ai_response_model: response }, call.seconds);
      t.recordMetric('gen_ai_client_token_usage', { ...labels, gen_ai_response_model: response, gen_ai_token_type: 'input' }, call.inputTokens);
      if (call.outputTokens !== undefined) {
        span.setAttribute('gen_ai.usage.output_tokens', call.outputTokens);
        t.recordMetric('gen_ai_client_token_usage', { ...labels, gen_ai_response_model: response, gen_ai_token_type: 'output' }, call.outputTokens);
      }
    },
    { startTime, endTime },
  );
  return endTime;
}

export function executeStages(t: Telemetry, ctx: StageRunContext, timeline: StageTimeline, plan: StagePlan, state: StageState): StageResult {
  const { host, backend, clauseId } = ctx;
  const hostKind = host.environment;
  const chat = plan.planner.chatModel;

  // Planner: one request per run, its GenAI calls in sequence inside it.
  const planner = plan.planner;
  const plannerSlot = { startTime: timeline.planner.startTime, endTime: timeline.planner.startTime + planner.seconds * 1000 };
  t.instrumentSpan(
    'planner.request',
    { 'host.kind': hostKind, 'gen_ai.request.model': chat.request, 'dataset.name': 'spec-corpus', 'dataset.version': planner.datasetVersion },
    (span) => {
      let cursor = plannerSlot.startTime;
      for (const call of planner.calls) cursor = recordLlmCall(t, call, cursor);
      if (planner.outcome === 'success') span.setAttribute('gen_ai.response.model', chat.response);
      else span.fail(planner.outcome === 'timeout' ? 'E0701' : 'E0702', `plan request ${planner.outcome}`);
      t.recordMetric('planner_requests_total', { ...host, outcome: planner.outcome }, 1);
      t.recordMetric('planner_request_duration_seconds', { ...host }, planner.seconds);
    },
    plannerSlot,
  );

  // Executor: one task per pipeline stage the run reached.
  plan.tasks.forEach((task, i) => {
    const slot = timeline.tasks[i] ?? timeline.tasks[timeline.tasks.length - 1]!;
    const queueStart = slot.startTime - task.queueSeconds * 1000;
    const executionSeconds = task.attempts.reduce((a, x) => a + x.seconds, 0);
    const taskEnd = slot.startTime + executionSeconds * 1000;
    const labels = { ...host, task_kind: task.kind };
    t.instrumentSpan(
      'executor.task',
      { 'executor.task.kind': task.kind, 'backend.name': backend, 'host.kind': hostKind, 'executor.task.attempts': task.attempts.length },
      (span) => {
        t.instrumentSpan('executor.queue_wait', { 'executor.task.kind': task.kind }, () => undefined, { startTime: queueStart, endTime: slot.startTime });
        let cursor = slot.startTime;
        task.attempts.forEach((attempt, n) => {
          const attemptSlot = { startTime: cursor, endTime: cursor + attempt.seconds * 1000 };
          cursor = attemptSlot.endTime;
          t.instrumentSpan(
            'executor.attempt',
            { 'executor.task.kind': task.kind, 'executor.attempt.number': n + 1 },
            (attemptSpan) => {
              if (!attempt.errorCode) return;
              attemptSpan.fail(attempt.errorCode, `attempt ${n + 1} failed`);
              if (n + 1 < task.attempts.length) {
                t.logEvent('executor.retry', { ...host, backend, level: 'warn', task_kind: task.kind, attempt: n + 1, error_code: attempt.errorCode }, { time: attemptSlot.endTime });
              }
            },
            attemptSlot,
          );
        });
        if (task.outcome !== 'success') span.fail(task.attempts[task.attempts.length - 1]!.errorCode ?? 'E0800', `task ${task.outcome}`);
        t.recordMetric('executor_queue_depth', labels, task.queueDepth);
        t.recordMetric('executor_queue_wait_seconds', labels, task.queueSeconds);
        t.recordMetric('executor_task_duration_seconds', labels, executionSeconds);
        t.recordMetric('executor_task_retries_total', labels, task.attempts.length - 1);
        t.recordMetric('executor_tasks_total', { ...labels, outcome: task.outcome }, 1);
      },
      { startTime: queueStart, endTime: taskEnd },
    );
  });

  if (!plan.checks || !plan.review || !timeline.verify) return { evidence: [] };
  const verify = timeline.verify;
  const common = { 'backend.name': backend, 'clause.id': clauseId, 'host.kind': hostKind } as const;

  // Verification runners run side by side inside the verification slot.
  for (const check of plan.checks) {
    const slot = { startTime: verify.startTime, endTime: verify.startTime + check.seconds * 1000 };
    const body = (span: { setAttribute(k: 'verify.verdict' | 'verify.findings', v: never): void; fail(code: string, message?: string): void }): void => {
      span.setAttribute('verify.verdict', check.verdict as never);
      span.setAttribute('verify.findings', check.findings.length as never);
      if (check.verdict === 'fail') span.fail('V1000', `${check.checker}: ${check.findings.length} finding(s)`);
      t.recordMetric('verification_runs_total', { ...host, checker: check.checker, verdict: check.verdict }, 1);
      t.recordMetric('verification_run_duration_seconds', { ...host, checker: check.checker }, check.seconds);
      for (const severity of check.findings) t.recordMetric('verification_findings_total', { ...host, checker: check.checker, severity }, 1);
    };
    if (check.checker === 'fuzzer') t.instrumentSpan('verify.fuzz', { ...common, 'dataset.name': 'fuzz-seeds', 'dataset.version': plan.fuzzSeedsVersion }, body, slot);
    else t.instrumentSpan('verify.check', { ...common, 'verify.checker': check.checker }, body, slot);
  }

  const review = plan.review;
  const reviewSlot = { startTime: verify.startTime, endTime: verify.startTime + review.seconds * 1000 };
  t.instrumentSpan(
    'reviewbot.review',
    { ...common, 'gen_ai.request.model': chat.request, 'dataset.name': 'review-rubric', 'dataset.version': review.rubricVersion },
    (span) => {
      recordLlmCall(t, review.call, reviewSlot.startTime);
      if (!review.call.errorType) span.setAttribute('gen_ai.response.model', chat.response);
      span.setAttribute('reviewbot.score', review.score);
      span.setAttribute('verify.verdict', review.verdict);
      t.recordMetric('verification_runs_total', { ...host, checker: 'reviewbot', verdict: review.verdict }, 1);
      t.recordMetric('verification_run_duration_seconds', { ...host, checker: 'reviewbot' }, review.seconds);
      if (review.verdict === 'fail') t.recordMetric('verification_findings_total', { ...host, checker: 'reviewbot', severity: 'medium' }, 1);
      t.recordMetric('reviewbot_review_score', { ...host }, review.score);
      t.logEvent(
        'reviewbot.feedback',
        { ...host, backend, clause_id: clauseId, score: review.score, feedback: review.feedback, gen_ai_request_model: chat.request },
        { time: reviewSlot.endTime },
      );
      t.recordMetric('reviewbot_feedback_total', { ...host, feedback: review.feedback }, 1);
    },
    reviewSlot,
  );

  // Compliance evidence: every artefact of the run under one provenance id, collected as verification ends.
  const evidence = plan.evidence;
  if (!evidence) return { evidence: [] };
  const records = evidence.kinds.map((kind, i) => {
    const at = verify.endTime + i;
    return collectEvidence(
      t,
      { ...common, 'provenance.id': evidence.provenanceId, 'evidence.kind': kind },
      { ...host, artefact_digest: evidence.digests[i]! },
      { startTime: at - 50, endTime: at },
    );
  });
  t.recordMetric('compliance_evidence_records', { ...host, provenance_id: evidence.provenanceId }, records.length);
  const dropped = state.keep(host, evidence.provenanceId);
  if (dropped) t.metrics.removeSeries('compliance_evidence_records', { ...host, provenance_id: dropped });
  return { evidence: records };
}
