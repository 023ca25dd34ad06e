/**
 * Datasources the dashboards query. Dashboards reference them through datasource template
 * variables whose defaults are the provisioned uids below, so the same JSON works with the
 * generated provisioning files and with any other Prometheus/Loki a user picks.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

export const datasources = {
  prometheus: {
    type: 'prometheus',
    uid: 'pipeline-prometheus',
    name: 'Pipeline Prometheus',
    variable: 'prometheus_ds',
    urlEnv: 'PIPELINE_PROMETHEUS_URL',
    defaultUrl: 'http://127.0.0.1:9090',
  },
  loki: {
    type: 'loki',
    uid: 'pipeline-loki',
    name: 'Pipeline Loki',
    variable: 'loki_ds',
    urlEnv: 'PIPELINE_LOKI_URL',
    defaultUrl: 'http://127.0.0.1:3100',
  },
  /** Trace store the exemplar and log links open (Jaeger's query API; spans arrive over OTLP). */
  jaeger: {
    type: 'jaeger',
    uid: 'pipeline-jaeger',
    name: 'Pipeline Jaeger',
    variable: 'jaeger_ds',
    urlEnv: 'PIPELINE_JAEGER_URL',
    defaultUrl: 'http://127.0.0.1:16686',
  },
} as const;

export type DatasourceKind = keyof typeof datasources;

/** Reference through the dashboard's datasource variable (`${prometheus_ds}`). */
export function datasourceRef(kind: DatasourceKind): DataSourceRef {
  const ds = datasources[kind];
  return { type: ds.type, uid: `\${${ds.variable}}` };
}
