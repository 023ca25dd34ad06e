import { valueFailure } from '../../query/values';
import type { RawFinding, Rule } from '../../types';

export const rule: Rule = {
  id: 'query/logql-syntax',
  severity: 'error',
  doc: 'Every Loki target expression parses as LogQL (after Grafana variable substitution by value).',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const qt of ctx.model.queries('logql')) {
      const { target, q, exprPointer } = qt;
      // Past the grammar's limits a parse error means nothing: query/too-complex reports it.
      // A datasource variable of the wrong type is reported by dashboard/datasource.
      if (q.tooComplex || target?.otherLanguage) continue;
      const e = q.errors[0];
      const trials = ctx.model.valueTrials(qt);
      const failure = trials && valueFailure(trials);
      // Every value the dashboard lists parses: the placeholders misread the query.
      if (e && trials && !failure && trials.trials.length > 0) continue;
      if (failure && (!e || !failure.all)) {
        const { error, offset } = failure;
        out.push({ pointer: exprPointer, exprOffset: offset, message: `with ${failure.values} the query does not parse: LogQL ${error.message} (column ${offset + 1})` });
      } else if (e) {
        out.push({ pointer: exprPointer, exprOffset: e.offset, message: `LogQL ${e.message} (column ${e.offset + 1})${q.errors.length > 1 ? `, ${q.errors.length - 1} more` : ''}` });
      }
    }
    return out;
  },
};
