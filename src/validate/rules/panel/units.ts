import { resultUnit } from '../../query/units';
import type { RawFinding, Rule } from '../../types';
import { panelUnit } from '../util';

const UNIT_PANELS = new Set(['timeseries', 'graph', 'stat', 'gauge', 'bargauge', 'singlestat', 'heatmap', 'barchart', 'state-timeline', 'trend', 'xychart']);

export const rule: Rule = {
  id: 'panel/units',
  severity: 'warning',
  doc: 'Panels showing seconds or bytes set a unit, so values read as "1.5 min" or "3 MiB" instead of bare numbers.',
  check(ctx) {
    const out: RawFinding[] = [];
    const seen = new Set<string>();
    for (const { target, q } of ctx.model.queries('promql')) {
      if (!target) continue; // a variable's query has no panel
      const p = target.panel;
      if (!UNIT_PANELS.has(p.type ?? '') || seen.has(p.pointer) || q.errors.length > 0) continue;
      const pu = panelUnit(p.panel);
      if (pu && !(pu.unit === 'short' || pu.unit === 'none') ) continue;
      if (pu && p.type !== 'graph' && p.type !== 'singlestat') continue; // an explicit "short" on a modern panel is a choice
      const ru = resultUnit(q, ctx.options.catalogue, p.type === 'heatmap');
      if (ru !== 'seconds' && ru !== 'bytes' && ru !== 'bytes/s') continue;
      seen.add(p.pointer);
      out.push({ pointer: `${p.pointer}/fieldConfig/defaults/unit`, message: `panel "${p.title ?? ''}" shows ${ru} (query ${target.refId || target.pointer}) but sets no unit; use ${ru === 'seconds' ? '"s"' : ru === 'bytes' ? '"bytes"' : '"Bps"'}` });
    }
    return out;
  },
};
