import { findVariableRefs } from '../query/variables';
import type { RawFinding, Rule } from '../types';

export const rule: Rule = {
  id: 'dashboard/unused-variable',
  severity: 'warning',
  doc: 'Every template variable is used somewhere (queries, titles, datasources, links, repeats, other variables).',
  check(ctx) {
    const used = new Set<string>();
    const visit = (v: unknown, isVariableName: boolean): void => {
      if (typeof v === 'string') {
        if (!isVariableName) for (const r of findVariableRefs(v)) used.add(r.name);
      } else if (Array.isArray(v)) {
        for (const x of v) visit(x, false);
      } else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        for (const [k, x] of Object.entries(o)) {
          if (k === 'repeat' && typeof x === 'string') used.add(x);
          visit(x, k === 'name');
        }
      }
    };
    visit(ctx.model.root, false);
    const out: RawFinding[] = [];
    for (const v of ctx.model.variables.values()) {
      // Ad hoc filters apply to every query implicitly.
      if (v.type === 'adhoc' || used.has(v.name)) continue;
      out.push({ pointer: `${v.pointer}/name`, message: `variable "${v.name}" is defined but never used` });
    }
    return out;
  },
};
