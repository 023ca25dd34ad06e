import { resultUnit, unitContradiction } from '../../query/units';
import type { RawFinding, Rule } from '../../types';
import { panelUnit } from '../util';

export const rule: Rule = {
  id: 'catalogue/unit-mismatch',
  severity: 'error',
  needsCatalogue: true,
  doc: 'The panel unit fits the unit of what the query returns (seconds → time units, bytes → data units, ratios → percentunit).',
  check(ctx) {
    const out: RawFinding[] = [];
    const seen = new Set<string>();
    for (const { target, q } of ctx.model.queries('promql')) {
      if (!target) continue; // a variable's query has no panel
      const panel = target.panel.panel;
      const pu = panelUnit(panel);
      // Per-series unit overrides make the default unit only partly relevant.
      if (!pu || q.errors.length > 0 || hasUnitOverride(panel)) continue;
      const ru = resultUnit(q, ctx.options.catalogue, target.panel.type === 'heatmap');
      if (!ru) continue;
      const why = unitContradiction(ru, pu.unit);
      const pointer = target.panel.pointer + pu.pointer;
      if (!why || seen.has(pointer)) continue;
      seen.add(pointer);
      out.push({ pointer, message: `${why} (query ${target.refId || target.pointer})` });
    }
    return out;
  },
};

function hasUnitOverride(panel: Record<string, unknown>): boolean {
  const overrides = (panel['fieldConfig'] as { overrides?: unknown } | undefined)?.overrides;
  return Array.isArray(overrides) && overrides.some((o) => Array.isArray(o?.properties) && o.properties.some((p: { id?: unknown }) => p?.id === 'unit'));
}
