import { promRanges } from '../../query/promql';
import type { RawFinding, Rule } from '../../types';

const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
/** Windows that follow the scrape interval or cover the whole range by design. */
const ACCEPTED = new Set(['$__rate_interval', '${__rate_interval}', '$__range', '${__range}', '[[__rate_interval]]']);

export const rule: Rule = {
  id: 'query/rate-interval',
  severity: 'warning',
  doc: 'rate/irate/increase windows use $__rate_interval (or $__range for whole-range totals), so they never drop below the scrape interval.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const { q, exprPointer } of ctx.model.queries('promql')) {
      for (const r of promRanges(q)) {
        if (r.subquery || !r.fn || !RATE_FUNCTIONS.has(r.fn)) continue;
        const window = q.original.slice(r.from, r.to);
        if (ACCEPTED.has(window)) continue;
        out.push({ pointer: exprPointer, exprOffset: r.from, message: `${r.fn}() window [${window}] should be [$__rate_interval]: fixed or $__interval windows break at other zoom levels and scrape intervals` });
      }
    }
    return out;
  },
};
