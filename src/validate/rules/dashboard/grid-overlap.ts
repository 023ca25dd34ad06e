import type { PanelInfo } from '../../model';
import type { RawFinding, Rule } from '../../types';
import { rectOf, type Rect } from './grid-pos';

export const rule: Rule = {
  id: 'dashboard/grid-overlap',
  severity: 'error',
  doc: 'Panels do not overlap; panels inside a collapsed row are checked among themselves, as Grafana lays them out on expand.',
  check(ctx) {
    // Layout groups: the top level, then each collapsed row's own panels.
    const groups = new Map<PanelInfo | undefined, PanelInfo[]>();
    for (const p of ctx.model.panels) {
      if (p.legacyRow) continue;
      const key = p.row;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(p);
    }
    const out: RawFinding[] = [];
    for (const panels of groups.values()) {
      const placed: { p: PanelInfo; r: Rect }[] = [];
      for (const p of panels) {
        const r = rectOf(p.panel);
        if (!r || r.w < 1 || r.h < 1) continue;
        const hit = placed.find((o) => o.r.x < r.x + r.w && r.x < o.r.x + o.r.w && o.r.y < r.y + r.h && r.y < o.r.y + o.r.h);
        if (hit) {
          out.push({ pointer: `${p.pointer}/gridPos`, message: `panel "${p.title ?? p.id}" (x=${r.x} y=${r.y} w=${r.w} h=${r.h}) overlaps panel "${hit.p.title ?? hit.p.id}" at ${hit.p.pointer} (x=${hit.r.x} y=${hit.r.y} w=${hit.r.w} h=${hit.r.h})` });
        }
        placed.push({ p, r });
      }
    }
    return out;
  },
};
