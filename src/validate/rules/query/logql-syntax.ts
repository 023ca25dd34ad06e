import type { Rule } from '../../types';

export const rule: Rule = {
  id: 'query/logql-syntax',
  severity: 'error',
  doc: 'Every Loki target expression parses as LogQL (after Grafana variable substitution).',
  check(ctx) {
    return ctx.model.queries('logql').flatMap(({ target, q, exprPointer }) => {
      // Past the grammar's limits a parse error means nothing: query/too-complex reports it.
      const e = q.tooComplex ? undefined : q.errors[0];
      // A datasource variable of the wrong type is reported by dashboard/datasource.
      if (!e || target?.otherLanguage) return [];
      return [{ pointer: exprPointer, exprOffset: e.offset, message: `LogQL ${e.message} (column ${e.offset + 1})${q.errors.length > 1 ? `, ${q.errors.length - 1} more` : ''}` }];
    });
  },
};
