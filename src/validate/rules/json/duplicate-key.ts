import type { Rule } from '../../types';

export const rule: Rule = {
  id: 'json/duplicate-key',
  scope: 'document',
  severity: 'error',
  doc: 'No object repeats a key: JSON.parse and Grafana keep the last value silently, so the first one is dead text a reviewer may trust.',
  check(doc) {
    if (!doc.json.ok) return [];
    return doc.json.duplicates.map((d) => ({
      pointer: d.pointer,
      position: d.position,
      message: `duplicate key "${d.key}" (first at line ${d.firstPosition.line}:${d.firstPosition.column}); the last value wins silently`,
    }));
  },
};
