/**
 * `npm run preview`: builds the dashboards, starts the sample exporter and a throw-away
 * Prometheus scraping it, then prints what every panel would show. Stops everything it started
 * on Ctrl-C (or after one summary with --once).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, parseCommand, processIo, type Io } from '../cli/command';
import { redactCredentials, safeMessage } from '../text/safe-text';
import { DASHBOARDS_SUBDIR, DEFAULT_OUT_DIR, planBuild, writePlan } from '../build/build';
import { datasources } from '../panels/datasources';
import { startExporter } from '../exporter';
import { dashboardVariables, parseDuration } from '../grafana/interpolate';
import { dashboardRangeMs, defaultSelection, formatSummary, resolveVariableOptions, runDashboard, summaryRows, timeContext, type TargetRun } from './panel-data';
import { PrometheusApi } from './prom-api';
import { PROMETHEUS_INSTALL_COMMAND, PrometheusNotFoundError, startPrometheus, type RunningPrometheus } from './prometheus';

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
  logs: boolean;
}

function parseArgs(argv: string[], io: Io): Args | number {
  const parsed = parseCommand(
    {
      name: 'preview',
      usage: '$0 [options]\n\nBuild the dashboards, run the sample exporter and a local Prometheus, and print what every panel shows.',
      options: {
        port: { type: 'number', default: 0, describe: 'Prometheus port on 127.0.0.1 (0: a free port)' },
        'exporter-port': { type: 'number', default: 0, describe: 'Exporter port on 127.0.0.1 (0: a free port)' },
        'loki-url': { type: 'string', describe: "Push the exporter's logs to this Loki (e.g. http://127.0.0.1:3100)" },
        once: { type: 'boolean', default: false, describe: 'Print the summary once data has arrived, then stop everything and exit' },
        refresh: { type: 'number', default: 30, describe: 'Seconds between summaries (0: print once and keep running)' },
        'scrape-interval': { type: 'string', default: '5s', describe: 'Prometheus scrape interval' },
        'wait-timeout': { type: 'number', default: 60, describe: 'Seconds to wait for every panel to have data' },
        seed: { type: 'number', describe: 'Exporter simulation seed' },
        speed: { type: 'number', describe: 'Exporter simulation speed factor' },
        logs: { type: 'boolean', default: false, describe: "Also print the exporter's JSON log lines (to stderr)" },
      },
      check: (a) => {
        for (const key of ['port', 'exporter-port'] as const) {
          const v = a[key];
          if (!Number.isInteger(v) || v < 0 || v > 65535) throw new CliError(`--${key} must be a port number 0-65535, got ${String(v)}`);
        }
        let interval = 0;
        try {
          interval = parseDuration(a['scrape-interval']);
        } catch {
          // reported below
        }
        if (!(interval > 0)) throw new CliError(`--scrape-interval must be a Prometheus duration such as 1s or 5s, got ${a['scrape-interval']}`);
        if (!(a.refresh >= 0)) throw new CliError('--refresh must be >= 0');
        if (!(a['wait-timeout'] > 0)) throw new CliError('--wait-timeout must be > 0');
        if (a['loki-url'] !== undefined && !/^https?:\/\/[^/]+/.test(a['loki-url'])) throw new CliError(`--loki-url must be an http(s) URL, got ${a['loki-url']}`);
      },
    },
    argv,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  return {
    port: parsed.port,
    exporterPort: parsed['exporter-port'],
    ...(parsed['loki-url'] !== undefined ? { lokiUrl: parsed['loki-url'] } : {}),
    once: parsed.once,
    refresh: parsed.refresh,
    scrapeInterval: parsed['scrape-interval'],
    waitTimeout: parsed['wait-timeout'],
    ...(parsed.seed !== undefined ? { seed: parsed.seed } : {}),
    ...(parsed.speed !== undefined ? { speed: parsed.speed } : {}),
    logs: parsed.logs,
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
export async function main(argv: string[], io: Io = processIo, stop: AbortSignal = new AbortController().signal): Promise<number> {
  const args = parseArgs(argv, io);
  if (typeof args === 'number') return args;
  const out = (line: string): void => io.stdout(`${line}\n`);
  const err = (line: string): void => io.stderr(`preview: ${safeMessage(line)}\n`);

  try {
    const plan = planBuild();
    const written = writePlan(plan);
    out(`built ${plan.dashboards.length} dashboard(s) into generated/ (${written.written.length} file(s) written, ${written.unchanged.length} unchanged)`);
  } catch (e) {
    err(`build failed: ${(e as Error).message}`);
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
    err(`could not start the exporter: ${(e as Error).message}`);
    return 2;
  }
  let prom: RunningPrometheus | undefined;
  const cleanup = async (): Promise<void> => {
    await prom?.stop();
    await exporter.close();
  };
  try {
    out(`exporter:   http://${exporter.host}:${exporter.port}/metrics${args.lokiUrl ? `  (logs pushed to ${redactCredentials(args.lokiUrl)})` : ''}`);
    try {
      prom = await startPrometheus({ target: `${exporter.host}:${exporter.port}`, port: args.port, scrapeInterval: args.scrapeInterval });
    } catch (e) {
      if (!(e instanceof PrometheusNotFoundError)) throw e;
      err(`${e.message}`);
      err(`the exporter keeps running; install Prometheus (${PROMETHEUS_INSTALL_COMMAND}) for the panel summary.`);
      if (args.once) return 1;
      out('press Ctrl-C to stop');
      await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
      return 0;
    }
    out(`prometheus: ${prom.url}  (graph: ${prom.url}/graph, scrape every ${args.scrapeInterval}, config ${prom.configFile})`);
    out(`grafana:    point the provisioned datasource at it with ${datasources.prometheus.urlEnv}=${prom.url}`);
    const api = new PrometheusApi(prom.url);
    const dashboards = loadDashboards(DEFAULT_OUT_DIR);

    // Wait until every panel has data (rates need two scrapes), bounded.
    const deadline = Date.now() + args.waitTimeout * 1000;
    let results = await summarize(api, prom, dashboards);
    while (missing(results) > 0 && Date.now() < deadline && !stop.aborted) {
      out(`waiting for data: ${missing(results)} target(s) still empty…`);
      await sleep(Math.max(1000, prom.scrapeIntervalMs), stop);
      results = await summarize(api, prom, dashboards);
    }
    for (;;) {
      out(`\n# panel data at ${new Date().toISOString()}`);
      for (const r of results) out(formatSummary(r.title, summaryRows(r.runs)));
      const empty = missing(results);
      if (empty) out(`\n${empty} target(s) returned no data`);
      if (args.once) return empty ? 1 : 0;
      if (stop.aborted) return 0;
      if (args.refresh === 0) {
        out('press Ctrl-C to stop');
        await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
        return 0;
      }
      out(`(refreshing every ${args.refresh}s; Ctrl-C to stop)`);
      await sleep(args.refresh * 1000, stop);
      if (stop.aborted) return 0;
      results = await summarize(api, prom, dashboards);
    }
  } catch (e) {
    err(`${(e as Error).message}`);
    return 2;
  } finally {
    await cleanup();
    out(`stopped the exporter${prom ? ' and Prometheus' : ''}`);
  }
}
