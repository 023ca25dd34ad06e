import type { Rule } from '../types';

/** Reported by the engine's JSON layer before any other rule runs; listed here for config, docs and SARIF. */
export const rule: Rule = {
  id: 'json/syntax',
  severity: 'error',
  doc: 'The file is well-formed JSON (reported with line:column).',
  check: () => [],
};
