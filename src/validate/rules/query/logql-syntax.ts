import { syntaxVerdict } from '../../query/values';
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
      const verdict = syntaxVerdict(q.errors[0], ctx.model.valueTrials(qt));
      if (!verdict) continue;
      if ('byValue' in verdict) {
        const { values, error, offset } = verdict.byValue;
        out.push({ pointer: exprPointer, exprOffset: offset, message: `with ${values} the query does not parse: LogQL ${error.message} (column ${offset + 1})` });
      } else {
        const e = verdict.plain;
        out.push({ pointer: exprPointer, exprOffset: e.offset, message: `LogQL ${e.message} (column ${e.offset + 1})${q.errors.length > 1 ? `, ${q.errors.length - 1} more` : ''}` });
      }
    }
    return out;
  },
};
