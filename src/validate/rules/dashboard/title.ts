import type { Rule } from '../../types';

export const rule: Rule = {
  id: 'dashboard/title',
  severity: 'error',
  doc: 'The dashboard has a non-empty title.',
  check(ctx) {
    const t = ctx.model.root['title'];
    return typeof t === 'string' && t.trim() !== '' ? [] : [{ pointer: '/title', message: 'dashboard has no title' }];
  },
};
