import { asArray, isObject, type TargetInfo } from '../../model';
import { findVariableRefs } from '../../../grafana/variables';
import type { RawFinding, Rule, RuleContext } from '../../types';

/** Is a name defined for interpolation: a template variable, an __inputs placeholder or a built-in (`$__...`). */
export function isDefined(ctx: RuleContext, name: string): boolean {
  return name.startsWith('__') || ctx.model.variables.has(name) || ctx.model.inputs.has(name) || BUILTINS.has(name);
}
/** Legacy built-ins without the double underscore. */
const BUILTINS = new Set(['timeFilter', 'interval', 'interval_ms', 'range', 'timeFilter_ms']);

export const rule: Rule = {
  id: 'dashboard/undefined-variable',
  severity: 'error',
  doc: 'Every $variable a query, a variable query or a panel repeat uses is defined in templating (or is a Grafana built-in); an expression\'s $refId names a query of its panel.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const t of ctx.model.targets) {
      const type = t.datasource.type;
      if (type === '__expr__') {
        out.push(...expressionRefs(t));
        continue;
      }
      // Other plugins have macros of their own in the $name form (ClickHouse $timeSeries, $rate...), which
      // Grafana leaves alone when no variable has that name; only ${name} and [[name]] are surely variables.
      const knownLanguage = t.lang !== undefined;
      for (const [key, value] of Object.entries(t.target)) {
        if (typeof value !== 'string' || key === 'refId' || key === 'datasource') continue;
        for (const ref of findVariableRefs(value)) {
          if (isDefined(ctx, ref.name)) continue;
          if (!knownLanguage && value.charCodeAt(ref.from + 1) !== 123 && value.charCodeAt(ref.from) !== 91) continue;
          out.push({ pointer: `${t.pointer}/${key}`, ...(key === 'expr' ? { exprOffset: ref.from } : {}), message: `variable "${ref.name}" is used in ${key} but not defined in templating` });
        }
      }
    }
    for (const v of ctx.model.variables.values()) {
      const q = v.def['query'];
      const text = typeof q === 'string' ? q : isObject(q) && typeof q['query'] === 'string' ? q['query'] : undefined;
      if (!text || v.type === 'datasource' || v.type === 'custom' || v.type === 'textbox' || v.type === 'constant' || v.type === 'interval') continue;
      const pointer = typeof q === 'string' ? `${v.pointer}/query` : `${v.pointer}/query/query`;
      for (const ref of findVariableRefs(text)) {
        if (!isDefined(ctx, ref.name)) out.push({ pointer, message: `variable "${ref.name}" is used in the query of variable "${v.name}" but not defined` });
      }
    }
    for (const p of ctx.model.panels) {
      const repeat = p.panel['repeat'];
      if (typeof repeat === 'string' && repeat !== '' && !isDefined(ctx, repeat)) out.push({ pointer: `${p.pointer}/repeat`, message: `panel repeats over variable "${repeat}", which is not defined` });
    }
    return out;
  },
};

/** Server-side expressions name the panel's other queries as $refId: each must exist. */
function expressionRefs(t: TargetInfo): RawFinding[] {
  const text = t.target['expression'];
  if (typeof text !== 'string') return [];
  const refIds = new Set(asArray(t.panel.panel['targets']).map((o) => (isObject(o) ? o['refId'] : undefined)));
  return findVariableRefs(text)
    .filter((ref) => !refIds.has(ref.name))
    .map((ref) => ({ pointer: `${t.pointer}/expression`, message: `expression uses $${ref.name}, but the panel has no query with refId "${ref.name}"` }));
}
