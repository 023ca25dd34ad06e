import { dash, panel, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'dashboard/grid-overlap',
  cases: [
    {
      name: 'two panels on the same cells',
      input: dash({ panels: [panel('stat', { title: 'A', gridPos: { x: 0, y: 0, w: 12, h: 4 } }), panel('stat', { title: 'B', gridPos: { x: 8, y: 2, w: 12, h: 4 } })] }),
      expect: [['error', '/panels/1/gridPos', 'panel "B" (x=8 y=2 w=12 h=4) overlaps panel "A" at /panels/0 (x=0 y=0 w=12 h=4)']],
    },
    {
      name: 'collapsed row children are laid out on their own',
      input: dash({ panels: [panel('stat', { gridPos: { x: 0, y: 0, w: 24, h: 4 } }), panel('row', { collapsed: true, gridPos: { x: 0, y: 4, w: 24, h: 1 }, panels: [panel('stat', { gridPos: { x: 0, y: 0, w: 24, h: 4 } })] })] }),
      expect: [],
    },
    { name: 'side by side', input: dash({ panels: [panel('stat', { gridPos: { x: 0, y: 0, w: 12, h: 4 } }), panel('stat', { gridPos: { x: 12, y: 0, w: 12, h: 4 } })] }), expect: [] },
  ],
};
