/**
 * The closed set of models the planner, executor and ReviewBot may call, following the
 * OpenTelemetry GenAI semantic conventions. Every model-related label value and span attribute
 * value derives from this table, so an unknown model name is a compile-time error and a
 * `TelemetryContractError` at run time, and label cardinality is bounded by its size.
 */

/** The semantic-conventions release whose GenAI attribute and metric names the catalogue follows. */
export const GENAI_SEMCONV_VERSION = '1.37.0';

export interface GenAiModel {
  /** `gen_ai.request.model`: the name a request asks for. */
  readonly request: string;
  /** `gen_ai.response.model`: the versioned model that answered. */
  readonly response: string;
  /** `gen_ai.provider.name` (a well-known value of the conventions). */
  readonly provider: string;
  /** `gen_ai.operation.name` values this model serves. */
  readonly operations: readonly string[];
}

export const genAiModels = [
  { request: 'gpt-4o', response: 'gpt-4o-2024-08-06', provider: 'openai', operations: ['chat'] },
  { request: 'claude-sonnet-4', response: 'claude-sonnet-4-20250514', provider: 'anthropic', operations: ['chat'] },
  { request: 'text-embedding-3-small', response: 'text-embedding-3-small', provider: 'openai', operations: ['embeddings'] },
] as const satisfies readonly GenAiModel[];

/** One row of the model table, with its literal names. */
export type GenAiModelEntry = (typeof genAiModels)[number];
export type GenAiRequestModel = GenAiModelEntry['request'];
export type GenAiResponseModel = (typeof genAiModels)[number]['response'];
export type GenAiProvider = (typeof genAiModels)[number]['provider'];
export type GenAiOperation = (typeof genAiModels)[number]['operations'][number];

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

export const genAiRequestModels = unique(genAiModels.map((m) => m.request)) as GenAiRequestModel[];
export const genAiResponseModels = unique(genAiModels.map((m) => m.response)) as GenAiResponseModel[];
export const genAiProviders = unique(genAiModels.map((m) => m.provider)) as GenAiProvider[];
export const genAiOperations = unique(genAiModels.flatMap((m) => [...m.operations])) as GenAiOperation[];
/** `error.type` values of failed GenAI operations; `_OTHER` is the conventions' fallback. */
export const genAiErrorTypes = ['timeout', 'rate_limit_exceeded', '_OTHER'] as const;

export function genAiModel(request: string): GenAiModel | undefined {
  return genAiModels.find((m) => m.request === request);
}
