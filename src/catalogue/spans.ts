/** Trace spans of one pipeline run, in stage order, with their typed attributes. */
import type { SpanSimulation } from './simulation';
import { stageSpanAttributes, stageSpans, type ServiceName } from './stage-spans';

export { services, type ServiceName } from './stage-spans';

export interface AttributeDef {
  /** OpenTelemetry attribute value type: int and double are numbers (int: integral). */
  readonly type: 'string' | 'boolean' | 'int' | 'double';
  readonly description: string;
  readonly values?: readonly string[];
  readonly pattern?: string;
}

export const spanAttributes = {
  'backend.name': { type: 'string', description: 'Backend performing the lowering or compilation.' },
  'operator.name': { type: 'string', description: 'Operator being lowered.' },
  'clause.id': { type: 'string', description: 'Hash of the clause text (sha256, first 16 hex).', pattern: '^[0-9a-f]{16}$' },
  'toolchain.binary': { type: 'string', description: 'Toolchain binary invoked.' },
  'host.kind': { type: 'string', description: 'Online or offline (air-gapped) host.', values: ['online', 'offline'] },
  'build.cache_hit': { type: 'boolean', description: 'Whether the build cache served the result.' },
  'error.code': { type: 'string', description: 'Failure cause; set only when the span fails.' },
  'artifact.log_id': {
    type: 'string',
    description: 'sha256 of the toolchain output artefact (stdout + stderr) in the artefact store; `npm run artifact -- <id>` prints it.',
    pattern: '^[0-9a-f]{64}$',
  },
  'artifact.stdout_bytes': { type: 'int', description: 'Bytes the toolchain wrote to stdout (before the artefact size cap).' },
  'artifact.stderr_bytes': { type: 'int', description: 'Bytes the toolchain wrote to stderr (before the artefact size cap).' },
  ...stageSpanAttributes,
} as const satisfies Record<string, AttributeDef>;

export type SpanAttributeName = keyof typeof spanAttributes;

export interface SpanDef {
  readonly description: string;
  /** `service.name` of the emitting service; absent: the service of the enclosing span (compile-pipeline at the root). */
  readonly service?: ServiceName;
  /** OpenTelemetry span kind; absent: internal. */
  readonly kind?: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  /** Emitted span name built from attribute values (`{attr}` placeholders); absent: the catalogue name. */
  readonly nameTemplate?: string;
  /** A compliance artefact span: must carry provenance.id. */
  readonly artefact?: boolean;
  readonly required: readonly SpanAttributeName[];
  readonly optional: readonly SpanAttributeName[];
  /** How the sample exporter simulates it; default: a stage of its own, about a second long, never failing. */
  readonly simulation?: SpanSimulation;
}

export const spans = {
  'spec.parse': {
    description: 'DSL parsing and schema validation of the specification.',
    required: ['host.kind'],
    optional: ['error.code'],
    simulation: { planned: true },
  },
  'plan.compile_graph': {
    description: 'Orchestration layer translating the specification into an execution graph.',
    required: ['host.kind', 'build.cache_hit'],
    optional: ['error.code'],
    simulation: { planned: true },
  },
  'codegen.lower': {
    description: 'One backend lowering call for one operator and clause.',
    required: ['backend.name', 'operator.name', 'clause.id', 'host.kind', 'build.cache_hit'],
    optional: ['error.code'],
    simulation: { planned: true },
  },
  'compile.execute': {
    description: 'Per-backend compilation: toolchain invocation, exit status, binary outputs.',
    required: ['backend.name', 'toolchain.binary', 'host.kind', 'build.cache_hit'],
    optional: ['error.code', 'artifact.log_id', 'artifact.stdout_bytes', 'artifact.stderr_bytes'],
    simulation: { planned: true },
  },
  'verify.run': {
    description: 'Formal and compliance checks (Frama-C, CBMC, fuzzers, ReviewBot scoring).',
    required: ['backend.name', 'clause.id', 'host.kind'],
    optional: ['error.code'],
    simulation: { planned: true },
  },
  'distribute.package': {
    description: 'Packaging, signing and bundle assembly.',
    required: ['host.kind', 'build.cache_hit'],
    optional: ['error.code'],
    simulation: { planned: true },
  },
  ...stageSpans,
} as const satisfies Record<string, SpanDef>;

export type SpanName = keyof typeof spans;
type AttrValue<A extends SpanAttributeName> = (typeof spanAttributes)[A] extends { values: readonly (infer V)[] }
  ? V
  : (typeof spanAttributes)[A]['type'] extends 'boolean'
    ? boolean
    : (typeof spanAttributes)[A]['type'] extends 'int' | 'double'
      ? number
      : string;
/** Attributes object a span of name S accepts: required keys must be present, others optional. */
export type SpanAttributesOf<S extends SpanName> = {
  [A in (typeof spans)[S]['required'][number]]: AttrValue<A>;
} & {
  [A in (typeof spans)[S]['optional'][number]]?: AttrValue<A>;
};
