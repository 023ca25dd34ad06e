import { findVariableRefs } from '../../../grafana/variables';
import type { RawFinding, Rule } from '../../types';

export const rule: Rule = {
  id: 'dashboard/unused-variable',
  severity: 'warning',
  doc: 'Every template variable is used somewhere (queries, titles, datasources, links, repeats, other variables).',
  check(ctx) {
    // Ad hoc filters apply to every query implicitly: only the others can be unused.
    const unused = new Set<string>();
    // A variable without a name cannot be referenced; the schema names the problem.
    for (const v of ctx.model.variables.values()) if (v.type !== 'adhoc' && v.name !== '') unused.add(v.name);
    if (unused.size === 0) return [];
    /** Marks the names a value uses; true once every variable is known to be used (the walk stops early). */
    const visit = (v: unknown, isVariableName: boolean): boolean => {
      if (typeof v === 'string') {
        if (!isVariableName) for (const r of findVariableRefs(v)) unused.delete(r.name);
        return unused.size === 0;
      }
      if (Array.isArray(v)) {
        for (const x of v) if (visit(x, false)) return true;
      } else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        // for…in: no key array per object; parsed JSON has only own enumerable keys, in Object.keys order.
        for (const k in o) {
          const x = o[k];
          if (k === 'repeat' && typeof x === 'string') unused.delete(x);
          if (visit(x, k === 'name')) return true;
        }
      }
      return unused.size === 0;
    };
    visit(ctx.model.root, false);
    const out: RawFinding[] = [];
    for (const v of ctx.model.variables.values()) {
      if (v.type === 'adhoc' || !unused.has(v.name)) continue;
      out.push({ pointer: `${v.pointer}/name`, message: `variable "${v.name}" is defined but never used` });
    }
    return out;
  },
};
