import { dash, panel, type RuleTable } from './fragment';

export const table: RuleTable = {
  rule: 'schema-plugin-panel',
  cases: [
    { name: 'plugin panel', input: dash({ panels: [panel('grafana-piechart-panel')] }), expect: [['info', '/panels/0/type', 'panel type "grafana-piechart-panel" is a plugin panel (not a core panel typed by SDK 0.0.21); its options are not checked']] },
    { name: 'core panel', input: dash({ panels: [panel('stat')] }), expect: [] },
  ],
};
