import { ConfigError, DEFAULT_PORT, resolveConfig } from '../../src/exporter/config';

const resolve = (flags: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) => resolveConfig({ flags, env }, () => 99);

describe('exporter configuration', () => {
  it('defaults: loopback, port 9464, online, speed 1, no sinks', () => {
    expect(resolve()).toEqual({ host: '127.0.0.1', port: DEFAULT_PORT, environment: 'online', seed: 99, speed: 1, metricsExporter: 'prometheus', artifactDir: '.artifacts' });
    expect(DEFAULT_PORT).toBe(9464);
  });

  it('--port wins over PROMETHEUS_PORT; empty env values count as unset', () => {
    expect(resolve({ port: '0' }, { PROMETHEUS_PORT: '9000' }).port).toBe(0);
    expect(resolve({}, { PROMETHEUS_PORT: '9000' }).port).toBe(9000);
    expect(resolve({}, { PROMETHEUS_PORT: '' }).port).toBe(DEFAULT_PORT);
  });

  it('--loki-url wins over LOKI_URL; trailing slashes are trimmed', () => {
    expect(resolve({ lokiUrl: 'http://a:3100/' }, { LOKI_URL: 'http://b:3100' }).lokiUrl).toBe('http://a:3100');
    expect(resolve({}, { LOKI_URL: 'http://b:3100' }).lokiUrl).toBe('http://b:3100');
  });

  it('reads TELEMETRY_ENVIRONMENT and TELEMETRY_EXPORTER_ENDPOINT', () => {
    expect(resolve({}, { TELEMETRY_ENVIRONMENT: 'offline', TELEMETRY_EXPORTER_ENDPOINT: 'https://otel:4318' })).toMatchObject({ environment: 'offline', otlpEndpoint: 'https://otel:4318' });
  });

  it('reads TELEMETRY_METRICS_EXPORTER and OTEL_METRIC_EXPORT_INTERVAL; otlp and both need an endpoint', () => {
    const endpoint = { TELEMETRY_EXPORTER_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(resolve({}, { ...endpoint, TELEMETRY_METRICS_EXPORTER: 'both', OTEL_METRIC_EXPORT_INTERVAL: '5000' })).toMatchObject({ metricsExporter: 'both', metricExportIntervalMs: 5000 });
    expect(resolve({}, { ...endpoint, TELEMETRY_METRICS_EXPORTER: 'otlp' }).metricsExporter).toBe('otlp');
    expect(() => resolve({}, { TELEMETRY_METRICS_EXPORTER: 'otlp' })).toThrow(/^TELEMETRY_METRICS_EXPORTER=otlp pushes metrics over OTLP: set TELEMETRY_EXPORTER_ENDPOINT/);
  });

  it.each([
    [{}, { TELEMETRY_METRICS_EXPORTER: 'pull' }, 'TELEMETRY_METRICS_EXPORTER'],
    [{}, { OTEL_METRIC_EXPORT_INTERVAL: '15s' }, 'OTEL_METRIC_EXPORT_INTERVAL'],
    [{}, { OTEL_METRIC_EXPORT_INTERVAL: '10' }, 'OTEL_METRIC_EXPORT_INTERVAL'],
    [{ port: '65536' }, {}, '--port'],
    [{ port: '1.5' }, {}, '--port'],
    [{}, { PROMETHEUS_PORT: '-1' }, 'PROMETHEUS_PORT'],
    [{ speed: 'fast' }, {}, '--speed'],
    [{ speed: '100000' }, {}, '--speed'],
    [{ seed: 'abc' }, {}, '--seed'],
    [{ host: 'bad host' }, {}, '--host'],
    [{}, { TELEMETRY_ENVIRONMENT: 'ONLINE' }, 'TELEMETRY_ENVIRONMENT'],
    [{}, { TELEMETRY_EXPORTER_ENDPOINT: 'collector:4318' }, 'TELEMETRY_EXPORTER_ENDPOINT'],
    [{ lokiUrl: 'ftp://loki' }, {}, '--loki-url'],
  ])('rejects %j %j naming %s', (flags, env, source) => {
    expect(() => resolve(flags, env)).toThrow(ConfigError);
    expect(() => resolve(flags, env)).toThrow(new RegExp(`^invalid ${source} `));
  });
});
