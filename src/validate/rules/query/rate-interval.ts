import { promRanges } from '../../query/promql';
import type { RawFinding, Rule } from '../../types';

const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
/** Windows that follow the scrape interval or cover the whole range by design. */
const ACCEPTED = new Set(['$__rate_interval', '${__rate_interval}', '$__range', '${__range}', '[[__rate_interval]]']);

export const rule: Rule = {
  id: 'query/rate-interval',
  severity: 'warning',
  doc: 'rate/irate/increase windows use $__rate_interval (or $__range for whole-range totals): an $__interval window empties the graph when zoomed in (warning); a fixed window works but ignores the zoom (info).',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const { q, exprPointer } of ctx.model.queries('promql')) {
      for (const r of promRanges(q)) {
        if (r.subquery || !r.fn || !RATE_FUNCTIONS.has(r.fn)) continue;
        const window = q.original.slice(r.from, r.to);
        if (ACCEPTED.has(window)) continue;
        // $__interval shrinks with the zoom: below two scrapes rate() has nothing to compute and the graph
        // empties. A fixed window works at every zoom; it only ignores the scrape interval (style).
        const zoomed = /\$\{?__interval\b|\[\[__interval\]\]|\$\{?interval\b/.test(window);
        out.push({
          pointer: exprPointer,
          exprOffset: r.from,
          ...(zoomed ? {} : { severity: 'info' as const }),
          message: zoomed
            ? `${r.fn}() window [${window}] follows $__interval, which drops below two scrape intervals when zoomed in (the graph goes empty); use [$__rate_interval]`
            : `${r.fn}() window [${window}] is fixed; [$__rate_interval] follows the zoom and never drops below the scrape interval`,
        });
      }
    }
    return out;
  },
};
