/**
 * Docker does not run here, so the compose stack is checked statically: it parses, every mounted
 * host path exists, images are pinned, ports bind loopback, and the Grafana side agrees with the
 * generated provisioning (env names, datasource uids and URLs) and the Prometheus side with the
 * catalogue-generated scrape config.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { datasources } from '../../src/panels/datasources';
import { servers } from '../../src/servers/servers';
import { catalogue } from '../../src/catalogue';
import {
  COMPOSE_EXPORTER_PORT,
  COMPOSE_EXPORTER_SERVICE,
  COMPOSE_LOKI_CONFIG,
  COMPOSE_PROMETHEUS_CONFIG,
  composeLokiConfig,
  composePrometheusConfig,
  PROMETHEUS_RETENTION_FLAG,
} from '../../src/build/deploy';

const ROOT = path.resolve(__dirname, '..', '..');
const GENERATED = path.join(ROOT, 'generated');

interface Service {
  image?: string;
  command?: string | string[];
  environment?: Record<string, string> | string[];
  ports?: Array<string | { host_ip?: string; published?: string | number; target?: number }>;
  volumes?: Array<string | { type?: string; source?: string; target?: string; read_only?: boolean }>;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
const services = Object.entries(compose.services);

function env(service: Service): Record<string, string> {
  const e = service.environment ?? {};
  if (Array.isArray(e)) return Object.fromEntries(e.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
}

function mounts(service: Service): Array<{ source: string; target: string; readOnly: boolean }> {
  return (service.volumes ?? []).map((v) => {
    if (typeof v === 'string') {
      const [source, target, mode] = v.split(':');
      return { source: source!, target: target!, readOnly: mode === 'ro' };
    }
    return { source: v.source ?? '', target: v.target ?? '', readOnly: v.read_only === true };
  });
}

function commandText(service: Service): string {
  return Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
}

function serviceByImage(repo: string): [string, Service] {
  const found = services.filter(([, s]) => s.image?.split(':')[0] === repo);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** `${NAME}` references in the generated provisioning files. */
function provisioningEnvRefs(): string[] {
  const refs = new Set<string>();
  const dir = path.join(GENERATED, 'provisioning');
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    for (const m of fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8').matchAll(/\$\{([A-Z0-9_]+)\}/g)) refs.add(m[1]!);
  }
  return [...refs].sort();
}

