/**
 * A throw-away Prometheus for the preview and the end-to-end test: finds the binary, writes a
 * scrape configuration derived from the catalogue, runs it on loopback with a temporary data
 * directory and exemplar storage, waits until it is ready, and stops it (SIGTERM, then SIGKILL)
 * removing every file it created.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Document } from 'yaml';
import { catalogue, type CatalogueJson } from '../catalogue';
import { CliError } from '../cli/errors';
import { readJsonCapped } from '../http/read-body';
import { parseDuration } from '../grafana/interpolate';
import { builtBinary, isExecutable } from '../servers/servers';
import { freePort } from './ports';

export const PROMETHEUS_INSTALL_COMMAND = 'apt-get update && apt-get install -y --no-install-recommends prometheus';
/** Scrape job name: the service the catalogue describes. */
export const SCRAPE_JOB = catalogue.logs.serviceName;

export class PrometheusNotFoundError extends Error {
  constructor(readonly searched: readonly string[]) {
    super(
      `prometheus binary not found (looked in ${searched.length === 1 ? `PROMETHEUS_BIN=${searched[0]}` : 'PATH, /usr/bin and /usr/local/bin'}). ` +
        `Build the pinned release with: npm run servers -- build prometheus  (or install Debian's: ${PROMETHEUS_INSTALL_COMMAND}, or set PROMETHEUS_BIN to its path)`,
    );
    this.name = 'PrometheusNotFoundError';
  }
}

export class PrometheusStartError extends Error {
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(log ? `${message}\n--- prometheus log (tail) ---\n${log}` : message);
    this.name = 'PrometheusStartError';
  }
}

/** The port is held by a process we did not start (whatever answers there, it is not adopted). */
export class PortInUseError extends CliError {
  constructor(readonly port: number) {
    super(`port ${port} on 127.0.0.1 is already in use by another process; choose another --port (0 = any free port)`);
    this.name = 'PortInUseError';
  }
}

/**
 * Locates `prometheus`: $PROMETHEUS_BIN when set (and only it), else the cached build of the
 * release docker-compose.yml pins (`npm run servers -- build prometheus`), else PATH, then the
 * Debian package's /usr/bin.
 */
export function findPrometheus(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PROMETHEUS_BIN) {
    if (isExecutable(env.PROMETHEUS_BIN)) return env.PROMETHEUS_BIN;
    throw new PrometheusNotFoundError([env.PROMETHEUS_BIN]);
  }
  const built = builtBinary('prometheus', 'prometheus', env);
  if (built) return built;
  const candidates: string[] = [];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, 'prometheus'));
  candidates.push('/usr/bin/prometheus', '/usr/local/bin/prometheus');
  const found = candidates.find(isExecutable);
  if (!found) throw new PrometheusNotFoundError(candidates);
  return found;
}

/** Metric names as they appear in the exposition: histograms and summaries add suffixed series. */
export function exposedMetricNames(cat: CatalogueJson = catalogue): string[] {
  const names: string[] = [];
  for (const [name, def] of Object.entries(cat.metrics)) {
    names.push(name);
    if (def.type === 'histogram') names.push(`${name}_bucket`, `${name}_sum`, `${name}_count`, `${name}_created`);
    if (def.type === 'summary') names.push(`${name}_sum`, `${name}_count`, `${name}_created`);
    if (def.type === 'counter' && !name.endsWith('_total')) names.push(`${name}_total`);
    if (def.type === 'counter') names.push(`${name.replace(/_total$/, '')}_created`);
  }
  return [...new Set(names)].sort();
}

export interface ScrapeConfigOptions {
  /** `host:port` targets of the exporter. */
  readonly targets: readonly string[];
  readonly scrapeInterval: string;
  /** Defaults to the scrape interval (Prometheus requires timeout ≤ interval). */
  readonly scrapeTimeout?: string;
  /** Drop series outside the catalogue, proving the dashboards need nothing else (default true). */
  readonly keepCatalogueOnly?: boolean;
}

/** The Prometheus configuration object for the exporter's scrape job. */
export function prometheusConfig(options: ScrapeConfigOptions, cat: CatalogueJson = catalogue): Record<string, unknown> {
  const intervalMs = parseDuration(options.scrapeInterval);
  const timeout = options.scrapeTimeout ?? options.scrapeInterval;
  if (parseDuration(timeout) > intervalMs) throw new Error(`scrape timeout ${timeout} exceeds the scrape interval ${options.scrapeInterval}`);
  const job: Record<string, unknown> = {
    job_name: SCRAPE_JOB,
    scrape_interval: options.scrapeInterval,
    scrape_timeout: timeout,
    metrics_path: '/metrics',
    static_configs: [{ targets: [...options.targets] }],
  };
  if (options.keepCatalogueOnly !== false) {
    job.metric_relabel_configs = [{ source_labels: ['__name__'], regex: exposedMetricNames(cat).join('|'), action: 'keep' }];
  }
  return {
    global: { scrape_interval: options.scrapeInterval, scrape_timeout: timeout, evaluation_interval: options.scrapeInterval },
    scrape_configs: [job],
  };
}

export function renderPrometheusConfig(options: ScrapeConfigOptions, header?: string): string {
  const doc = new Document(prometheusConfig(options));
  if (header) doc.commentBefore = header;
  return doc.toString({ lineWidth: 0 });
}

