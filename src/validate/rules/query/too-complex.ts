import { MAX_BINARY_OPERATORS, MAX_NESTING } from '../../query/parsers';
import type { RawFinding, Rule } from '../../types';

export const rule: Rule = {
  id: 'query/too-complex',
  severity: 'error',
  doc: `A query has at most ${MAX_BINARY_OPERATORS} operators and ${MAX_NESTING} nested parentheses; past that the grammars cannot judge it, so it is reported instead of checked.`,
  check(ctx) {
    const out: RawFinding[] = [];
    for (const lang of ['promql', 'logql'] as const) {
      for (const { q, exprPointer } of ctx.model.queries(lang)) {
        if (!q.tooComplex) continue;
        out.push({ pointer: exprPointer, exprOffset: q.tooComplex.offset, message: `query too complex to check: ${q.tooComplex.reason} (column ${q.tooComplex.offset + 1}); split it or simplify it` });
      }
    }
    return out;
  },
};
