import { resolveMetric } from '../../catalogue';
import type { RawFinding, Rule } from '../../types';

/** Functions/aggregations for which a raw counter value is meaningful (presence, timestamps, counting series). */
const EXEMPT = new Set(['absent', 'timestamp', 'count', 'group', 'count_values', 'changes', 'resets']);

export const rule: Rule = {
  id: 'catalogue/raw-counter',
  severity: 'error',
  needsCatalogue: true,
  doc: 'Counters (and histogram/summary _bucket/_sum/_count) are graphed through rate()/increase(), never as raw ever-growing values.',
  check(ctx) {
    const cat = ctx.options.catalogue!;
    const out: RawFinding[] = [];
    for (const { sel, exprPointer, target } of ctx.model.selectors()) {
      // A variable's query lists series or labels; nothing is graphed.
      if (!target) continue;
      if (!sel.name || sel.nameIsVariable || sel.inRange) continue;
      const m = resolveMetric(cat, sel.name);
      if (!m) continue;
      const counterLike = m.def.type === 'counter' || m.series !== 'plain';
      if (!counterLike || sel.enclosing.some((e) => EXEMPT.has(e.name))) continue;
      out.push({ pointer: exprPointer, exprOffset: sel.nameFrom, message: `counter "${sel.name}" is graphed raw: it only grows and resets on restart; use rate(${sel.name}[$__rate_interval]) or increase()` });
    }
    return out;
  },
};
