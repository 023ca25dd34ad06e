import { metricsqlFeature } from '../../query/metricsql';
import type { Rule } from '../../types';

export const rule: Rule = {
  id: 'query/promql-syntax',
  severity: 'error',
  doc: 'Every Prometheus target expression parses as PromQL (after Grafana variable substitution).',
  check(ctx) {
    return ctx.model.queries('promql').flatMap(({ target, q, exprPointer }) => {
      // Past the grammar's limits a parse error means nothing: query/too-complex reports it.
      const e = q.tooComplex ? undefined : q.errors[0];
      // MetricsQL is reported by query/metricsql.
      if (!e || (target.lang !== 'guess' && metricsqlFeature(q.text))) return [];
      // Type unknown: parsed as PromQL by guess, so a failure is less certain.
      const guessed = target.lang === 'guess';
      return [
        {
          pointer: exprPointer,
          exprOffset: e.offset,
          message: `PromQL ${e.message} (column ${e.offset + 1})${q.errors.length > 1 ? `, ${q.errors.length - 1} more` : ''}${guessed ? '; datasource type unknown, parsed as PromQL' : ''}`,
          ...(guessed ? { severity: 'warning' as const } : {}),
        },
      ];
    });
  },
};
