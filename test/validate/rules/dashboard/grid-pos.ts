import { dash, panel, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'dashboard/grid-pos',
  cases: [
    { name: 'missing gridPos', input: dash({ panels: [panel('stat', { title: 'S', gridPos: undefined })] }), expect: [['error', '/panels/0', 'panel "S" has no gridPos']] },
    { name: 'wider than the grid', input: dash({ panels: [panel('stat', { gridPos: { x: 16, y: 0, w: 12, h: 4 } })] }), expect: [['error', '/panels/0/gridPos/w', 'panel spans columns 16–28 but the grid has 24 columns (x + w = 28)']] },
    { name: 'non-integer size', input: dash({ panels: [panel('stat', { gridPos: { x: 0, y: 0, w: 1.5, h: 4 } })] }), expect: [['error', '/panels/0/gridPos/w', 'gridPos.w must be an integer, got 1.5']] },
    { name: 'legacy rows have no gridPos', input: dash({ schemaVersion: 14, panels: undefined, rows: [{ panels: [{ id: 1, type: 'graph', title: 'g' }] }] }), expect: [] },
    { name: 'inside the grid', input: dash({ panels: [panel('stat', { gridPos: { x: 12, y: 0, w: 12, h: 4 } })] }), expect: [] },
  ],
};
