/**
 * `npm run preview`: builds the dashboards, starts the sample exporter and a throw-away
 * Prometheus scraping it, then prints what every panel would show. Stops everything it started
 * on Ctrl-C (or after one summary with --once).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import yargs from 'yargs';
import { DASHBOARDS_SUBDIR, DEFAULT_OUT_DIR, planBuild, writePlan } from '../build/build';
import { datasources } from '../panels/datasources';
import { startExporter } from '../exporter';
import { COMPOSE_LOKI_CONFIG, COMPOSE_PROMETHEUS_CONFIG, composeLokiConfig, composePrometheusConfig } from './compose';
import { dashboardVariables, parseDuration } from './interpolate';
import { dashboardRangeMs, defaultSelection, formatSummary, resolveVariableOptions, runDashboard, summaryRows, timeContext, type TargetRun } from './panel-data';
import { PrometheusApi } from './prom-api';
import { PROMETHEUS_INSTALL_COMMAND, PrometheusNotFoundError, startPrometheus, type RunningPrometheus } from './prometheus';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}
const defaultIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

interface Args {
  port: number;
  exporterPort: number;
  lokiUrl?: string;
  once: boolean;
  refresh: number;
  scrapeInterval: string;
  waitTimeout: number;
  seed?: number;
  speed?: number;
  writeDeployConfig: boolean;
  logs: boolean;
}

function parseArgs(argv: string[]): { args?: Args; error?: string; help?: boolean } {
  let error: string | undefined;
  const parsed = yargs(argv)
    .scriptName('preview')
    .usage('$0 [options]\n\nBuild the dashboards, run the sample exporter and a local Prometheus, and print what every panel shows.')
    .option('port', { type: 'number', default: 0, describe: 'Prometheus port on 127.0.0.1 (0: a free port)' })
    .option('exporter-port', { type: 'number', default: 0, describe: 'Exporter port on 127.0.0.1 (0: a free port)' })
    .option('loki-url', { type: 'string', describe: 'Push the exporter\'s logs to this Loki (e.g. http://127.0.0.1:3100)' })
    .option('once', { type: 'boolean', default: false, describe: 'Print the summary once data has arrived, then stop everything and exit' })
    .option('refresh', { type: 'number', default: 30, describe: 'Seconds between summaries (0: print once and keep running)' })
    .option('scrape-interval', { type: 'string', default: '5s', describe: 'Prometheus scrape interval' })
    .option('wait-timeout', { type: 'number', default: 60, describe: 'Seconds to wait for every panel to have data' })
    .option('seed', { type: 'number', describe: 'Exporter simulation seed' })
    .option('speed', { type: 'number', describe: 'Exporter simulation speed factor' })
    .option('logs', { type: 'boolean', default: false, describe: "Also print the exporter's JSON log lines (to stderr)" })
    .option('write-deploy-config', { type: 'boolean', default: false, describe: 'Only regenerate deploy/prometheus/prometheus.yml and deploy/loki/loki.yml (docker compose) and exit' })
    .check((a) => {
      for (const key of ['port', 'exporter-port'] as const) {
        const v = a[key];
        if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`--${key} must be a port number 0-65535, got ${String(v)}`);
      }
      try {
        if (parseDuration(a['scrape-interval']) <= 0) throw new Error('must be positive');
      } catch {
        throw new Error(`--scrape-interval must be a Prometheus duration such as 1s or 5s, got ${a['scrape-interval']}`);
      }
      if (!(a.refresh >= 0)) throw new Error('--refresh must be >= 0');
      if (!(a['wait-timeout'] > 0)) throw new Error('--wait-timeout must be > 0');
      if (a['loki-url'] !== undefined && !/^https?:\/\/[^/]+/.test(a['loki-url'])) throw new Error(`--loki-url must be an http(s) URL, got ${a['loki-url']}`);
      return true;
    })
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => {
      error = msg ?? err?.message;
    })
    .parseSync();
  if (error) return { error };
  if (parsed.help) return { help: true };
  return {
    args: {
      port: parsed.port,
      exporterPort: parsed['exporter-port'],
      lokiUrl: parsed['loki-url'],
      once: parsed.once,
      refresh: parsed.refresh,
      scrapeInterval: parsed['scrape-interval'],
      waitTimeout: parsed['wait-timeout'],
      seed: parsed.seed,
      speed: parsed.speed,
      writeDeployConfig: parsed['write-deploy-config'],
      logs: parsed.logs,
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function loadDashboards(outDir: string): Array<{ file: string; json: Record<string, unknown> }> {
  const dir = path.join(outDir, DASHBOARDS_SUBDIR);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, json: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown> }));
}

async function summarize(
  api: PrometheusApi,
  prom: RunningPrometheus,
  dashboards: ReturnType<typeof loadDashboards>,
): Promise<Array<{ title: string; runs: TargetRun[] }>> {
  const out = [];
  const nowS = Date.now() / 1000;
  for (const d of dashboards) {
    const variables = dashboardVariables(d.json);
    const selection = defaultSelection(variables);
    const time = timeContext(dashboardRangeMs(d.json), prom.scrapeIntervalMs);
    const options = await resolveVariableOptions(api, variables, selection, time, nowS);
    out.push({ title: `${String(d.json.title)} (${d.file})`, runs: await runDashboard(api, d.json, { selection, options, time, nowS }) });
  }
  return out;
}

const missing = (results: Array<{ runs: TargetRun[] }>): number =>
  results.reduce((n, r) => n + r.runs.filter((x) => x.error || !x.result?.result.length).length, 0);

/** Entry point; resolves with the exit code (0 ok, 1 no data / no Prometheus with --once, 2 usage or internal error). */
export async function main(argv: string[], io: Io = defaultIo, stop: AbortSignal = new AbortController().signal): Promise<number> {
  const { args, error, help } = parseArgs(argv);
  if (error) {
    io.err(`preview: ${error}`);
    return 2;
  }
  if (help || !args) return 0;

  if (args.writeDeployConfig) {
    for (const [file, text] of [
      [COMPOSE_PROMETHEUS_CONFIG, composePrometheusConfig()],
      [COMPOSE_LOKI_CONFIG, composeLokiConfig()],
    ] as const) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      io.out(`wrote ${path.relative(process.cwd(), file)}`);
    }
    return 0;
  }

  try {
    const plan = planBuild();
    const written = writePlan(plan);
    io.out(`built ${plan.dashboards.length} dashboard(s) into generated/ (${written.written.length} file(s) written, ${written.unchanged.length} unchanged)`);
  } catch (e) {
    io.err(`preview: build failed: ${(e as Error).message}`);
    return 1;
  }

  // The exporter's JSON log lines would bury the summary: they go to Loki (--loki-url) or, with --logs, to stderr.
  let exporter: Awaited<ReturnType<typeof startExporter>>;
  try {
    exporter = await startExporter({
      host: '127.0.0.1',
      port: args.exporterPort,
      logStream: args.logs ? process.stderr : null,
      ...(args.lokiUrl ? { lokiUrl: args.lokiUrl } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(args.speed !== undefined ? { speed: args.speed } : {}),
    });
  } catch (e) {
    io.err(`preview: could not start the exporter: ${(e as Error).message}`);
    return 2;
  }
  let prom: RunningPrometheus | undefined;
  const cleanup = async (): Promise<void> => {
    await prom?.stop();
    await exporter.close();
  };
  try {
    io.out(`exporter:   http://${exporter.host}:${exporter.port}/metrics${args.lokiUrl ? `  (logs pushed to ${args.lokiUrl})` : ''}`);
    try {
      prom = await startPrometheus({ target: `${exporter.host}:${exporter.port}`, port: args.port, scrapeInterval: args.scrapeInterval });
    } catch (e) {
      if (!(e instanceof PrometheusNotFoundError)) throw e;
      io.err(`preview: ${e.message}`);
      io.err(`preview: the exporter keeps running; install Prometheus (${PROMETHEUS_INSTALL_COMMAND}) for the panel summary.`);
      if (args.once) return 1;
      io.out('press Ctrl-C to stop');
      await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
      return 0;
    }
    io.out(`prometheus: ${prom.url}  (graph: ${prom.url}/graph, scrape every ${args.scrapeInterval}, config ${prom.configFile})`);
    io.out(`grafana:    point the provisioned datasource at it with ${datasources.prometheus.urlEnv}=${prom.url}`);
    const api = new PrometheusApi(prom.url);
    const dashboards = loadDashboards(DEFAULT_OUT_DIR);

    // Wait until every panel has data (rates need two scrapes), bounded.
    const deadline = Date.now() + args.waitTimeout * 1000;
    let results = await summarize(api, prom, dashboards);
    while (missing(results) > 0 && Date.now() < deadline && !stop.aborted) {
      io.out(`waiting for data: ${missing(results)} target(s) still empty…`);
      await sleep(Math.max(1000, prom.scrapeIntervalMs), stop);
      results = await summarize(api, prom, dashboards);
    }
    for (;;) {
      io.out(`\n# panel data at ${new Date().toISOString()}`);
      for (const r of results) io.out(formatSummary(r.title, summaryRows(r.runs)));
      const empty = missing(results);
      if (empty) io.out(`\n${empty} target(s) returned no data`);
      if (args.once) return empty ? 1 : 0;
      if (stop.aborted) return 0;
      if (args.refresh === 0) {
        io.out('press Ctrl-C to stop');
        await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
        return 0;
      }
      io.out(`(refreshing every ${args.refresh}s; Ctrl-C to stop)`);
      await sleep(args.refresh * 1000, stop);
      if (stop.aborted) return 0;
      results = await summarize(api, prom, dashboards);
    }
  } catch (e) {
    io.err(`preview: ${(e as Error).message}`);
    return 2;
  } finally {
    await cleanup();
    io.out(`stopped the exporter${prom ? ' and Prometheus' : ''}`);
  }
}
