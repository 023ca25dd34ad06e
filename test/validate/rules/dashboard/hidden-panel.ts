import { dash, panel, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'dashboard/hidden-panel',
  cases: [
    { name: 'zero width', input: dash({ panels: [panel('stat', { title: 'S', gridPos: { x: 0, y: 0, w: 0, h: 4 } })] }), expect: [['error', '/panels/0/gridPos', 'panel "S" has gridPos w=0 h=4: Grafana renders it with no area, so it is never visible']] },
    {
      name: 'in the panels list of an expanded row',
      input: dash({ panels: [panel('row', { title: 'R', collapsed: false, panels: [panel('stat', { title: 'S' })] })] }),
      expect: [['error', '/panels/0/panels/0', 'panel "S" is in the panels list of row "R", which is not collapsed: Grafana shows the panels after an expanded row, never this list, and replaces it when the row is collapsed']],
    },
    { name: 'a row of size 0×0, a collapsed row\'s panels', input: dash({ panels: [panel('row', { gridPos: { x: 0, y: 0, w: 0, h: 0 }, collapsed: true, panels: [panel('stat')] })] }), expect: [] },
  ],
};
