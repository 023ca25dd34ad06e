/**
 * Spans and span attributes of playbook stages 2 and 3, merged into the span catalogue
 * (spans.ts). GenAI attributes use the OpenTelemetry semantic-convention names (see genai.ts for
 * the version); the conventions define nothing for datasets, so `dataset.name`/`dataset.version`
 * are this catalogue's own. Every span that uses a model carries `gen_ai.request.model` (and
 * `gen_ai.response.model` once answered); every span that uses a dataset carries both dataset
 * attributes. Compliance artefact spans (`artefact: true`) require `provenance.id`.
 *
 * Their simulation is planned by src/simulation/stages, inside the pipeline span named as
 * `parent` (the first one for executor tasks, which run inside every stage, and GenAI calls,
 * which ReviewBot makes too); `parent` is what tells the probe which outcome reaches them.
 */
import type { AttributeDef, SpanDef } from './spans';
import { genAiErrorTypes, genAiOperations, genAiProviders, genAiRequestModels, genAiResponseModels } from './genai';
import { stageLabels, PROVENANCE_ID_PATTERN } from './stage-labels';

/** Services that emit spans; each has its own `service.name` resource attribute. */
export const services = ['compile-pipeline', 'planner', 'executor', 'verification-runner', 'evidence-collector'] as const;
export type ServiceName = (typeof services)[number];

export const stageSpanAttributes = {
  'executor.task.kind': { type: 'string', description: 'Kind of executor task (the pipeline stage it runs).', values: stageLabels.task_kind.values },
  'executor.task.attempts': { type: 'int', description: 'Attempts the task took (1 = no retry).' },
  'executor.attempt.number': { type: 'int', description: 'Attempt number of this execution, from 1.' },
  'gen_ai.operation.name': { type: 'string', description: 'GenAI operation (semantic convention).', values: genAiOperations },
  'gen_ai.provider.name': { type: 'string', description: 'GenAI provider (semantic convention).', values: genAiProviders },
  'gen_ai.request.model': { type: 'string', description: 'Model the request asks for (semantic convention); the model in use on non-GenAI spans too.', values: genAiRequestModels },
  'gen_ai.response.model': { type: 'string', description: 'Versioned model that answered (semantic convention): the model version.', values: genAiResponseModels },
  'gen_ai.usage.input_tokens': { type: 'int', description: 'Tokens in the prompt (semantic convention).' },
  'gen_ai.usage.output_tokens': { type: 'int', description: 'Tokens in the response (semantic convention).' },
  'error.type': { type: 'string', description: 'Class of error a GenAI operation ended with (semantic convention).', values: genAiErrorTypes },
  'dataset.name': { type: 'string', description: 'Dataset the span reads: planning corpus, fuzzing seeds or review rubric.', values: ['spec-corpus', 'fuzz-seeds', 'review-rubric'] },
  'dataset.version': { type: 'string', description: 'Version of that dataset.', pattern: '^v[0-9]+\\.[0-9]+\\.[0-9]+$' },
  'verify.checker': { type: 'string', description: 'Formal checker of a verify.check run.', values: ['frama-c', 'cbmc'] },
  'verify.verdict': { type: 'string', description: 'Verdict of the run.', values: stageLabels.verdict.values },
  'verify.findings': { type: 'int', description: 'Findings the run reported.' },
  'reviewbot.score': { type: 'double', description: 'ReviewBot score, 0 to 1.' },
  'provenance.id': { type: 'string', description: 'Provenance id linking a compliance artefact to the span that produced it.', pattern: PROVENANCE_ID_PATTERN },
  'evidence.kind': { type: 'string', description: 'Kind of compliance evidence.', values: stageLabels.evidence_kind.values },
  'evidence.digest': { type: 'string', description: 'sha256 of the stored artefact.', pattern: '^[0-9a-f]{64}$' },
} as const satisfies Record<string, AttributeDef>;

export const stageSpans = {
  'planner.request': {
    description: 'Planner service answering one plan request: retrieval, LLM calls and execution-graph compilation.',
    service: 'planner',
    kind: 'server',
    required: ['host.kind', 'gen_ai.request.model', 'dataset.name', 'dataset.version'],
    optional: ['gen_ai.response.model', 'error.code'],
    simulation: { planned: true, parent: 'plan.compile_graph' },
  },
  'gen_ai.operation': {
    description: 'One GenAI client call (chat or embeddings), emitted under the calling service.',
    kind: 'client',
    nameTemplate: '{gen_ai.operation.name} {gen_ai.request.model}',
    required: ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model'],
    optional: ['gen_ai.response.model', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'error.type', 'error.code'],
    simulation: { planned: true, parent: 'planner.request' },
  },
  'executor.task': {
    description: 'Executor service running one task of a plan: queue wait, then one or more attempts.',
    service: 'executor',
    kind: 'consumer',
    required: ['executor.task.kind', 'backend.name', 'host.kind'],
    optional: ['executor.task.attempts', 'error.code'],
    simulation: { planned: true, parent: 'codegen.lower' },
  },
  'executor.queue_wait': {
    description: 'Time an executor task spent queued before its first attempt.',
    service: 'executor',
    required: ['executor.task.kind'],
    optional: ['error.code'],
    simulation: { planned: true, parent: 'executor.task' },
  },
  'executor.attempt': {
    description: 'One execution attempt of an executor task; a failed attempt is retried.',
    service: 'executor',
    required: ['executor.task.kind', 'executor.attempt.number'],
    optional: ['error.code'],
    simulation: { planned: true, parent: 'executor.task' },
  },
  'verify.check': {
    description: 'One formal verification run (Frama-C or CBMC) on an artefact.',
    service: 'verification-runner',
    required: ['verify.checker', 'backend.name', 'clause.id', 'host.kind'],
    optional: ['verify.verdict', 'verify.findings', 'error.code'],
    simulation: { planned: true, parent: 'verify.run' },
  },
  'verify.fuzz': {
    description: 'One fuzzing campaign on an artefact, seeded from a versioned corpus.',
    service: 'verification-runner',
    required: ['backend.name', 'clause.id', 'host.kind', 'dataset.name', 'dataset.version'],
    optional: ['verify.verdict', 'verify.findings', 'error.code'],
    simulation: { planned: true, parent: 'verify.run' },
  },
  'reviewbot.review': {
    description: 'ReviewBot scoring an artefact against a versioned rubric with an LLM.',
    service: 'verification-runner',
    required: ['backend.name', 'clause.id', 'host.kind', 'gen_ai.request.model', 'dataset.name', 'dataset.version'],
    optional: ['gen_ai.response.model', 'reviewbot.score', 'verify.verdict', 'error.code'],
    simulation: { planned: true, parent: 'verify.run' },
  },
  'compliance.evidence.collect': {
    description: 'Evidence collector storing one compliance artefact; its provenance.id is the artefact record\'s and its evidence.collected log line\'s.',
    service: 'evidence-collector',
    artefact: true,
    required: ['provenance.id', 'evidence.kind', 'backend.name', 'clause.id', 'host.kind'],
    optional: ['evidence.digest', 'error.code'],
    simulation: { planned: true, parent: 'verify.run' },
  },
} as const satisfies Record<string, SpanDef>;
