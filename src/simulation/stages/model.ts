/**
 * Pure, seeded model of the playbook's stage 2 and 3 services around one pipeline run: the
 * planner's request (retrieval embeddings and chat calls), the executor tasks that run the
 * pipeline stages (queue wait, attempts, retries), the verification runners (Frama-C, CBMC, a
 * fuzzer, ReviewBot with its LLM call and the author's feedback) and the compliance evidence
 * collected under one provenance id. Every value comes from catalogue value sets; `runner.ts`
 * turns a plan into spans, metrics and logs.
 */
import { genAiErrorTypes, genAiModels, labels, type GenAiModelEntry, type GenAiOperation } from '../../catalogue';
import { createRng } from '../../instrumentation/rng';

type Values<L extends keyof typeof labels> = (typeof labels)[L]['values'][number];
export type TaskKind = Values<'task_kind'>;
export type Outcome = Values<'outcome'>;
export type Verdict = Values<'verdict'>;
export type Severity = Values<'severity'>;
export type Feedback = Values<'feedback'>;
export type EvidenceKind = Values<'evidence_kind'>;
export type GenAiErrorType = (typeof genAiErrorTypes)[number];

/** Versions of the datasets the services read; a new version appears every DATASET_RELEASE_RUNS runs. */
export const DATASET_RELEASE_RUNS = 500;

export interface LlmCall {
  readonly model: GenAiModelEntry;
  readonly operation: GenAiOperation;
  readonly seconds: number;
  readonly inputTokens: number;
  /** Absent for embeddings (no generated tokens) and for failed calls. */
  readonly outputTokens?: number;
  /** Set when the call failed (then no usage and no response model). */
  readonly errorType?: GenAiErrorType;
}

export interface PlannerPlan {
  readonly seconds: number;
  readonly outcome: Outcome;
  readonly chatModel: GenAiModelEntry;
  readonly datasetVersion: string;
  readonly calls: readonly LlmCall[];
}

export interface AttemptPlan {
  readonly seconds: number;
  /** Set on a failed attempt. */
  readonly errorCode?: string;
}

export interface TaskPlan {
  readonly kind: TaskKind;
  readonly queueSeconds: number;
  readonly attempts: readonly AttemptPlan[];
  readonly outcome: Outcome;
  /** Queue depth the executor reported when the task was dequeued. */
  readonly queueDepth: number;
}

export interface CheckPlan {
  readonly checker: 'frama-c' | 'cbmc' | 'fuzzer';
  readonly seconds: number;
  readonly verdict: Verdict;
  readonly findings: readonly Severity[];
}

export interface ReviewPlan {
  readonly seconds: number;
  readonly call: LlmCall;
  readonly score: number;
  readonly verdict: Verdict;
  readonly feedback: Feedback;
  readonly rubricVersion: string;
}

export interface EvidencePlan {
  readonly provenanceId: string;
  readonly kinds: readonly EvidenceKind[];
  readonly digests: readonly string[];
}

export interface StagePlan {
  readonly planner: PlannerPlan;
  readonly tasks: readonly TaskPlan[];
  /** Present when the run reached verification. */
  readonly checks?: readonly CheckPlan[];
  readonly review?: ReviewPlan;
  readonly fuzzSeedsVersion: string;
  readonly evidence?: EvidencePlan;
}

/** What the stage model needs to know about the pipeline run it accompanies. */
export interface RunShape {
  /** Task kinds the run executes, in order (lower, compile, then verify and package when reached). */
  readonly tasks: readonly { kind: TaskKind; seconds: number; failed: boolean }[];
  /** The run reached verification. */
  readonly verified: boolean;
  /** Verification blocked the artefact. */
  readonly blocked: boolean;
  /** The run produced a package (a build attestation is collected). */
  readonly packaged: boolean;
}

export interface StageOverrides {
  /** Forces a GenAI error type on the planner's chat call (warm-up touches every error type). */
  readonly llmError?: GenAiErrorType;
  readonly chatModel?: string;
  /** Forces one retry on every task (warm-up touches the retry counters). */
  readonly retry?: boolean;
  readonly plannerOutcome?: Outcome;
}

const chatModels = genAiModels.filter((m) => (m.operations as readonly string[]).includes('chat'));
const embeddingModel = genAiModels.find((m) => (m.operations as readonly string[]).includes('embeddings'))!;
const QUEUE_MEDIAN_SECONDS: Record<TaskKind, number> = { lower: 0.2, compile: 1.5, verify: 4, package: 0.8 };

export class StageModel {
  private readonly rand: () => number;
  private runs = 0;
  private provenanceSeq = 0;
  /** Queue depth per task kind: a bounded random walk. */
  private readonly depth = new Map<TaskKind, number>();

  constructor(seed: number) {
    this.rand = createRng(seed ^ 0x57a9e5);
    for (const kind of labels.task_kind.values) this.depth.set(kind, 2);
  }

  private chance(p: number): boolean {
    return this.rand() < p;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }

