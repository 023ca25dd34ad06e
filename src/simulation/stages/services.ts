/**
 * The stage 2 and 3 services, played inside the pipeline's spans (see PlayExtension in
 * play.ts): the planner's request with its GenAI calls inside plan.compile_graph, an executor
 * task (queue wait, attempts, retries) inside every stage it runs, the verification runners,
 * ReviewBot and the compliance evidence inside verify.run, and the build attestation inside
 * distribute.package. One provenance id per run covers every artefact of that run: on the
 * compliance.evidence.collect span, its evidence.collected line and the artefact record.
 */
import { labels, type SpanName } from '../../catalogue';
import { collectEvidence, type EvidenceRecord, type Telemetry } from '../../instrumentation';
import type { PlayExtension, RunInput, SpanRun } from '../play';
import { StageModel, type EvidenceKind, type GenAiErrorType, type LlmCall, type PlannerPlan, type StageOverrides, type TaskKind } from './model';

const severities = labels.severity.values;

/** Provenance ids kept as compliance_evidence_records series per host; older ones are removed. */
export const PROVENANCE_IDS_KEPT = 10;

const TASK_OF: Partial<Record<SpanName, TaskKind>> = {
  'codegen.lower': 'lower',
  'compile.execute': 'compile',
  'verify.run': 'verify',
  'distribute.package': 'package',
};

interface Slot {
  readonly startTime: number;
  readonly endTime: number;
}

interface RunState {
  readonly run: RunInput;
  planner?: PlannerPlan;
  provenanceId?: string;
}

export class StageServices implements PlayExtension {
  readonly model: StageModel;
  /** Artefact records of the current run (the probe compares them with spans and log lines). */
  evidence: EvidenceRecord[] = [];
  /** Overrides for the next run only (warm-up). */
  next: Omit<StageOverrides, 'forced'> = {};
  private current: RunState | undefined;
  private nextOverrides: Omit<StageOverrides, 'forced'> = {};
  private readonly provenanceWindows = new Map<string, string[]>();

  constructor(
    private readonly t: Telemetry,
    seed: number,
  ) {
    this.model = new StageModel(seed);
  }

  private state(run: RunInput): RunState {
    if (this.current?.run !== run) {
      this.current = { run };
      this.evidence = [];
      this.nextOverrides = this.next;
      this.next = {};
    }
    return this.current;
  }

  inSpan(exec: SpanRun, run: RunInput, slot: Slot): void {
    const state = this.state(run);
    const overrides: StageOverrides = { ...this.nextOverrides, forced: run.forced ?? false };
    const failed = exec.error !== undefined;
    if (exec.name === 'plan.compile_graph') state.planner = this.plannerRequest(run, slot.startTime, overrides);
    const kind = TASK_OF[exec.name];
    if (kind) this.executorTask(run, kind, slot, exec.seconds, failed, overrides);
    if (exec.name === 'verify.run') {
      this.verification(run, state, slot, failed, overrides);
      this.collect(run, state, ['verification-report', 'review-record'], slot.endTime);
    }
    if (exec.name === 'distribute.package') this.collect(run, state, ['build-attestation'], slot.endTime);
  }

  /** Overrides a warm-up run uses to reach every GenAI error type and the retry path. */
  steer(llmError: GenAiErrorType | undefined, retry: boolean): void {
    this.next = { ...(llmError ? { llmError } : {}), ...(retry ? { retry } : {}) };
  }

  private host(run: RunInput) {
    return { environment: run.host.environment, host_region: run.host.host_region };
  }

