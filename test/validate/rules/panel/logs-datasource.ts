import { dash, loki, panel, PROM, type RuleTable } from '../fragment';

const logs = (datasource: unknown): unknown => dash({ panels: [panel('logs', { title: 'L', targets: [loki('{app="x"}', { datasource })] })] });

export const table: RuleTable = {
  rule: 'panel/logs-datasource',
  cases: [
    { name: 'logs panel on Prometheus', input: logs(PROM), expect: [['error', '/panels/0/targets/0/datasource', 'logs panel "L" queries a prometheus datasource, which returns no log lines; use the Loki datasource']] },
    { name: 'logs panel on another log store', input: logs({ type: 'elasticsearch', uid: 'es' }), expect: [['warning', '/panels/0/targets/0/datasource', 'logs panel "L" queries a elasticsearch datasource; this project\'s logs are in Loki']] },
    { name: 'logs panel on Loki', input: logs({ type: 'loki', uid: 'pipeline-loki' }), expect: [] },
  ],
};
