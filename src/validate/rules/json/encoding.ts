import type { Rule } from '../../types';

export const rule: Rule = {
  id: 'json/encoding',
  scope: 'document',
  severity: 'error',
  doc: 'The file is valid UTF-8 (Grafana would show U+FFFD where the bad bytes are).',
  check(doc) {
    return doc.invalidUtf8 ? [{ pointer: '', position: doc.invalidUtf8, message: 'file is not valid UTF-8 (first invalid byte here)' }] : [];
  },
};
