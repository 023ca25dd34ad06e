import { stageLabels } from './stage-labels';

/**
 * Metric labels of the pipeline. Every label has a bounded value set: `closed` sets are
 * contracts (a value outside them is a bug), open sets are the values the sample exporter
 * simulates and the docs show as examples, while real deployments may add more.
 */
export interface LabelDef {
  readonly description: string;
  /** true: only `values` are legal (validator errors on others); false: `values` are examples. */
  readonly closed: boolean;
  readonly values: readonly string[];
  /** For open labels, the shape every value must have (validated by the exporter and linter). */
  readonly pattern?: string;
}

export const labels = {
  environment: {
    description: 'Deployment mode of the pipeline host: connected (online) or air-gapped (offline).',
    closed: true,
    values: ['online', 'offline'],
  },
  host_region: {
    description: 'Region or site of the build host.',
    closed: false,
    values: ['eu-central', 'us-east', 'ap-southeast', 'airgap-lab'],
    pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  },
  backend: {
    description: 'Code generation backend that lowers and compiles the specification.',
    closed: false,
    values: ['c99', 'cuda', 'rust', 'verilog', 'wasm'],
    pattern: '^[a-z0-9_]+$',
  },
  operator: {
    description: 'Operator of the execution graph being lowered.',
    closed: false,
    values: ['matmul', 'conv2d', 'softmax', 'layernorm', 'reduce_sum', 'gather'],
    pattern: '^[a-z0-9_]+$',
  },
  maturity: {
    description: 'Maturity level of a backend in the backend registry.',
    closed: true,
    values: ['experimental', 'preview', 'stable', 'deprecated'],
  },
  target: {
    description: 'Platform an offline bundle is packaged for.',
    closed: false,
    values: ['linux-x86_64', 'linux-aarch64', 'windows-x86_64', 'wasm32'],
    pattern: '^[a-z0-9_]+(-[a-z0-9_]+)*$',
  },
  revision: {
    description:
      'Release revision of an offline bundle. Open-ended: emitters keep only the newest few revisions per target to bound cardinality.',
    closed: false,
    values: ['r101', 'r102', 'r103', 'r104', 'r105', 'r106'],
    pattern: '^r[0-9]+$',
  },
  sink: {
    description: 'Log sink a structured log line was dropped for (Loki push buffer full, or stdout not draining).',
    closed: true,
    values: ['loki', 'stdout'],
  },
  ...stageLabels,
} as const satisfies Record<string, LabelDef>;

export type LabelName = keyof typeof labels;
/** Literal value union for closed labels, plain string for open ones. */
export type LabelValue<L extends LabelName> = (typeof labels)[L] extends { closed: true; values: readonly (infer V)[] }
  ? V
  : string;
