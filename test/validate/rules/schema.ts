import { dash, panel, PROM, prom, type RuleTable } from './fragment';

export const table: RuleTable = {
  rule: 'schema',
  cases: [
    { name: 'gridPos of the wrong type', input: dash({ panels: [panel('timeseries', { gridPos: 'top-left' })] }), expect: [['error', '/panels/0/gridPos', 'expected object, got string']] },
    { name: 'unknown enum value is a warning', input: dash({ panels: [panel('timeseries', { options: { legend: { displayMode: 'huge' } } })] }), expect: [['warning', '/panels/0/options/legend/displayMode', 'must be one of: list, table, hidden (got "huge")']] },
    {
      name: "a variable's unreadable saved value is repaired on load",
      input: dash({ templating: { list: [{ name: 'v', type: 'custom', query: 'a,b', current: { text: { text: 'All' }, value: 'a' } }] } }),
      expect: [['warning', '/templating/list/0/current/text', "expected string or array, got object; Grafana replaces a saved value it cannot read with one of the variable's options on load"]],
    },
    { name: 'noValue as a number', input: dash({ panels: [panel('stat', { fieldConfig: { defaults: { noValue: 0 }, overrides: [] } })] }), expect: [['warning', '/panels/0/fieldConfig/defaults/noValue', 'expected string, got number; Grafana shows the number as text']] },
    { name: 'well-formed panel and target', input: dash({ panels: [panel('timeseries', { datasource: PROM, targets: [prom('up')] })] }), expect: [] },
  ],
};
