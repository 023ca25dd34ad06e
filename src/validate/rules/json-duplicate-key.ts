import type { Rule } from '../types';

/** Reported by the engine's JSON layer before any other rule runs; listed here for config, docs and SARIF. */
export const rule: Rule = {
  id: 'json/duplicate-key',
  severity: 'error',
  doc: 'No object repeats a key: JSON.parse and Grafana keep the last value silently, so the first one is dead text a reviewer may trust.',
  check: () => [],
};
