import { dash, panel, PROM, prom, type RuleTable } from './fragment';

export const table: RuleTable = {
  rule: 'schema',
  cases: [
    { name: 'gridPos of the wrong type', input: dash({ panels: [panel('timeseries', { gridPos: 'top-left' })] }), expect: [['error', '/panels/0/gridPos', 'expected object, got string']] },
    { name: 'unknown enum value is a warning', input: dash({ panels: [panel('timeseries', { options: { legend: { displayMode: 'huge' } } })] }), expect: [['warning', '/panels/0/options/legend/displayMode', 'must be one of: list, table, hidden (got "huge")']] },
    { name: 'well-formed panel and target', input: dash({ panels: [panel('timeseries', { datasource: PROM, targets: [prom('up')] })] }), expect: [] },
  ],
};
