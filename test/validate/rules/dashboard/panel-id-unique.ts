import { dash, panel, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'dashboard/panel-id-unique',
  cases: [
    { name: 'two panels with id 2', input: dash({ panels: [panel('stat', { id: 2 }), panel('stat', { id: 2 })] }), expect: [['error', '/panels/1/id', 'panel id 2 is also used by the panel at /panels/0']] },
    { name: 'a row child repeating its row id', input: dash({ panels: [panel('row', { id: 1, collapsed: true, panels: [panel('stat', { id: 1 })] })] }), expect: [['error', '/panels/0/panels/0/id', 'panel id 1 is also used by the panel at /panels/0']] },
    { name: 'distinct ids', input: dash({ panels: [panel('stat', { id: 1 }), panel('stat', { id: 2 })] }), expect: [] },
  ],
};
