import { resolveMetric } from '../../catalogue';
import type { RawFinding, Rule } from '../../types';

const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase']);

export const rule: Rule = {
  id: 'catalogue/rate-on-gauge',
  severity: 'error',
  needsCatalogue: true,
  doc: 'rate(), irate() and increase() apply only to counters (and histogram/summary _sum/_count/_bucket), never to gauges or summary quantiles.',
  check(ctx) {
    const cat = ctx.options.catalogue!;
    const out: RawFinding[] = [];
    for (const { sel, exprPointer } of ctx.model.selectors()) {
      if (!sel.name || sel.nameIsVariable || !sel.inRange) continue;
      const fn = sel.enclosing[0];
      if (!fn || fn.kind !== 'function' || !COUNTER_FUNCTIONS.has(fn.name)) continue;
      const m = resolveMetric(cat, sel.name);
      if (!m || m.series !== 'plain') continue;
      if (m.def.type === 'gauge') {
        out.push({ pointer: exprPointer, exprOffset: fn.node.from, message: `${fn.name}() over gauge "${sel.name}": gauges go up and down, use the value directly or deriv()/delta()/avg_over_time()` });
      } else if (m.def.type === 'summary') {
        out.push({ pointer: exprPointer, exprOffset: fn.node.from, message: `${fn.name}() over summary quantiles "${sel.name}": quantiles are gauges; use ${sel.name}_sum/${sel.name}_count for rates` });
      }
    }
    return out;
  },
};