function grafanaEnvFile(): Record<string, string> {
  const lines = fs.readFileSync(path.join(GENERATED, 'grafana.env'), 'utf8').split('\n');
  return Object.fromEntries(lines.filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('docker-compose.yml', () => {
  test('has the five services', () => {
    expect(services.map(([, s]) => s.image?.split(':')[0]).sort()).toEqual(['grafana/grafana-oss', 'grafana/loki', 'jaegertracing/jaeger', 'node', 'prom/prometheus']);
  });

  test.each(Object.entries(servers))('the %s the e2e tests build is the release compose pins', (_name, spec) => {
    const [, service] = serviceByImage(spec.image);
    expect(service.image!.split(':')[1]!.replace(/^v/, '')).toBe(spec.version);
    // The wrapper module requires the upstream module at the version that release is published as.
    const goMod = fs.readFileSync(path.join(ROOT, 'tools', 'servers', _name, 'go.mod'), 'utf8');
    expect(goMod).toMatch(new RegExp(`^(?:require |\\t)${spec.module.replace(/\./g, '\\.')} ${spec.moduleVersion.replace(/\./g, '\\.')}(?: // indirect)?$`, 'm'));
  });

  test.each(services)('%s: image tag is pinned to a version', (_name, service) => {
    const image = service.image ?? '';
    const m = /^([a-z0-9./_-]+):([A-Za-z0-9._-]+)(@sha256:[0-9a-f]{64})?$/.exec(image);
    expect({ image, pinned: !!m && m[2] !== 'latest' && /\d+\.\d+\.\d+/.test(m[2]!) }).toEqual({ image, pinned: true });
  });

  test.each(services)('%s: every published port binds 127.0.0.1', (_name, service) => {
    for (const p of service.ports ?? []) {
      const hostIp = typeof p === 'string' ? p.split(':')[0] : p.host_ip;
      expect({ port: p, hostIp }).toEqual({ port: p, hostIp: '127.0.0.1' });
    }
  });

  test.each(services)('%s: every mounted host path exists, named volumes are declared', (_name, service) => {
    for (const m of mounts(service)) {
      if (m.source.startsWith('.') || m.source.startsWith('/')) {
        expect({ source: m.source, exists: fs.existsSync(path.resolve(ROOT, m.source)) }).toEqual({ source: m.source, exists: true });
      } else {
        expect(Object.keys(compose.volumes ?? {})).toContain(m.source);
      }
    }
  });

  describe('grafana', () => {
    const [, grafana] = serviceByImage('grafana/grafana-oss');
    const grafanaEnv = env(grafana);

    test('targets Grafana 12 (the SDK emits schemaVersion 42)', () => {
      expect(grafana.image).toMatch(/:12\.\d+\.\d+/);
      for (const file of fs.readdirSync(path.join(GENERATED, 'dashboards'))) {
        const json = JSON.parse(fs.readFileSync(path.join(GENERATED, 'dashboards', file), 'utf8')) as { schemaVersion: number };
        expect(json.schemaVersion).toBeLessThanOrEqual(42);
      }
    });

    test('mounts generated provisioning and dashboards read-only where the provisioning expects them', () => {
      const m = mounts(grafana);
      expect(m).toContainEqual({ source: './generated/provisioning', target: '/etc/grafana/provisioning', readOnly: true });
      const dashboards = m.find((x) => x.source === './generated/dashboards');
      expect(dashboards).toEqual({ source: './generated/dashboards', target: grafanaEnv.PIPELINE_DASHBOARDS_DIR, readOnly: true });
    });

    test('sets every environment variable the provisioning files reference, with the names of grafana.env', () => {
      const refs = provisioningEnvRefs();
      expect(refs.length).toBeGreaterThan(0);
      expect(Object.keys(grafanaEnvFile()).sort()).toEqual(refs);
      for (const ref of refs) expect({ ref, set: ref in grafanaEnv }).toEqual({ ref, set: true });
    });

    test.each([
      ['prometheus', 'prom/prometheus', 9090],
      ['loki', 'grafana/loki', 3100],
      ['jaeger', 'jaegertracing/jaeger', 16686],
    ] as const)('the %s datasource URL points at the compose service', (kind, image, port) => {
      const ds = datasources[kind];
      const url = new URL(grafanaEnv[ds.urlEnv]!);
      const [serviceName, service] = serviceByImage(image);
      expect(url.hostname).toBe(serviceName);
      expect(Number(url.port)).toBe(port);
      // The published port (host side) is the same container port.
      expect((service.ports ?? []).map(String)).toContain(`127.0.0.1:${port}:${port}`);
    });

    test('provisioned datasource uids are the ones the dashboards default to (where a dashboard has the picker)', () => {
      const provisioned = parse(fs.readFileSync(path.join(GENERATED, 'provisioning', 'datasources', 'compile-pipeline.yaml'), 'utf8')) as {
        datasources: Array<{ uid: string; type: string; url: string }>;
      };
      for (const kind of ['prometheus', 'loki', 'jaeger'] as const) {
        const ds = datasources[kind];
        expect(provisioned.datasources).toContainEqual(expect.objectContaining({ uid: ds.uid, type: ds.type, url: `\${${ds.urlEnv}}` }));
        if (kind === 'jaeger') continue; // no panel queries traces: only links open them
        let pickers = 0;
        for (const file of fs.readdirSync(path.join(GENERATED, 'dashboards'))) {
          const json = JSON.parse(fs.readFileSync(path.join(GENERATED, 'dashboards', file), 'utf8')) as {
            templating: { list: Array<{ name: string; current?: { value?: string } }> };
          };
          const variable = json.templating.list.find((v) => v.name === ds.variable);
          // A dashboard without panels on this kind of datasource has no picker for it (an unused variable).
          const queriesKind = fs.readFileSync(path.join(GENERATED, 'dashboards', file), 'utf8').includes(`"type": "${ds.type}"`);
          if (!variable && !queriesKind) continue;
          expect({ file, value: variable?.current?.value }).toEqual({ file, value: ds.uid });
          pickers++;
        }
        expect(pickers).toBeGreaterThan(0);
      }
    });
  });

  describe('prometheus', () => {
    const [, prometheus] = serviceByImage('prom/prometheus');

    test('mounts the catalogue-generated scrape config, up to date', () => {
      const mount = mounts(prometheus).find((m) => m.target === '/etc/prometheus/prometheus.yml');
      expect(mount).toBeDefined();
      expect(path.resolve(ROOT, mount!.source)).toBe(path.join(GENERATED, COMPOSE_PROMETHEUS_CONFIG));
      expect(fs.readFileSync(path.join(GENERATED, COMPOSE_PROMETHEUS_CONFIG), 'utf8')).toBe(composePrometheusConfig());
    });

    test('keeps data for the evidence retention of the catalogue', () => {
      const flags = Array.isArray(prometheus.command) ? prometheus.command : commandText(prometheus).split(/\s+/);
      expect(flags.filter((a) => a.startsWith('--storage.tsdb.retention.time='))).toEqual([PROMETHEUS_RETENTION_FLAG]);
      expect(PROMETHEUS_RETENTION_FLAG).toBe(`--storage.tsdb.retention.time=${catalogue.retention.evidence}`);
    });

    test('stores exemplars and scrapes at the interval the datasource declares', () => {
      expect(commandText(prometheus)).toContain('--enable-feature=exemplar-storage');
      const config = parse(composePrometheusConfig()) as { scrape_configs: Array<{ scrape_interval: string; static_configs: Array<{ targets: string[] }> }> };
      const provisioned = parse(fs.readFileSync(path.join(GENERATED, 'provisioning', 'datasources', 'compile-pipeline.yaml'), 'utf8')) as {
        datasources: Array<{ type: string; jsonData?: { timeInterval?: string } }>;
      };
      const timeInterval = provisioned.datasources.find((d) => d.type === 'prometheus')?.jsonData?.timeInterval;
      expect(config.scrape_configs[0]!.scrape_interval).toBe(timeInterval);
      expect(config.scrape_configs[0]!.static_configs[0]!.targets).toEqual([`${COMPOSE_EXPORTER_SERVICE}:${COMPOSE_EXPORTER_PORT}`]);
    });
  });

  describe('loki', () => {
    const [, loki] = serviceByImage('grafana/loki');

    test('runs the catalogue-generated configuration, up to date, with the evidence retention', () => {
      const mount = mounts(loki).find((m) => m.target === '/etc/loki/loki.yml');
      expect(mount).toBeDefined();
      expect(path.resolve(ROOT, mount!.source)).toBe(path.join(GENERATED, COMPOSE_LOKI_CONFIG));
      expect(commandText(loki)).toContain('-config.file=/etc/loki/loki.yml');
      expect(fs.readFileSync(path.join(GENERATED, COMPOSE_LOKI_CONFIG), 'utf8')).toBe(composeLokiConfig());
      const config = parse(composeLokiConfig()) as {
        limits_config: { retention_period: string };
        compactor: { retention_enabled: boolean; delete_request_store: string };
      };
      expect(config.limits_config.retention_period).toBe(catalogue.retention.evidence);
      // Loki only deletes what the compactor is told to, and needs a delete-request store for it.
      expect(config.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 'filesystem' });
    });
  });

  describe('exporter', () => {
    const exporter = compose.services[COMPOSE_EXPORTER_SERVICE]!;

    test('listens on the port Prometheus scrapes and pushes logs to the compose Loki', () => {
      expect(env(exporter).PROMETHEUS_PORT).toBe(String(COMPOSE_EXPORTER_PORT));
      expect(['online', 'offline']).toContain(env(exporter).TELEMETRY_ENVIRONMENT);
      const [lokiName] = serviceByImage('grafana/loki');
      expect(commandText(exporter)).toContain(`--loki-url http://${lokiName}:3100`);
      expect(commandText(exporter)).toMatch(/npm ci .*&& npm run exporter/);
    });

    test('sends spans over OTLP/HTTP to the compose Jaeger', () => {
      const [jaegerName] = serviceByImage('jaegertracing/jaeger');
      expect(env(exporter).TELEMETRY_EXPORTER_ENDPOINT).toBe(`http://${jaegerName}:4318`);
    });

    test('runs from the mounted repository without touching the host node_modules', () => {
      const m = mounts(exporter);
      expect(m).toContainEqual({ source: './', target: '/app', readOnly: false });
      expect(m.find((x) => x.target === '/app/node_modules')?.source).toBe('exporter-node-modules');
    });
  });
});
