/**
 * How long telemetry that serves as compliance evidence is kept: the metrics, the
 * evidence.collected log lines and (where a trace store is deployed) the spans whose
 * provenance ids link them. One setting; every generated backend configuration takes it
 * (Prometheus `--storage.tsdb.retention.time`, Loki `limits_config.retention_period` with the
 * compactor's retention on). Deployments with a Tempo would set `compactor.compaction.block_retention`
 * from it too; this project deploys none.
 */

/** A Prometheus-style duration (Prometheus and Loki both parse it): 400 days, a year plus an audit quarter. */
export const EVIDENCE_RETENTION = '400d';

/** Backend settings the retention drives, for the data contract. */
export const RETENTION_TARGETS = [
  'Prometheus: --storage.tsdb.retention.time (docker-compose.yml)',
  'Loki: limits_config.retention_period, compactor.retention_enabled (generated/loki/loki.yml)',
] as const;
