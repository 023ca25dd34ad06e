/**
 * The Prometheus configuration of the compose stack, derived from the catalogue and written by
 * the build (generated/prometheus/prometheus.yml, mounted by docker-compose.yml). Its scrape
 * interval is the provisioned datasource's `timeInterval`, so Grafana's `$__rate_interval`
 * matches what Prometheus stores.
 */
import { renderPrometheusConfig } from '../preview/prometheus';
import { SCRAPE_INTERVAL } from './provisioning';

/** Port the exporter listens on inside the compose network (PROMETHEUS_PORT). */
export const COMPOSE_EXPORTER_PORT = 9464;
export const COMPOSE_EXPORTER_SERVICE = 'exporter';
/** Output path of the compose Prometheus configuration, relative to generated/. */
export const COMPOSE_PROMETHEUS_CONFIG = 'prometheus/prometheus.yml';

export function composePrometheusConfig(): string {
  return renderPrometheusConfig(
    { targets: [`${COMPOSE_EXPORTER_SERVICE}:${COMPOSE_EXPORTER_PORT}`], scrapeInterval: SCRAPE_INTERVAL, scrapeTimeout: '10s' },
    ' Generated from the catalogue by `npm run build-dashboards`. Do not edit.\n Mounted by docker-compose.yml; scrape interval = the provisioned datasource timeInterval.',
  );
}
