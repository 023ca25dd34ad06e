import { dash, panel, type RuleTable } from './fragment';

export const table: RuleTable = {
  rule: 'schema-legacy',
  cases: [
    { name: 'graph panel', input: dash({ panels: [panel('graph')] }), expect: [['info', '/panels/0/type', 'legacy panel type "graph": Grafana migrates it to "timeseries" on load; its options are not checked']] },
    { name: 'top-level rows', input: dash({ schemaVersion: 14, panels: undefined, rows: [{ panels: [] }] }), expect: [['info', '/rows', 'legacy top-level "rows" layout: Grafana converts rows to panels on load']] },
    {
      name: 'numeric value-mapping type before schemaVersion 30',
      input: dash({ schemaVersion: 27, panels: [panel('stat', { fieldConfig: { defaults: { mappings: [{ type: 1, value: '0', text: 'down' }] }, overrides: [] } })] }),
      expect: [['info', '/panels/0/fieldConfig/defaults/mappings/0/type', "legacy value mapping (must be one of: value, range, regex, special (got 1)): Grafana's migration to schemaVersion 30 converts it on load"]],
    },
    { name: 'timeseries panel', input: dash({ panels: [panel('timeseries')] }), expect: [] },
  ],
};
