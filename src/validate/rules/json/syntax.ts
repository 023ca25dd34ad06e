import type { Rule } from '../../types';

export const rule: Rule = {
  id: 'json/syntax',
  scope: 'document',
  severity: 'error',
  doc: 'The file is well-formed JSON (reported with line:column).',
  check(doc) {
    const j = doc.json;
    if (j.ok || j.tooDeep) return [];
    return [{ pointer: '', position: j.position, message: `malformed JSON: ${j.message}` }];
  },
};
