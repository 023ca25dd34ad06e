import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { catalogue } from '../../src/catalogue';
import {
  exposedMetricNames,
  findPrometheus,
  PROMETHEUS_INSTALL_COMMAND,
  PrometheusNotFoundError,
  prometheusConfig,
  renderPrometheusConfig,
  SCRAPE_JOB,
} from '../../src/preview/prometheus';

describe('findPrometheus', () => {
  test('a missing binary is a typed error carrying the install command', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-prom-'));
    try {
      // Only the fixed fallbacks remain; when the Debian package is installed they find it.
      const env = { PATH: empty };
      if (fs.existsSync('/usr/bin/prometheus') || fs.existsSync('/usr/local/bin/prometheus')) {
        expect(path.basename(findPrometheus(env))).toBe('prometheus');
      } else {
        expect(() => findPrometheus(env)).toThrow(PrometheusNotFoundError);
      }
      const error = new PrometheusNotFoundError([path.join(empty, 'prometheus'), '/usr/bin/prometheus']);
      expect(error.message).toContain(PROMETHEUS_INSTALL_COMMAND);
      expect(PROMETHEUS_INSTALL_COMMAND).toBe('apt-get update && apt-get install -y --no-install-recommends prometheus');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test('an explicit PROMETHEUS_BIN that does not exist is not silently replaced', () => {
    expect(() => findPrometheus({ PROMETHEUS_BIN: '/nonexistent/prometheus', PATH: '/usr/bin' })).toThrow(/PROMETHEUS_BIN=\/nonexistent\/prometheus.*apt-get/);
  });

  test('PROMETHEUS_BIN wins when executable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-prom-'));
    const bin = path.join(dir, 'my-prometheus');
    fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    try {
      expect(findPrometheus({ PROMETHEUS_BIN: bin, PATH: '' })).toBe(bin);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('prometheus config', () => {
  test('one scrape job for the exporter with interval and timeout', () => {
    const config = prometheusConfig({ targets: ['127.0.0.1:1234'], scrapeInterval: '1s' }) as {
      scrape_configs: Array<Record<string, unknown>>;
    };
    expect(config.scrape_configs).toHaveLength(1);
    expect(config.scrape_configs[0]).toMatchObject({
      job_name: SCRAPE_JOB,
      scrape_interval: '1s',
      scrape_timeout: '1s',
      static_configs: [{ targets: ['127.0.0.1:1234'] }],
    });
  });

  test('keeps exactly the catalogue metrics (with histogram/summary/counter series suffixes)', () => {
    const names = exposedMetricNames();
    for (const [name, def] of Object.entries(catalogue.metrics)) {
      expect(names).toContain(def.type === 'histogram' ? `${name}_bucket` : name);
    }
    expect(names).toContain('offline_bundle_size_bytes_sum');
    const config = prometheusConfig({ targets: ['x:1'], scrapeInterval: '5s' }) as { scrape_configs: Array<{ metric_relabel_configs: Array<{ regex: string }> }> };
    const keep = new RegExp(`^(?:${config.scrape_configs[0]!.metric_relabel_configs[0]!.regex})$`);
    expect(keep.test('pipeline_latency_seconds_bucket')).toBe(true);
    expect(keep.test('process_cpu_seconds_total')).toBe(false);
    expect(prometheusConfig({ targets: ['x:1'], scrapeInterval: '5s', keepCatalogueOnly: false }).scrape_configs).not.toHaveProperty('0.metric_relabel_configs');
  });

  test('a timeout above the interval is refused', () => {
    expect(() => prometheusConfig({ targets: ['x:1'], scrapeInterval: '1s', scrapeTimeout: '2s' })).toThrow(/exceeds/);
  });

  test('rendered YAML round-trips and, when promtool is installed, passes `promtool check config`', () => {
    const text = renderPrometheusConfig({ targets: ['127.0.0.1:9464'], scrapeInterval: '5s' }, ' header');
    expect(text.startsWith('# header')).toBe(true);
    expect(parse(text)).toEqual(prometheusConfig({ targets: ['127.0.0.1:9464'], scrapeInterval: '5s' }));
    const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => fs.existsSync(p));
    if (!promtool) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promcfg-'));
    try {
      fs.writeFileSync(path.join(dir, 'p.yml'), text);
      const r = spawnSync(promtool, ['check', 'config', path.join(dir, 'p.yml')], { encoding: 'utf8', timeout: 20_000 });
      expect({ code: r.status, out: r.stdout + r.stderr }).toEqual({ code: 0, out: expect.stringContaining('SUCCESS') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
