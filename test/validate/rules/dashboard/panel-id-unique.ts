import { dash, panel, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'dashboard/panel-id-unique',
  cases: [
    {
      name: 'two panels with id 2',
      input: dash({ panels: [panel('stat', { id: 2 }), panel('stat', { id: 2 })] }),
      expect: [['warning', '/panels/1/id', 'panel id 2 is also used by the panel at /panels/0; Grafana gives this panel a new id on load, so links to viewPanel=2 open the other one']],
    },
    {
      name: 'a row child repeating its row id',
      input: dash({ panels: [panel('row', { id: 1, collapsed: true, panels: [panel('stat', { id: 1 })] })] }),
      expect: [['warning', '/panels/0/panels/0/id', 'panel id 1 is also used by the panel at /panels/0; Grafana gives this panel a new id on load, so links to viewPanel=1 open the other one']],
    },
    { name: 'distinct ids', input: dash({ panels: [panel('stat', { id: 1 }), panel('stat', { id: 2 })] }), expect: [] },
  ],
};
