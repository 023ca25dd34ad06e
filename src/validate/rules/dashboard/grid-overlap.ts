import { collides, type GridItem, type Rect } from '../../../grafana/grid';
import type { PanelInfo } from '../../model';
import type { RawFinding, Rule } from '../../types';

const box = (r: Rect): string => `x=${r.x} y=${r.y} w=${r.w} h=${r.h}`;
const name = (p: PanelInfo): string => `"${p.title ?? p.id}"`;

/**
 * What the file means: rows at the size written (generators write h=0 for a row that takes no room;
 * Grafana's forced 24×1 only shifts what follows by one cell), panels pulled into the grid.
 */
const meant = (i: GridItem<PanelInfo>): Rect => (i.isRow ? i.declared : i.bounded);

/** Panels taller than this many grid rows are not indexed by row (none real is). */
const MAX_INDEXED_HEIGHT = 500;

export const rule: Rule = {
  id: 'dashboard/grid-overlap',
  severity: 'warning',
  doc: "Panels do not overlap (a collapsed row's panels among themselves, as laid out on expand); Grafana's grid moves an overlapping panel down on load, so it renders elsewhere than the file says.",
  check(ctx) {
    const out: RawFinding[] = [];
    for (const { row, items } of ctx.model.layout()) {
      // A panel with no gridPos at all is reported by dashboard/grid-pos; hidden ones by dashboard/hidden-panel.
      const placed = items.filter((i) => i.key.panel['gridPos'] !== undefined && meant(i).w >= 1 && meant(i).h >= 1);
      const rects = placed.map(meant);
      // Earlier panels indexed by the grid rows they cover: a panel meets only those sharing a row.
      const byRow = new Map<number, number[]>();
      const tallOnes: number[] = [];
      placed.forEach((item, n) => {
        const r = rects[n]!;
        let first = -1;
        if (r.h > MAX_INDEXED_HEIGHT) {
          for (let j = 0; j < n && first < 0; j++) if (collides(rects[j]!, r)) first = j;
        } else {
          for (let y = Math.floor(r.y); y < r.y + r.h; y++) {
            for (const j of byRow.get(y) ?? []) if ((first < 0 || j < first) && collides(rects[j]!, r)) first = j;
          }
          for (const j of tallOnes) if ((first < 0 || j < first) && collides(rects[j]!, r)) first = j;
        }
        // Tall panels are compared with every earlier one instead of being indexed row by row.
        const tall = r.h > MAX_INDEXED_HEIGHT;
        if (tall) tallOnes.push(n);
        for (let y = Math.floor(r.y); !tall && y < r.y + r.h; y++) {
          const list = byRow.get(y);
          if (list) list.push(n);
          else byRow.set(y, [n]);
        }
        const hit = first >= 0 ? placed[first] : undefined;
        if (!hit) return;
        const moves = item.rendered.y !== item.bounded.y || item.rendered.x !== item.bounded.x ? item : hit;
        const outcome = row
          ? `; when row ${name(row)} is expanded, Grafana's grid moves ${name(moves.key)} down`
          : `; Grafana's grid moves ${name(moves.key)} to ${box(moves.rendered)} on load`;
        out.push({
          pointer: `${item.key.pointer}/gridPos`,
          message: `panel ${name(item.key)} (${box(meant(item))}) overlaps panel ${name(hit.key)} at ${hit.key.pointer} (${box(meant(hit))})${outcome}`,
        });
      });
    }
    return out;
  },
};
