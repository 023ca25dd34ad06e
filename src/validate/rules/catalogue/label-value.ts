import { resolveMetric } from '../../catalogue';
import type { RawFinding, Rule } from '../../types';
import { anchored, list, re2 } from '../util';

/** A catalogue label pattern (unanchored, as written) in linear time; an uncompilable one judges nothing. */
const searches = (pattern: string, value: string): boolean => {
  const r = re2(pattern, 'search');
  return !r.ok || r.test(value);
};

export const rule: Rule = {
  id: 'catalogue/label-value',
  severity: 'error',
  needsCatalogue: true,
  doc: 'Literal label values are inside the label\'s closed value set (and match an open label\'s pattern); regexes match at least one allowed value.',
  check(ctx) {
    const cat = ctx.options.catalogue!;
    const out: RawFinding[] = [];
    for (const { sel, exprPointer } of ctx.model.selectors()) {
      if (!sel.name || sel.nameIsVariable || !resolveMetric(cat, sel.name)) continue;
      for (const m of sel.matchers) {
        const def = cat.labels[m.label];
        if (!def || m.hasVariable || m.value === '') continue;
        if (m.op === '=' || m.op === '!=') {
          if (def.closed && !def.values.includes(m.value)) {
            out.push({ pointer: exprPointer, exprOffset: m.valueFrom, message: `label ${m.label}="${m.value}" is outside its closed value set ${list(def.values)}` });
          } else if (!def.closed && def.pattern && !searches(def.pattern, m.value)) {
            out.push({ pointer: exprPointer, exprOffset: m.valueFrom, message: `label ${m.label}="${m.value}" does not match the label's pattern ${def.pattern}` });
          }
        } else if (m.op === '=~' && def.closed) {
          const re = anchored(m.value);
          if (re && !def.values.some((v) => re.test(v))) {
            out.push({ pointer: exprPointer, exprOffset: m.valueFrom, message: `regex ${m.label}=~"${m.value}" matches none of the allowed values ${list(def.values)}` });
          }
        }
      }
    }
    return out;
  },
};
