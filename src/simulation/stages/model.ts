/**
 * Pure, seeded model of the playbook's stage 2 and 3 services around one pipeline run: the
 * planner's request (retrieval embeddings and chat calls), the executor tasks that run the
 * pipeline stages (queue wait, attempts, retries), the verification runners (Frama-C, CBMC, a
 * fuzzer, ReviewBot with its LLM call and the author's feedback) and the compliance evidence
 * collected under one provenance id. Every value comes from catalogue value sets;
 * `services.ts` plays the plans through the instrumentation inside the pipeline's spans.
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

export interface StageOverrides {
  /** Forced outcome (probe, warm-up): no random GenAI errors, flakes or timeouts. */
  readonly forced?: boolean;
  /** Forces a GenAI error type on the planner's first chat call (warm-up touches every error type). */
  readonly llmError?: GenAiErrorType;
  /** Forces one retry of the task (warm-up touches the retry path). */
  readonly retry?: boolean;
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

  private llmCall(model: GenAiModelEntry, operation: GenAiOperation, forcedError: GenAiErrorType | undefined, random: boolean): LlmCall {
    const embeddings = operation === 'embeddings';
    const inputTokens = Math.max(1, Math.round(this.logNormal(embeddings ? 300 : 2500, 0.6)));
    const errorType = forcedError ?? (random && this.chance(embeddings ? 0.005 : 0.03) ? this.pick(genAiErrorTypes) : undefined);
    if (errorType) {
      // Timeouts wait for the client deadline; rejected requests fail fast.
      const seconds = errorType === 'timeout' ? 30 + this.rand() * 10 : this.logNormal(0.15, 0.4);
      return { model, operation, seconds, inputTokens, errorType };
    }
    if (embeddings) return { model, operation, seconds: this.logNormal(0.08, 0.4), inputTokens };
    const outputTokens = Math.max(1, Math.round(this.logNormal(model.provider === 'anthropic' ? 700 : 500, 0.7)));
    return { model, operation, seconds: Math.min(this.logNormal(0.4 + outputTokens / 80, 0.3), 80), inputTokens, outputTokens };
  }

  /** The planner's request for one run: retrieval embeddings, then a chat call (retried once on failure). */
  planner(overrides: StageOverrides = {}): PlannerPlan {
    this.runs++;
    const random = !overrides.forced;
    const chatModel = this.pick(chatModels);
    const calls: LlmCall[] = [this.llmCall(embeddingModel, 'embeddings', undefined, random), this.llmCall(chatModel, 'chat', overrides.llmError, random)];
    if (calls[1]!.errorType) calls.push(this.llmCall(chatModel, 'chat', undefined, random));
    const last = calls[calls.length - 1]!;
    const outcome: Outcome = last.errorType ? (last.errorType === 'timeout' ? 'timeout' : 'failure') : random && this.chance(0.01) ? 'failure' : 'success';
    return { seconds: calls.reduce((a, c) => a + c.seconds, 0) + this.logNormal(0.3, 0.4), outcome, chatModel, datasetVersion: this.datasetVersion(3), calls };
  }

  /** One executor task running a pipeline stage of `seconds`; `failed`: the stage itself failed (final, no retry). */
  task(kind: TaskKind, seconds: number, failed: boolean, overrides: StageOverrides = {}): TaskPlan {
    const random = !overrides.forced;
    const depth = Math.max(0, Math.min(40, (this.depth.get(kind) ?? 0) + this.pick([-2, -1, 0, 0, 1, 2])));
    this.depth.set(kind, depth);
    const attempts: AttemptPlan[] = [];
    // Infrastructure flakes (lost worker, preempted host) are retried up to twice; the stage's own failure is final.
    const flakes = overrides.retry ? 1 : random && this.chance(0.06) ? (this.chance(0.2) ? 2 : 1) : 0;
    for (let i = 0; i < flakes; i++) attempts.push({ seconds: seconds * this.rand(), errorCode: this.pick(['E0801', 'E0802']) });
    const timedOut = random && flakes === 0 && !failed && this.chance(0.004);
    attempts.push(failed ? { seconds, errorCode: 'E0800' } : timedOut ? { seconds: seconds * 2, errorCode: 'E0803' } : { seconds });
    return {
      kind,
      queueSeconds: this.logNormal(QUEUE_MEDIAN_SECONDS[kind] * (1 + depth / 10), 0.7),
      attempts,
      outcome: failed ? 'failure' : timedOut ? 'timeout' : 'success',
      queueDepth: depth,
    };
  }

  /** Frama-C, CBMC and the fuzzer on one artefact; most fail when verification blocks it. */
  checks(blocked: boolean): CheckPlan[] {
    return (['frama-c', 'cbmc', 'fuzzer'] as const).map((checker) => {
      const fail = blocked ? this.chance(0.6) : this.chance(0.02);
      const verdict: Verdict = fail ? 'fail' : this.chance(0.05) ? 'inconclusive' : 'pass';
      const findings: Severity[] = [];
      const count = fail ? 1 + Math.floor(this.rand() * 3) : this.chance(0.15) ? 1 : 0;
      for (let i = 0; i < count; i++) findings.push(fail ? this.pick(['medium', 'high', 'critical'] as const) : 'low');
      const median = checker === 'frama-c' ? 20 : checker === 'cbmc' ? 35 : 60;
      return { checker, seconds: this.logNormal(median, 0.5), verdict, findings };
    });
  }

  /** ReviewBot scoring the artefact with the run's chat model, and what the author did with it. */
  review(chatModel: GenAiModelEntry, blocked: boolean, overrides: StageOverrides = {}): ReviewPlan {
    const call = this.llmCall(chatModel, 'chat', undefined, !overrides.forced);
    const score = call.errorType ? 0 : Math.min(1, Math.max(0, (blocked ? 0.45 : 0.82) + (this.rand() - 0.5) * 0.3));
    const feedback: Feedback = score >= 0.75 ? (this.chance(0.8) ? 'accepted' : 'revised') : score >= 0.5 ? 'revised' : this.chance(0.5) ? 'rejected' : 'revised';
    return {
      seconds: call.seconds + this.logNormal(0.5, 0.3),
      call,
      score: Math.round(score * 1000) / 1000,
      verdict: call.errorType ? 'inconclusive' : score < 0.5 ? 'fail' : 'pass',
      feedback,
      rubricVersion: this.datasetVersion(2),
    };
  }

  fuzzSeedsVersion(): string {
    return this.datasetVersion(7);
  }

  /** A fresh provenance id: a sequence number (unique per emitter) and random bits. */
  provenanceId(): string {
    return `prov-${(++this.provenanceSeq).toString(16).padStart(6, '0')}${this.hex(10)}`;
  }

  digest(): string {
    return this.hex(64);
  }
}
