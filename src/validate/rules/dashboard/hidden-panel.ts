import type { RawFinding, Rule } from '../../types';

export const rule: Rule = {
  id: 'dashboard/hidden-panel',
  severity: 'error',
  doc: 'Every panel can be seen: none with a zero or negative width or height, none in the panels list of a row that is not collapsed (Grafana never shows those).',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const p of ctx.model.panels) {
      if (p.row && p.row.panel['collapsed'] !== true && !p.legacyRow) {
        out.push({
          pointer: p.pointer,
          message: `panel "${p.title ?? p.id}" is in the panels list of row "${p.row.title ?? p.row.id}", which is not collapsed: Grafana shows the panels after an expanded row, never this list, and replaces it when the row is collapsed`,
        });
      }
    }
    for (const { items } of ctx.model.layout()) {
      for (const { key: p, isRow, loaded } of items) {
        if (isRow || (loaded.w >= 1 && loaded.h >= 1)) continue;
        out.push({ pointer: `${p.pointer}/gridPos`, message: `panel "${p.title ?? p.id}" has gridPos w=${loaded.w} h=${loaded.h}: Grafana renders it with no area, so it is never visible` });
      }
    }
    return out;
  },
};
