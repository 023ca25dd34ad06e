import { dash, panel, type RuleTable } from '../fragment';

const g = (x: number, y: number, w: number, h: number): unknown => ({ x, y, w, h });

export const table: RuleTable = {
  rule: 'dashboard/grid-overlap',
  cases: [
    {
      name: 'two panels on the same cells: the later one is moved down',
      input: dash({ panels: [panel('stat', { title: 'A', gridPos: g(0, 0, 12, 4) }), panel('stat', { title: 'B', gridPos: g(8, 2, 12, 4) })] }),
      expect: [['warning', '/panels/1/gridPos', 'panel "B" (x=8 y=2 w=12 h=4) overlaps panel "A" at /panels/0 (x=0 y=0 w=12 h=4); Grafana\'s grid moves "B" to x=8 y=4 w=12 h=4 on load']],
    },
    {
      name: 'inside a collapsed row, as laid out on expand',
      input: dash({ panels: [panel('row', { title: 'R', collapsed: true, gridPos: g(0, 0, 24, 1), panels: [panel('stat', { title: 'A', gridPos: g(0, 39, 12, 8) }), panel('stat', { title: 'B', gridPos: g(0, 46, 12, 8) })] })] }),
      expect: [['warning', '/panels/0/panels/1/gridPos', 'panel "B" (x=0 y=46 w=12 h=8) overlaps panel "A" at /panels/0/panels/0 (x=0 y=39 w=12 h=8); when row "R" is expanded, Grafana\'s grid moves "B" down']],
    },
    {
      name: 'collapsed row children are laid out on their own',
      input: dash({ panels: [panel('stat', { gridPos: g(0, 0, 24, 4) }), panel('row', { collapsed: true, gridPos: g(0, 4, 24, 1), panels: [panel('stat', { gridPos: g(0, 0, 24, 4) })] })] }),
      expect: [],
    },
    { name: 'a generator row written 0×0 over its first panels', input: dash({ panels: [panel('row', { gridPos: g(0, 2, 0, 0) }), panel('stat', { gridPos: g(0, 2, 4, 4) })] }), expect: [] },
    { name: 'side by side', input: dash({ panels: [panel('stat', { gridPos: g(0, 0, 12, 4) }), panel('stat', { gridPos: g(12, 0, 12, 4) })] }), expect: [] },
  ],
};