  private logNormal(median: number, sigma: number): number {
    const u1 = Math.max(this.rand(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * this.rand());
    return median * Math.exp(sigma * z);
  }

  private hex(chars: number): string {
    let out = '';
    while (out.length < chars) out += Math.floor(this.rand() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, chars);
  }

  /** Dataset versions advance with the run count, so a long simulation shows several versions. */
  private datasetVersion(major: number): string {
    return `v${major}.${Math.floor(this.runs / DATASET_RELEASE_RUNS)}.0`;
  }

  private llmCall(model: GenAiModelEntry, operation: GenAiOperation, forcedError?: GenAiErrorType): LlmCall {
    const embeddings = operation === 'embeddings';
    const inputTokens = Math.max(1, Math.round(this.logNormal(embeddings ? 300 : 2500, 0.6)));
    const errorType = forcedError ?? (this.chance(embeddings ? 0.005 : 0.03) ? this.pick(genAiErrorTypes) : undefined);
    if (errorType) {
      // Timeouts wait for the client deadline; rejected requests fail fast.
      const seconds = errorType === 'timeout' ? 30 + this.rand() * 10 : this.logNormal(0.15, 0.4);
      return { model, operation, seconds, inputTokens, errorType };
    }
    if (embeddings) return { model, operation, seconds: this.logNormal(0.08, 0.4), inputTokens };
    const outputTokens = Math.max(1, Math.round(this.logNormal(model.provider === 'anthropic' ? 700 : 500, 0.7)));
    return { model, operation, seconds: Math.min(this.logNormal(0.4 + outputTokens / 80, 0.3), 80), inputTokens, outputTokens };
  }

  nextStages(run: RunShape, overrides: StageOverrides = {}): StagePlan {
    this.runs++;
    const chatModel = (overrides.chatModel ? chatModels.find((m) => m.request === overrides.chatModel) : undefined) ?? this.pick(chatModels);
    const calls: LlmCall[] = [this.llmCall(embeddingModel, 'embeddings'), this.llmCall(chatModel, 'chat', overrides.llmError)];
    // A failed chat call is retried once by the planner; a second failure fails the request.
    if (calls[1]!.errorType) calls.push(this.llmCall(chatModel, 'chat'));
    const llmFailed = calls[calls.length - 1]!.errorType !== undefined;
    const plannerOutcome: Outcome =
      overrides.plannerOutcome ?? (llmFailed ? (calls[calls.length - 1]!.errorType === 'timeout' ? 'timeout' : 'failure') : this.chance(0.01) ? 'failure' : 'success');
    const planner: PlannerPlan = {
      seconds: calls.reduce((a, c) => a + c.seconds, 0) + this.logNormal(0.3, 0.4),
      outcome: plannerOutcome,
      chatModel,
      datasetVersion: this.datasetVersion(3),
      calls,
    };

    const tasks: TaskPlan[] = run.tasks.map(({ kind, seconds, failed }) => {
      const d = Math.max(0, Math.min(40, (this.depth.get(kind) ?? 0) + this.pick([-2, -1, 0, 0, 1, 2])));
      this.depth.set(kind, d);
      const attempts: AttemptPlan[] = [];
      // Infrastructure flakes (lost worker, preempted host) are retried up to twice; the stage's own failure is final.
      const flakes = overrides.retry ? 1 : this.chance(0.06) ? (this.chance(0.2) ? 2 : 1) : 0;
      for (let i = 0; i < flakes; i++) attempts.push({ seconds: seconds * this.rand(), errorCode: this.pick(['E0801', 'E0802']) });
      const timedOut = flakes === 0 && !failed && this.chance(0.004);
      attempts.push(failed ? { seconds, errorCode: 'E0800' } : timedOut ? { seconds: seconds * 2, errorCode: 'E0803' } : { seconds });
      return {
        kind,
        queueSeconds: this.logNormal(QUEUE_MEDIAN_SECONDS[kind] * (1 + d / 10), 0.7),
        attempts,
        outcome: failed ? 'failure' : timedOut ? 'timeout' : 'success',
        queueDepth: d,
      };
    });

    const fuzzSeedsVersion = this.datasetVersion(7);
    if (!run.verified) return { planner, tasks, fuzzSeedsVersion };

    const checks: CheckPlan[] = (['frama-c', 'cbmc', 'fuzzer'] as const).map((checker) => {
      const fail = run.blocked ? this.chance(0.6) : this.chance(0.02);
      const verdict: Verdict = fail ? 'fail' : this.chance(0.05) ? 'inconclusive' : 'pass';
      const findings: Severity[] = [];
      const count = fail ? 1 + Math.floor(this.rand() * 3) : this.chance(0.15) ? 1 : 0;
      for (let i = 0; i < count; i++) findings.push(fail ? this.pick(['medium', 'high', 'critical'] as const) : 'low');
      const median = checker === 'frama-c' ? 20 : checker === 'cbmc' ? 35 : 60;
      return { checker, seconds: this.logNormal(median, 0.5), verdict, findings };
    });
    const reviewCall = this.llmCall(chatModel, 'chat');
    const score = reviewCall.errorType ? 0 : Math.min(1, Math.max(0, (run.blocked ? 0.45 : 0.82) + (this.rand() - 0.5) * 0.3));
    const review: ReviewPlan = {
      seconds: reviewCall.seconds + this.logNormal(0.5, 0.3),
      call: reviewCall,
      score: Math.round(score * 1000) / 1000,
      verdict: reviewCall.errorType ? 'inconclusive' : score < 0.5 ? 'fail' : 'pass',
      feedback: score >= 0.75 ? (this.chance(0.8) ? 'accepted' : 'revised') : score >= 0.5 ? 'revised' : this.chance(0.5) ? 'rejected' : 'revised',
      rubricVersion: this.datasetVersion(2),
    };
    const kinds: EvidenceKind[] = ['verification-report', 'review-record', ...(run.packaged ? (['build-attestation'] as const) : [])];
    const evidence: EvidencePlan = {
      provenanceId: `prov-${(++this.provenanceSeq).toString(16).padStart(6, '0')}${this.hex(10)}`,
      kinds,
      digests: kinds.map(() => this.hex(64)),
    };
    return { planner, tasks, checks, review, fuzzSeedsVersion, evidence };
  }
}
