import { dash, panel, prom, type RuleTable } from '../fragment';

const withTarget = (datasource: unknown): unknown => dash({ panels: [panel('timeseries', { targets: [prom('up', { datasource })] })] });

export const table: RuleTable = {
  rule: 'dashboard/datasource',
  cases: [
    { name: 'undefined datasource variable', input: withTarget({ type: 'prometheus', uid: '${metrics_ds}' }), expect: [['error', '/panels/0/targets/0/datasource', 'datasource "${metrics_ds}" refers to variable "metrics_ds", which is not defined in templating or __inputs']] },
    {
      name: 'uid that is not provisioned',
      datasources: true,
      input: withTarget({ type: 'prometheus', uid: 'prod-prometheus' }),
      expect: [['error', '/panels/0/targets/0/datasource', 'datasource uid "prod-prometheus" is not provisioned (provisioned: "pipeline-prometheus", "pipeline-loki")']],
    },
    { name: 'provisioned uid', datasources: true, input: withTarget({ type: 'prometheus', uid: 'pipeline-prometheus' }), expect: [] },
    { name: '__inputs placeholder', input: { ...(withTarget('${DS_PROM}') as object), __inputs: [{ name: 'DS_PROM', type: 'datasource', pluginId: 'prometheus' }] }, expect: [] },
  ],
};
