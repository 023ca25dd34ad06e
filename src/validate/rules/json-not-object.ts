import type { Rule } from '../types';

/** Reported by the engine's JSON layer before any other rule runs; listed here for config, docs and SARIF. */
export const rule: Rule = {
  id: 'json/not-object',
  severity: 'error',
  doc: 'The top level of a dashboard file is a JSON object.',
  check: () => [],
};
