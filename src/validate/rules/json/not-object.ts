import { isObject } from '../../model';
import type { Rule } from '../../types';

export const rule: Rule = {
  id: 'json/not-object',
  scope: 'document',
  severity: 'error',
  doc: 'The top level of a dashboard file is a JSON object.',
  check(doc) {
    if (!doc.json.ok || isObject(doc.json.value)) return [];
    const v = doc.json.value;
    const what = Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
    return [{ pointer: '', position: { line: 1, column: 1 }, message: `a dashboard must be a JSON object, got ${what}` }];
  },
};
