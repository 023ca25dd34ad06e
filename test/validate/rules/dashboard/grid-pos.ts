import { dash, panel, type RuleTable } from '../fragment';

const at = (gridPos: unknown, extra = {}): unknown => dash({ panels: [panel('stat', { title: 'S', gridPos, ...extra })] });

export const table: RuleTable = {
  rule: 'dashboard/grid-pos',
  cases: [
    { name: 'missing gridPos', input: at(undefined), expect: [['warning', '/panels/0', 'panel "S" has no gridPos: Grafana gives it the default 6×3 size and shows it at x=0 y=0 w=6 h=3']] },
    { name: 'gridPos without x (PanelModel defaults it)', input: at({ y: 0, w: 12, h: 4 }), expect: [['warning', '/panels/0/gridPos', 'gridPos has no x: Grafana uses x=0']] },
    { name: 'wider than the grid', input: at({ x: 16, y: 0, w: 12, h: 4 }), expect: [['warning', '/panels/0/gridPos/w', 'panel spans columns 16–28 but the grid has 24 columns (x + w = 28); Grafana moves it to x=12 w=12']] },
    { name: 'fractional position', input: at({ x: 0, y: 22.2, w: 12, h: 4 }), expect: [['warning', '/panels/0/gridPos/y', 'gridPos.y is 22.2, not a whole grid cell; Grafana keeps the fraction']] },
    { name: 'a row of size 0×0: Grafana sizes rows itself', input: at({ x: 0, y: 0, w: 0, h: 0 }, { type: 'row' }), expect: [] },
    { name: 'a string: the schema rule reports it once', input: at({ x: 0, y: 0, w: '16', h: 4 }), expect: [] },
    { name: 'legacy rows have no gridPos', input: dash({ schemaVersion: 14, panels: undefined, rows: [{ panels: [{ id: 1, type: 'graph', title: 'g' }] }] }), expect: [] },
    { name: 'inside the grid', input: at({ x: 12, y: 0, w: 12, h: 4 }), expect: [] },
  ],
};
