/**
 * `npm run exporter` / `pipeline-exporter`: parse flags and environment, start the exporter,
 * print the ready line, and shut down cleanly on SIGTERM/SIGINT.
 */
import { LocalDirectoryStore } from '../artifacts';
import { CliError, parseCommand, processIo, type Io } from '../cli/command';
import { redactCredentials, safeMessage } from '../text/safe-text';
import { DEFAULT_PORT, resolveConfig, type ExporterConfig } from './config';
import { startExporter } from './index';

export const USAGE = `Usage: pipeline-exporter [options]

Simulates compile-pipeline runs and serves every catalogue metric on /metrics
(Prometheus text; OpenMetrics with trace_id exemplars when asked), plus /healthz
and /readyz. JSON log lines go to stdout (and to Loki with --loki-url).`;

export const ENVIRONMENT_HELP = `Environment:
  PROMETHEUS_PORT              port to listen on (default ${DEFAULT_PORT}; --port wins)
  TELEMETRY_ENVIRONMENT        online | offline (default online): the environment label;
                               online simulates eu-central, us-east, ap-southeast hosts,
                               offline the airgap-lab host
  TELEMETRY_EXPORTER_ENDPOINT  OTLP/HTTP base URL for spans (POST {url}/v1/traces) and,
                               with TELEMETRY_METRICS_EXPORTER=otlp|both, metrics
                               ({url}/v1/metrics); unset = spans are not exported
  TELEMETRY_METRICS_EXPORTER   prometheus | otlp | both (default prometheus): serve
                               /metrics for scraping, push over OTLP, or both
  OTEL_METRIC_EXPORT_INTERVAL  OTLP metrics push interval in ms (default 15000)
  TELEMETRY_ARTIFACT_DIR       artefact store for toolchain stdout/stderr, by sha256 id
                               (default .artifacts; read them with npm run artifact -- ID)
  LOKI_URL                     Loki base URL (same as --loki-url)`;

/** Parses argv + env; returns the config, or an exit code for --help/--version (0). Throws CliError (exit 2) for bad input. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv, io: Io): ExporterConfig | number {
  const args = parseCommand(
    {
      name: 'pipeline-exporter',
      usage: USAGE,
      epilogue: ENVIRONMENT_HELP,
      options: {
        port: { type: 'string', describe: `Port (0 = any free port; default PROMETHEUS_PORT or ${DEFAULT_PORT})` },
        host: { type: 'string', describe: 'Bind address (default 127.0.0.1)' },
        seed: { type: 'string', describe: 'Seed for a reproducible simulation (default random)' },
        speed: { type: 'string', describe: 'Time compression: 1 = ~4 pipeline runs per second (default 1, max 10000)' },
        'loki-url': { type: 'string', describe: 'Also push log lines to this Loki (env LOKI_URL)' },
      },
    },
    argv,
    io,
  );
  if (typeof args === 'number') return args;
  return resolveConfig({
    flags: {
      ...(args.port !== undefined ? { port: args.port } : {}),
      ...(args.host !== undefined ? { host: args.host } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(args.speed !== undefined ? { speed: args.speed } : {}),
      ...(args['loki-url'] !== undefined ? { lokiUrl: args['loki-url'] } : {}),
    },
    env,
  });
}

/** Runs until SIGTERM/SIGINT. Resolves with the exit code. */
export async function main(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = parseCli(argv, env, io);
  if (typeof config === 'number') return config;
  // Signal handlers go in before the ready line: a supervisor may send SIGTERM the moment it reads it.
  let signalled!: () => void;
  const signal = new Promise<void>((resolve) => (signalled = resolve));
  const onSignal = (): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    signalled();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  let handle: Awaited<ReturnType<typeof startExporter>>;
  try {
    handle = await startExporter({
      host: config.host,
      port: config.port,
      environment: config.environment,
      seed: config.seed,
      speed: config.speed,
      ...(config.lokiUrl ? { lokiUrl: config.lokiUrl } : {}),
      ...(config.otlpEndpoint ? { otlpEndpoint: config.otlpEndpoint } : {}),
      metricsExporter: config.metricsExporter,
      artifactStore: new LocalDirectoryStore(config.artifactDir),
      ...(config.metricExportIntervalMs !== undefined ? { metricExportIntervalMs: config.metricExportIntervalMs } : {}),
      onWarning: rateLimited((m) => io.stderr(`pipeline-exporter: ${safeMessage(m)}\n`)),
    });
  } catch (error) {
    onSignal();
    // ListenError (port in use, address unavailable) and anything else at startup: one line, exit 2.
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  io.stdout(config.metricsExporter === 'otlp' ? `exporter listening on ${handle.url} (metrics pushed over OTLP)\n` : `exporter listening on ${handle.metricsUrl}\n`);
  io.stderr(
    `pipeline-exporter: environment=${config.environment} seed=${config.seed} speed=${config.speed} metrics=${config.metricsExporter}` +
      `${config.lokiUrl ? ` loki=${redactCredentials(config.lokiUrl)}` : ''}${config.otlpEndpoint ? ` otlp=${redactCredentials(config.otlpEndpoint)}` : ''}\n`,
  );

  await signal;
  // Hard stop in case something refuses to close: the budget is 2 s.
  const hardStop = new Promise<void>((resolve) => setTimeout(resolve, 1800).unref());
  await Promise.race([handle.close(1200).catch(() => undefined), hardStop]);
  return 0;
}

/** At most one message per 10 s, so a dead Loki does not flood stderr. */
function rateLimited(write: (m: string) => void): (m: string) => void {
  let last = 0;
  let suppressed = 0;
  return (message) => {
    const now = Date.now();
    if (now - last < 10_000) {
      suppressed++;
      return;
    }
    last = now;
    write(suppressed > 0 ? `${message} (${suppressed} similar messages suppressed)` : message);
    suppressed = 0;
  };
}