  private llmCall(call: LlmCall, startTime: number): number {
    const t = this.t;
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
        span.setAttribute('gen_ai.response.model', model.response);
        span.setAttribute('gen_ai.usage.input_tokens', call.inputTokens);
        const answered = { ...labels, gen_ai_response_model: model.response };
        t.recordMetric('gen_ai_client_operation_duration_seconds', answered, call.seconds);
        t.recordMetric('gen_ai_client_token_usage', { ...answered, gen_ai_token_type: 'input' }, call.inputTokens);
        if (call.outputTokens !== undefined) {
          span.setAttribute('gen_ai.usage.output_tokens', call.outputTokens);
          t.recordMetric('gen_ai_client_token_usage', { ...answered, gen_ai_token_type: 'output' }, call.outputTokens);
        }
      },
      { startTime, endTime },
    );
    return endTime;
  }

  private plannerRequest(run: RunInput, startTime: number, overrides: StageOverrides): PlannerPlan {
    const t = this.t;
    const plan = this.model.planner(overrides);
    const host = this.host(run);
    t.instrumentSpan(
      'planner.request',
      { 'host.kind': host.environment, 'gen_ai.request.model': plan.chatModel.request, 'dataset.name': 'spec-corpus', 'dataset.version': plan.datasetVersion },
      (span) => {
        let cursor = startTime;
        for (const call of plan.calls) cursor = this.llmCall(call, cursor);
        if (plan.outcome === 'success') span.setAttribute('gen_ai.response.model', plan.chatModel.response);
        else span.fail(plan.outcome === 'timeout' ? 'E0701' : 'E0702', `plan request ${plan.outcome}`);
        t.recordMetric('planner_requests_total', { ...host, outcome: plan.outcome }, 1);
        t.recordMetric('planner_request_duration_seconds', host, plan.seconds);
      },
      { startTime, endTime: startTime + plan.seconds * 1000 },
    );
    return plan;
  }

  private executorTask(run: RunInput, kind: TaskKind, slot: Slot, seconds: number, failed: boolean, overrides: StageOverrides): void {
    const t = this.t;
    const task = this.model.task(kind, seconds, failed, overrides);
    const host = this.host(run);
    const labels = { ...host, task_kind: kind };
    const executionSeconds = task.attempts.reduce((a, x) => a + x.seconds, 0);
    const queueEnd = slot.startTime + task.queueSeconds * 1000;
    t.instrumentSpan(
      'executor.task',
      { 'executor.task.kind': kind, 'backend.name': run.backend, 'host.kind': host.environment, 'executor.task.attempts': task.attempts.length },
      (span) => {
        t.instrumentSpan('executor.queue_wait', { 'executor.task.kind': kind }, () => undefined, { startTime: slot.startTime, endTime: queueEnd });
        let cursor = queueEnd;
        task.attempts.forEach((attempt, n) => {
          const attemptSlot = { startTime: cursor, endTime: cursor + attempt.seconds * 1000 };
          cursor = attemptSlot.endTime;
          t.instrumentSpan(
            'executor.attempt',
            { 'executor.task.kind': kind, 'executor.attempt.number': n + 1 },
            (attemptSpan) => {
              if (!attempt.errorCode) return;
              attemptSpan.fail(attempt.errorCode, `attempt ${n + 1} failed`);
              if (n + 1 < task.attempts.length) {
                t.logEvent('executor.retry', { ...host, backend: run.backend, level: 'warn', task_kind: kind, attempt: n + 1, error_code: attempt.errorCode }, { time: attemptSlot.endTime });
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
      { startTime: slot.startTime, endTime: queueEnd + executionSeconds * 1000 },
    );
  }

  private verification(run: RunInput, state: RunState, slot: Slot, blocked: boolean, overrides: StageOverrides): void {
    const t = this.t;
    const host = this.host(run);
    const common = { 'backend.name': run.backend, 'clause.id': run.clauseId, 'host.kind': host.environment } as const;
    // The runners work side by side from the start of verification.
    for (const check of this.model.checks(blocked)) {
      const checkSlot = { startTime: slot.startTime, endTime: slot.startTime + check.seconds * 1000 };
      const mark = (span: { setAttribute(key: 'verify.verdict' | 'verify.findings', value: never): void; fail(code: string, message?: string): void }): void => {
        span.setAttribute('verify.verdict', check.verdict as never);
        span.setAttribute('verify.findings', check.findings.length as never);
        if (check.verdict === 'fail') span.fail('V1000', `${check.checker}: ${check.findings.length} finding(s)`);
        t.recordMetric('verification_runs_total', { ...host, checker: check.checker, verdict: check.verdict }, 1);
        t.recordMetric('verification_run_duration_seconds', { ...host, checker: check.checker }, check.seconds);
        // Every severity is counted, zero included, so a clean run still reports (rates start from zero).
        for (const severity of severities) {
          t.recordMetric('verification_findings_total', { ...host, checker: check.checker, severity }, check.findings.filter((f) => f === severity).length);
        }
      };
      if (check.checker === 'fuzzer') t.instrumentSpan('verify.fuzz', { ...common, 'dataset.name': 'fuzz-seeds', 'dataset.version': this.model.fuzzSeedsVersion() }, mark, checkSlot);
      else t.instrumentSpan('verify.check', { ...common, 'verify.checker': check.checker }, mark, checkSlot);
    }

    const chat = (state.planner ?? this.model.planner({ forced: true })).chatModel;
    const review = this.model.review(chat, blocked, overrides);
    const reviewSlot = { startTime: slot.startTime, endTime: slot.startTime + review.seconds * 1000 };
    t.instrumentSpan(
      'reviewbot.review',
      { ...common, 'gen_ai.request.model': chat.request, 'dataset.name': 'review-rubric', 'dataset.version': review.rubricVersion },
      (span) => {
        this.llmCall(review.call, reviewSlot.startTime);
        if (!review.call.errorType) span.setAttribute('gen_ai.response.model', chat.response);
        span.setAttribute('reviewbot.score', review.score);
        span.setAttribute('verify.verdict', review.verdict);
        t.recordMetric('verification_runs_total', { ...host, checker: 'reviewbot', verdict: review.verdict }, 1);
        t.recordMetric('verification_run_duration_seconds', { ...host, checker: 'reviewbot' }, review.seconds);
        for (const severity of severities) {
          t.recordMetric('verification_findings_total', { ...host, checker: 'reviewbot', severity }, review.verdict === 'fail' && severity === 'medium' ? 1 : 0);
        }
        t.recordMetric('reviewbot_review_score', host, review.score);
        t.logEvent(
          'reviewbot.feedback',
          { ...host, backend: run.backend, clause_id: run.clauseId, score: review.score, feedback: review.feedback, gen_ai_request_model: chat.request },
          { time: reviewSlot.endTime },
        );
        t.recordMetric('reviewbot_feedback_total', { ...host, feedback: review.feedback }, 1);
      },
      reviewSlot,
    );
  }

  /** Stores artefacts under the run's provenance id (drawn at its first artefact) and keeps the newest ids as series. */
  private collect(run: RunInput, state: RunState, kinds: readonly EvidenceKind[], at: number): void {
    const t = this.t;
    const host = this.host(run);
    const fresh = state.provenanceId === undefined;
    const provenanceId = (state.provenanceId ??= this.model.provenanceId());
    kinds.forEach((kind, i) => {
      const time = at + i;
      this.evidence.push(
        collectEvidence(
          t,
          { 'backend.name': run.backend, 'clause.id': run.clauseId, 'host.kind': host.environment, 'provenance.id': provenanceId, 'evidence.kind': kind },
          { ...host, artefact_digest: this.model.digest() },
          { startTime: time - 50, endTime: time },
        ),
      );
    });
    t.recordMetric('compliance_evidence_records', { ...host, provenance_id: provenanceId }, this.evidence.length);
    if (!fresh) return;
    const key = `${host.environment}/${host.host_region}`;
    const window = this.provenanceWindows.get(key) ?? [];
    window.push(provenanceId);
    this.provenanceWindows.set(key, window);
    if (window.length > PROVENANCE_IDS_KEPT) t.metrics.removeSeries('compliance_evidence_records', { ...host, provenance_id: window.shift()! });
  }
}
