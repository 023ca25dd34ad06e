import type { Config } from 'jest';
import base from './jest.config';

/**
 * `npm run test:fast`, the edit loop: the full configuration (jest.config.ts) without the suites below,
 * which `npm test` still runs. Goal: under 60 s wall time on a 2-core machine. Suites leave the edit loop
 * when they are another layer (e2e, hardening, bench, schema, corpus) or take over ~10 s on their own.
 */
const SLOW_SUITES: Record<string, string> = {
  '/test/e2e/': 'real Prometheus and Jaeger servers (npm run test:e2e)',
  '/test/hardening/': 'hostile input, faults and load: child processes, fuzzing, tmpfs mounts',
  '/test/bench/': 'the bench harness and its TypeScript loader, not the toolkit',
  '/test/schema/': 'schema generation (ts-json-schema-generator over src/) and the corpus and SDK cross-checks',
  '/test/validate/evidence': 'the validator over the whole third-party corpus',
  '/test/validate/cli\\.test\\.ts$': '~15 s alone: every case spawns validate_dashboards',
  '/test/exporter/cli\\.test\\.ts$': '~13 s alone: starts the exporter process and waits for unreachable peers',
  '/test/instrumentation/otlp-metrics\\.test\\.ts$': '~15 s alone: waits for real push intervals',
  '/test/watch\\.test\\.ts$': '~12 s alone: a real --watch process and file-system events',
};

const config: Config = {
  ...base,
  // Jest's default on 2 cores is one worker; the fast suites are mostly waiting on child processes.
  maxWorkers: 2,
  testPathIgnorePatterns: [...(base.testPathIgnorePatterns ?? []), ...Object.keys(SLOW_SUITES)],
};

export default config;
