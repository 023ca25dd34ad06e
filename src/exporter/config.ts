/**
 * Exporter configuration from environment variables and flags. Every bad value becomes a
 * one-line ConfigError naming the variable/flag and what is allowed (the CLI exits 2).
 */
import { DEFAULT_ARTIFACT_DIR } from '../artifacts/local';
import { CliError } from '../cli/errors';
import { labels } from '../catalogue';
import { METRICS_EXPORTER_MODES, type MetricsExporterMode } from '../instrumentation/otlp-metrics';
import type { Environment } from '../simulation';

export const DEFAULT_PORT = 9464;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SPEED = 1;
export const MAX_SPEED = 10_000;

/** A bad flag or environment value: one line, exit 2. */
export class ConfigError extends CliError {
  override readonly name = 'ConfigError';
}

export interface ExporterConfig {
  host: string;
  port: number;
  environment: Environment;
  seed: number;
  speed: number;
  lokiUrl?: string;
  otlpEndpoint?: string;
  /** TELEMETRY_METRICS_EXPORTER: pull (/metrics), OTLP push, or both. */
  metricsExporter: MetricsExporterMode;
  /** OTEL_METRIC_EXPORT_INTERVAL (ms) for the OTLP push. */
  metricExportIntervalMs?: number;
  /** TELEMETRY_ARTIFACT_DIR: local directory of the toolchain output artefact store. */
  artifactDir: string;
}

/** Raw values as given: flags (strings from the command line) and environment variables. */
export interface RawConfig {
  flags: { port?: string; host?: string; seed?: string; speed?: string; lokiUrl?: string };
  env: NodeJS.ProcessEnv;
}

export function parsePort(value: string, source: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535) throw new ConfigError(`invalid ${source} ${JSON.stringify(value)}: expected an integer from 0 to 65535 (0 = any free port)`);
  return Number(value);
}

export function parseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`invalid ${source} ${JSON.stringify(value)}: expected an http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`invalid ${source} ${JSON.stringify(value)}: expected an http:// or https:// URL`);
  return value.replace(/\/+$/, '');
}

export function parseEnvironment(value: string, source: string): Environment {
  const allowed = labels.environment.values as readonly string[];
  if (!allowed.includes(value)) throw new ConfigError(`invalid ${source} ${JSON.stringify(value)}: expected one of ${allowed.join(', ')}`);
  return value as Environment;
}

export function parseSpeed(value: string, source: string): number {
  const speed = Number(value);
  if (value.trim() === '' || !Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) {
    throw new ConfigError(`invalid ${source} ${JSON.stringify(value)}: expected a number greater than 0 and at most ${MAX_SPEED}`);
  }
  return speed;
}

export function parseSeed(value: string, source: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 0xffffffff) throw new ConfigError(`invalid ${source} ${JSON.stringify(value)}: expected an integer from 0 to 4294967295`);
  return Number(value);
}

export function parseHost(value: string, source: string): string {
  // A hostname or IP literal; brackets are not needed (nor accepted) for IPv6 here.
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) throw new ConfigError(`invalid ${source} ${JSON.stringify(value)}: expected a hostname or IP address such as 127.0.0.1`);
  return value;
}

export function parseMetricsExporter(value: string, source: string): MetricsExporterMode {
  if (!(METRICS_EXPORTER_MODES as readonly string[]).includes(value)) throw new ConfigError(`invalid ${source} ${JSON.stringify(value)}: expected one of ${METRICS_EXPORTER_MODES.join(', ')}`);
  return value as MetricsExporterMode;
}

export const MIN_METRIC_EXPORT_INTERVAL_MS = 100;
export const MAX_METRIC_EXPORT_INTERVAL_MS = 3_600_000;

export function parseExportInterval(value: string, source: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < MIN_METRIC_EXPORT_INTERVAL_MS || Number(value) > MAX_METRIC_EXPORT_INTERVAL_MS) {
    throw new ConfigError(`invalid ${source} ${JSON.stringify(value)}: expected milliseconds from ${MIN_METRIC_EXPORT_INTERVAL_MS} to ${MAX_METRIC_EXPORT_INTERVAL_MS}`);
  }
  return Number(value);
}

/** Flags win over environment variables; empty environment variables count as unset. */
export function resolveConfig(raw: RawConfig, randomSeed: () => number = () => Math.floor(Math.random() * 0xffffffff)): ExporterConfig {
  const env = (name: string): string | undefined => {
    const v = raw.env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const { flags } = raw;
  const port = flags.port !== undefined ? parsePort(flags.port, '--port') : env('PROMETHEUS_PORT') !== undefined ? parsePort(env('PROMETHEUS_PORT')!, 'PROMETHEUS_PORT') : DEFAULT_PORT;
  const environment = env('TELEMETRY_ENVIRONMENT') !== undefined ? parseEnvironment(env('TELEMETRY_ENVIRONMENT')!, 'TELEMETRY_ENVIRONMENT') : 'online';
  const lokiSource = flags.lokiUrl !== undefined ? ['--loki-url', flags.lokiUrl] : env('LOKI_URL') !== undefined ? ['LOKI_URL', env('LOKI_URL')!] : undefined;
  const otlp = env('TELEMETRY_EXPORTER_ENDPOINT');
  const metricsExporter = env('TELEMETRY_METRICS_EXPORTER') !== undefined ? parseMetricsExporter(env('TELEMETRY_METRICS_EXPORTER')!, 'TELEMETRY_METRICS_EXPORTER') : 'prometheus';
  if (metricsExporter !== 'prometheus' && otlp === undefined) {
    throw new ConfigError(`TELEMETRY_METRICS_EXPORTER=${metricsExporter} pushes metrics over OTLP: set TELEMETRY_EXPORTER_ENDPOINT to the receiver's base URL`);
  }
  const interval = env('OTEL_METRIC_EXPORT_INTERVAL');
  return {
    host: flags.host !== undefined ? parseHost(flags.host, '--host') : DEFAULT_HOST,
    port,
    environment,
    seed: flags.seed !== undefined ? parseSeed(flags.seed, '--seed') : randomSeed(),
    speed: flags.speed !== undefined ? parseSpeed(flags.speed, '--speed') : DEFAULT_SPEED,
    ...(lokiSource ? { lokiUrl: parseUrl(lokiSource[1]!, lokiSource[0]!) } : {}),
    ...(otlp !== undefined ? { otlpEndpoint: parseUrl(otlp, 'TELEMETRY_EXPORTER_ENDPOINT') } : {}),
    metricsExporter,
    artifactDir: env('TELEMETRY_ARTIFACT_DIR') ?? DEFAULT_ARTIFACT_DIR,
    ...(interval !== undefined ? { metricExportIntervalMs: parseExportInterval(interval, 'OTEL_METRIC_EXPORT_INTERVAL') } : {}),
  };
}
