/**
 * Values shared by `docker-compose.yml`, its Prometheus configuration under `deploy/` and the
 * test that checks them against the generated provisioning. The compose Prometheus scrapes at
 * the interval the provisioned datasource declares (`timeInterval`), so Grafana's
 * `$__rate_interval` matches what Prometheus stores.
 */
import * as path from 'node:path';
import { PROJECT_ROOT } from '../build/build';
import { SCRAPE_INTERVAL } from '../build/provisioning';
import { renderPrometheusConfig } from './prometheus';

/** Port the exporter listens on inside the compose network (PROMETHEUS_PORT). */
export const COMPOSE_EXPORTER_PORT = 9464;
export const COMPOSE_EXPORTER_SERVICE = 'exporter';
export const COMPOSE_PROMETHEUS_CONFIG = path.join(PROJECT_ROOT, 'deploy', 'prometheus', 'prometheus.yml');

export function composePrometheusConfig(): string {
  return renderPrometheusConfig(
    { targets: [`${COMPOSE_EXPORTER_SERVICE}:${COMPOSE_EXPORTER_PORT}`], scrapeInterval: SCRAPE_INTERVAL, scrapeTimeout: '10s' },
    ' Generated from the catalogue by `npm run preview -- --write-deploy-config`. Do not edit.\n Mounted by docker-compose.yml; scrape interval = the provisioned datasource timeInterval.',
  );
}