export interface StartPrometheusOptions {
  /** `host:port` of the exporter to scrape; unset = scrape nothing (an OTLP receiver only). */
  readonly target?: string;
  /**
   * Accept OTLP/HTTP metrics on `/api/v1/otlp/v1/metrics` (Prometheus 3), names translated with
   * the standard `UnderscoreEscapingWithSuffixes` strategy (units and `_total` as suffixes).
   */
  readonly otlpReceiver?: boolean;
  /** `--query.lookback-delta`; pushed series get no staleness markers, so a short one keeps instant queries current. */
  readonly lookbackDelta?: string;
  /** Default 1s (tests); the preview uses 5s. */
  readonly scrapeInterval?: string;
  /** 0 or undefined: a free ephemeral port. */
  readonly port?: number;
  readonly binary?: string;
  /** Bound on waiting for /-/ready. */
  readonly readyTimeoutMs?: number;
}

export interface RunningPrometheus {
  readonly url: string;
  readonly port: number;
  readonly binary: string;
  readonly configFile: string;
  readonly scrapeIntervalMs: number;
  /** Last lines Prometheus logged (for error messages). */
  log(): string;
  stop(): Promise<void>;
}

const LOG_TAIL_LINES = 40;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Ready, and the server answering is the Prometheus we started: another process on the port may
 * answer /-/ready too, so its flags must name our own temporary data directory.
 */
async function isOursAndReady(url: string, dataDir: string): Promise<boolean> {
  try {
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
    await ready.body?.cancel();
    if (!ready.ok) return false;
    const flags = await fetch(`${url}/api/v1/status/flags`, { signal: AbortSignal.timeout(1000) });
    const body = (await readJsonCapped(flags, 1 << 20)) as { data?: Record<string, unknown> } | null;
    return body?.data?.['storage.tsdb.path'] === dataDir;
  } catch {
    return false;
  }
}

/**
 * What every server a test or preview starts needs: the tail of its output for error messages, the spawn
 * error if any, a stop that also deletes its temporary folder, and a SIGKILL if our own process exits first
 * (a crash of the test runner or preview must not leave a server running).
 */
export interface SupervisedChild {
  readonly log: () => string;
  readonly exitedEarly: () => string | undefined;
  readonly stop: () => Promise<void>;
}

export function supervise(child: ChildProcess, dir: string): SupervisedChild {
  const tail: string[] = [];
  const record = (chunk: Buffer): void => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (tail.length > LOG_TAIL_LINES) tail.splice(0, tail.length - LOG_TAIL_LINES);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= stopProcess(child).then(() => fs.rmSync(dir, { recursive: true, force: true }));
    return stopped;
  };
  const onExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  child.once('exit', () => process.removeListener('exit', onExit));
  const exitedEarly = (): string | undefined => {
    if (spawnError) return spawnError.message;
    if (child.exitCode !== null || child.signalCode !== null) return `exit ${child.exitCode ?? child.signalCode}`;
    return undefined;
  };
  return { log: () => tail.join('\n'), exitedEarly, stop };
}

/** Sends SIGTERM, waits, then SIGKILL; resolves once the process has exited. */
export function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startOnce(binary: string, options: StartPrometheusOptions, port: number): Promise<RunningPrometheus> {
  const scrapeInterval = options.scrapeInterval ?? '1s';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  const config = prometheusConfig({ targets: options.target ? [options.target] : [], scrapeInterval });
  if (!options.target) config.scrape_configs = [];
  if (options.otlpReceiver) config.otlp = { translation_strategy: 'UnderscoreEscapingWithSuffixes' };
  const doc = new Document(config);
  doc.commentBefore = ' Generated by the pipeline preview; deleted on exit.';
  fs.writeFileSync(configFile, doc.toString({ lineWidth: 0 }));
  const url = `http://127.0.0.1:${port}`;
  const dataDir = path.join(dir, 'data');
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--enable-feature=exemplar-storage',
      '--storage.tsdb.retention.time=2h',
      '--log.level=warn',
      ...(options.otlpReceiver ? ['--web.enable-otlp-receiver'] : []),
      ...(options.lookbackDelta ? [`--query.lookback-delta=${options.lookbackDelta}`] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const { log, exitedEarly, stop } = supervise(child, dir);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  for (;;) {
    const early = exitedEarly();
    if (early) {
      await stop();
      if (/address already in use/.test(log())) throw new PortInUseError(port);
      throw new PrometheusStartError(`prometheus exited before becoming ready (${early})`, log());
    }
    if (await isOursAndReady(url, dataDir)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new PrometheusStartError(`prometheus at ${url} not ready after ${options.readyTimeoutMs ?? 15_000} ms`, log());
    }
    await sleep(100);
  }
  return { url, port, binary, configFile, scrapeIntervalMs: parseDuration(scrapeInterval), log, stop };
}

/** Starts Prometheus on 127.0.0.1; retries with another port if the chosen one was taken meanwhile. */
export async function startPrometheus(options: StartPrometheusOptions): Promise<RunningPrometheus> {
  const binary = options.binary ?? findPrometheus();
  const attempts = options.port ? 1 : 3;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = options.port || (await freePort());
    try {
      return await startOnce(binary, options, port);
    } catch (error) {
      last = error;
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw last;
}
