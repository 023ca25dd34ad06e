import { DEFAULT_GRID_POS, GRID_COLUMNS } from '../../../grafana/grid';
import type { RawFinding, Rule } from '../../types';

const name = (p: { title?: string; id?: number }): string => `"${p.title ?? p.id ?? '?'}"`;

export const rule: Rule = {
  id: 'dashboard/grid-pos',
  severity: 'warning',
  doc: 'Each panel has a complete gridPos inside the 24-column grid; Grafana repairs one that does not (defaults, pulled back into the grid), so the file does not say what renders.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const { items } of ctx.model.layout()) {
      for (const { key: p, isRow, loaded, defaulted, bounded, rendered } of items) {
        // Grafana sizes and places rows itself (24×1 at x = 0): nothing a file says about them is used.
        if (isRow) continue;
        const at = `${p.pointer}/gridPos`;
        const where = `x=${rendered.x} y=${rendered.y} w=${rendered.w} h=${rendered.h}`;
        if (p.panel['gridPos'] === undefined) {
          out.push({ pointer: p.pointer, message: `panel ${name(p)} has no gridPos: Grafana gives it the default ${DEFAULT_GRID_POS.w}×${DEFAULT_GRID_POS.h} size and shows it at ${where}` });
          continue;
        }
        if (defaulted.length > 0) {
          out.push({ pointer: at, message: `gridPos has no ${defaulted.join(', ')}: Grafana uses ${defaulted.map((k) => `${k}=${DEFAULT_GRID_POS[k]}`).join(', ')}` });
        }
        for (const k of ['x', 'y', 'w', 'h'] as const) {
          if (!defaulted.includes(k) && !Number.isInteger(loaded[k])) out.push({ pointer: `${at}/${k}`, message: `gridPos.${k} is ${loaded[k]}, not a whole grid cell; Grafana keeps the fraction` });
        }
        if (loaded.w < 1 || loaded.h < 1) continue; // never visible: dashboard/hidden-panel
        if (loaded.x < 0 || loaded.x + loaded.w > GRID_COLUMNS) {
          const span = `panel spans columns ${loaded.x}–${loaded.x + loaded.w} but the grid has ${GRID_COLUMNS} columns (x + w = ${loaded.x + loaded.w})`;
          out.push({ pointer: `${at}/${loaded.x < 0 ? 'x' : 'w'}`, message: `${span}; Grafana moves it to x=${bounded.x} w=${bounded.w}` });
        }
        if (loaded.y < 0) out.push({ pointer: `${at}/y`, message: `gridPos.y is ${loaded.y}, above the grid; Grafana shows the panel at y=${rendered.y}` });
      }
    }
    return out;
  },
};
