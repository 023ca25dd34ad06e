import { isObject } from '../../model';
import type { RawFinding, Rule } from '../../types';

export const GRID_COLUMNS = 24;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A well-formed gridPos, or null. */
export function rectOf(panel: Record<string, unknown>): Rect | null {
  const g = panel['gridPos'];
  if (!isObject(g)) return null;
  const { x, y, w, h } = g;
  if (typeof x !== 'number' || typeof y !== 'number' || typeof w !== 'number' || typeof h !== 'number') return null;
  return { x, y, w, h };
}

export const rule: Rule = {
  id: 'dashboard/grid-pos',
  severity: 'error',
  doc: 'Every panel of the panels list has a gridPos with numeric x, y, w, h inside the 24-column grid.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const p of ctx.model.panels) {
      if (p.legacyRow) continue; // legacy rows layouts have no gridPos; Grafana computes it on load
      const g = p.panel['gridPos'];
      const at = `${p.pointer}/gridPos`;
      if (g === undefined) {
        out.push({ pointer: p.pointer, message: `panel "${p.title ?? p.id ?? '?'}" has no gridPos` });
        continue;
      }
      if (!isObject(g)) {
        out.push({ pointer: at, message: 'gridPos must be an object {x, y, w, h}' });
        continue;
      }
      for (const k of ['x', 'y', 'w', 'h'] as const) {
        const v = g[k];
        if (typeof v !== 'number' || !Number.isInteger(v)) out.push({ pointer: `${at}/${k}`, message: `gridPos.${k} must be an integer, got ${JSON.stringify(v)}` });
      }
      const r = rectOf(p.panel);
      if (!r) continue;
      if (r.w < 1 || r.h < 1) out.push({ pointer: at, message: `gridPos has an empty size w=${r.w} h=${r.h}` });
      if (r.x < 0 || r.y < 0) out.push({ pointer: at, message: `gridPos is outside the grid (x=${r.x}, y=${r.y})` });
      if (r.x + r.w > GRID_COLUMNS) out.push({ pointer: `${at}/w`, message: `panel spans columns ${r.x}–${r.x + r.w} but the grid has ${GRID_COLUMNS} columns (x + w = ${r.x + r.w})` });
    }
    return out;
  },
};
