/**
 * The Prometheus and Loki configurations of the compose stack, derived from the catalogue and
 * written by the build (generated/prometheus/prometheus.yml, generated/loki/loki.yml, mounted by
 * docker-compose.yml). The Prometheus scrape interval is the provisioned datasource's
 * `timeInterval`, so Grafana's `$__rate_interval` matches what Prometheus stores; both keep data
 * for the catalogue's evidence retention.
 */
import { Document } from 'yaml';
import { EVIDENCE_RETENTION } from '../catalogue';
import { renderPrometheusConfig } from '../preview/prometheus';
import { SCRAPE_INTERVAL } from './provisioning';

/** Port the exporter listens on inside the compose network (PROMETHEUS_PORT). */
export const COMPOSE_EXPORTER_PORT = 9464;
export const COMPOSE_EXPORTER_SERVICE = 'exporter';
/** Output path of the compose Prometheus configuration, relative to generated/. */
export const COMPOSE_PROMETHEUS_CONFIG = 'prometheus/prometheus.yml';
/** Output path of the compose Loki configuration, relative to generated/. */
export const COMPOSE_LOKI_CONFIG = 'loki/loki.yml';
/** The compose Prometheus flag the evidence retention sets (Prometheus takes retention only as a flag). */
export const PROMETHEUS_RETENTION_FLAG = `--storage.tsdb.retention.time=${EVIDENCE_RETENTION}`;

export function composePrometheusConfig(): string {
  return renderPrometheusConfig(
    { targets: [`${COMPOSE_EXPORTER_SERVICE}:${COMPOSE_EXPORTER_PORT}`], scrapeInterval: SCRAPE_INTERVAL, scrapeTimeout: '10s' },
    ' Generated from the catalogue by `npm run build-dashboards`. Do not edit.\n Mounted by docker-compose.yml; scrape interval = the provisioned datasource timeInterval.',
  );
}

/**
 * Single-binary Loki with filesystem storage (as the image's bundled configuration) plus the
 * evidence retention: the compactor deletes chunks older than `retention_period`.
 */
export function composeLokiConfig(): string {
  const doc = new Document({
    auth_enabled: false,
    server: { http_listen_port: 3100, grpc_listen_port: 9096 },
    common: {
      instance_addr: '127.0.0.1',
      path_prefix: '/loki',
      storage: { filesystem: { chunks_directory: '/loki/chunks', rules_directory: '/loki/rules' } },
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
    },
    schema_config: { configs: [{ from: '2024-01-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } }] },
    limits_config: { retention_period: EVIDENCE_RETENTION },
    compactor: { working_directory: '/loki/compactor', retention_enabled: true, delete_request_store: 'filesystem' },
  });
  doc.commentBefore = ' Generated from the catalogue by `npm run build-dashboards`. Do not edit.\n Mounted by docker-compose.yml; retention = EVIDENCE_RETENTION (src/catalogue/retention.ts).';
  return doc.toString({ lineWidth: 0 });
}
