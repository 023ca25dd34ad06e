import { metricsqlFeature } from '../../query/metricsql';
import type { ParsedQuery } from '../../query/parsers';
import { aggregationName, promNodes } from '../../query/promql';
import { quoteValue, syntaxVerdict } from '../../query/values';
import type { RawFinding, Rule } from '../../types';

const RANGES = new Set(['MatrixSelector', 'SubqueryExpr']);

/** Prometheus' parser also checks types: an aggregation over a range vector is refused (checkAST). */
function typeError(q: ParsedQuery): { offset: number; message: string } | undefined {
  for (const n of promNodes(q).aggregations) {
    const last = n.getChild('FunctionCallBody')?.lastChild;
    if (last && RANGES.has(last.name)) return { offset: last.from, message: `${aggregationName(q, n)}() expects an instant vector, got a range vector` };
  }
  return undefined;
}

export const rule: Rule = {
  id: 'query/promql-syntax',
  severity: 'error',
  doc: 'Every Prometheus target expression parses (and type-checks where the parser does) as PromQL, after Grafana variable substitution by value.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const qt of ctx.model.queries('promql')) {
      const { target, guessed, q, exprPointer } = qt;
      // Type unknown: parsed as PromQL by guess, so a failure is less certain.
      if (target?.otherLanguage) continue; // dashboard/datasource: a datasource variable of the wrong type
      // Past the grammar's limits a parse error means nothing: query/too-complex reports it.
      if (q.tooComplex) continue;
      const e = q.errors[0];
      const suffix = guessed ? '; datasource type unknown, parsed as PromQL' : '';
      const severity = guessed ? { severity: 'warning' as const } : {};
      if (!e) {
        const t = typeError(q);
        if (t) out.push({ pointer: exprPointer, exprOffset: t.offset, message: `PromQL type error: ${t.message} (column ${t.offset + 1})${suffix}`, ...severity });
      }
      const verdict = syntaxVerdict(e, ctx.model.valueTrials(qt));
      if (!verdict) continue;
      // MetricsQL is reported by query/metricsql.
      if (!guessed && metricsqlFeature(q.text)) continue;
      if ('byValue' in verdict) {
        const { values, error, offset } = verdict.byValue;
        out.push({ pointer: exprPointer, exprOffset: offset, message: `with ${values} the query does not parse: PromQL ${error.message} (column ${offset + 1})${suffix}`, ...severity });
        continue;
      }
      const { plain } = verdict;
      const values = [...new Set(q.refs.map((r) => r.name))].map((n) => [n, ctx.model.valueOf(n)] as const).filter(([, v]) => v !== undefined);
      const withValues = values.length > 0 ? ` with ${values.map(([n, v]) => `$${n} = ${quoteValue(v!)}`).join(', ')}` : '';
      out.push({
        pointer: exprPointer,
        exprOffset: plain.offset,
        message: `PromQL ${plain.message} (column ${plain.offset + 1})${q.errors.length > 1 ? `, ${q.errors.length - 1} more` : ''}${withValues}${suffix}`,
        ...severity,
      });
    }
    return out;
  },
};
