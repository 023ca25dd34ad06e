/**
 * What the simulated pipeline looks like: per-backend toolchains, durations and failure mixes.
 * Label values all come from the catalogue's value sets; these tables only add behaviour.
 */
import { labels } from '../catalogue';

export type Environment = (typeof labels.environment.values)[number];
export type Maturity = (typeof labels.maturity.values)[number];

export interface Host {
  readonly environment: Environment;
  readonly host_region: string;
}

/** Air-gapped hosts live in the air-gap lab; connected hosts in every other catalogue region. */
export function hostsFor(environment: Environment): Host[] {
  const regions = labels.host_region.values.filter((r) => (environment === 'offline' ? r === 'airgap-lab' : r !== 'airgap-lab'));
  return regions.map((host_region) => ({ environment, host_region }));
}

export interface BackendProfile {
  /** Share of runs using this backend. */
  readonly weight: number;
  readonly binary: string;
  /** Median compile seconds on a cache miss. */
  readonly compileSeconds: number;
  /** Multiplier on operator lowering times. */
  readonly loweringFactor: number;
  readonly failureRate: number;
  readonly errorCodes: readonly string[];
  readonly blockRate: number;
  readonly cacheHitRate: number;
  readonly maturity: Maturity;
  readonly targets: readonly string[];
}

const nativeTargets = ['linux-x86_64', 'linux-aarch64', 'windows-x86_64'] as const;

export const backendProfiles: Record<string, BackendProfile> = {
  c99: { weight: 0.3, binary: 'gcc', compileSeconds: 4, loweringFactor: 1, failureRate: 0.02, errorCodes: ['E0101', 'E0102'], blockRate: 0.03, cacheHitRate: 0.45, maturity: 'stable', targets: nativeTargets },
  rust: { weight: 0.25, binary: 'rustc', compileSeconds: 25, loweringFactor: 1.4, failureRate: 0.05, errorCodes: ['E0201', 'E0202'], blockRate: 0.02, cacheHitRate: 0.35, maturity: 'stable', targets: nativeTargets },
  wasm: { weight: 0.2, binary: 'wasm-ld', compileSeconds: 8, loweringFactor: 1.1, failureRate: 0.07, errorCodes: ['E0301', 'E0302'], blockRate: 0.05, cacheHitRate: 0.4, maturity: 'preview', targets: ['wasm32'] },
  cuda: { weight: 0.15, binary: 'nvcc', compileSeconds: 45, loweringFactor: 2.5, failureRate: 0.12, errorCodes: ['E0401', 'E0402', 'E0403'], blockRate: 0.08, cacheHitRate: 0.25, maturity: 'preview', targets: ['linux-x86_64', 'linux-aarch64'] },
  verilog: { weight: 0.1, binary: 'yosys', compileSeconds: 150, loweringFactor: 6, failureRate: 0.2, errorCodes: ['E0501', 'E0502'], blockRate: 0.12, cacheHitRate: 0.15, maturity: 'experimental', targets: ['linux-x86_64'] },
};

/** Used for backends a deployment adds beyond the tables above. */
export const defaultBackendProfile: BackendProfile = {
  weight: 0.1, binary: 'cc', compileSeconds: 10, loweringFactor: 1.5, failureRate: 0.08, errorCodes: ['E0001'], blockRate: 0.05, cacheHitRate: 0.3, maturity: 'experimental', targets: ['linux-x86_64'],
};

export function profileOf(backend: string): BackendProfile {
  return backendProfiles[backend] ?? defaultBackendProfile;
}

/** Median lowering seconds per operator on the reference (c99) backend. */
export const operatorLoweringSeconds: Record<string, number> = {
  matmul: 0.08,
  conv2d: 0.2,
  softmax: 0.02,
  layernorm: 0.03,
  reduce_sum: 0.01,
  gather: 0.015,
};

/** Exit code and error code of a toolchain that is not installed on the host. */
export const MISSING_BINARY = { exitCode: 127, errorCode: 'E0900' } as const;

export const bundleBaseBytes: Record<string, number> = {
  'linux-x86_64': 180e6,
  'linux-aarch64': 170e6,
  'windows-x86_64': 210e6,
  wasm32: 40e6,
};

export const checkers = [
  { checker: 'frama-c', reason: 'runtime-error assertion not proven', code: 'V1001' },
  { checker: 'cbmc', reason: 'array bounds violation reachable', code: 'V1002' },
  { checker: 'fuzzer', reason: 'crash on generated input', code: 'V1003' },
  { checker: 'reviewbot', reason: 'review score below release threshold', code: 'V1004' },
] as const;
