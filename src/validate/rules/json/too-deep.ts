import type { Rule } from '../../types';

export const rule: Rule = {
  id: 'json/too-deep',
  scope: 'document',
  severity: 'error',
  doc: 'Nesting stays within 1,000 levels (real dashboards need fewer than 20); deeper input is refused before any recursive check.',
  check(doc) {
    const j = doc.json;
    return !j.ok && j.tooDeep ? [{ pointer: '', position: j.position, message: j.message }] : [];
  },
};
