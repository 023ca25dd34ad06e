/**
 * Logs → traces → exemplars, against a real trace store: the exporter sends its spans over
 * OTLP/HTTP to Jaeger (the release docker-compose.yml pins, built by `npm run servers`), its
 * metrics are scraped by a real Prometheus with exemplar storage, its log lines are pushed to the
 * loopback Loki receiver. The links are followed exactly as the generated provisioning declares
 * them: the Loki derived field's regex on each displayed line, the Prometheus exemplar label name,
 * both pointing at the provisioned Jaeger uid; the trace they name must be in Jaeger with every
 * stage span of the run. Iterates over whatever log panels and exemplar targets the dashboards have.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { LOG_SERVICE_NAME, spans as catalogueSpans } from '../../src/catalogue';
import { spawn, type ChildProcess } from 'node:child_process';
import { datasources } from '../../src/panels/datasources';
import { ALL, dashboardTargets, dashboardVariables, interpolate, type DashboardTarget, type Selection } from '../../src/grafana/interpolate';
import { dashboardRangeMs, defaultSelection, resolveVariableOptions, runTarget, timeContext } from '../../src/preview/panel-data';
import { parentSpanId, startJaeger, type JaegerTrace, type RunningJaeger } from '../../src/preview/jaeger';
import { PrometheusApi } from '../../src/preview/prom-api';
import { startPrometheus, stopProcess, type RunningPrometheus } from '../../src/preview/prometheus';
import { startLokiReceiver, type LokiReceiver } from '../helpers/loki-receiver';
import { generatedDashboards, jaegerBinaryOrSkip, poll, prometheusBinaryOrSkip, ROOT } from './environment';
import { parseLogQuery, selectLines } from './logql-subset';

const SUITE = 'traces e2e';
const jaegerBinary = jaegerBinaryOrSkip(SUITE);
const prometheusBinary = prometheusBinaryOrSkip(SUITE);
const describeWithServers = jaegerBinary && prometheusBinary ? describe : describe.skip;

interface ProvisionedDatasource {
  uid: string;
  type: string;
  jsonData?: {
    exemplarTraceIdDestinations?: Array<{ name: string; datasourceUid?: string }>;
    derivedFields?: Array<{ name: string; matcherType?: string; matcherRegex: string; datasourceUid?: string; url?: string }>;
  };
}

/** Grafana's provisioning expansion of a string without environment references: `$$` → `$`. */
const grafanaLiteral = (value: string): string => value.split('$$').join('$');

const provisioned = fs
  .readdirSync(path.join(ROOT, 'generated', 'provisioning', 'datasources'))
  .filter((f) => /\.ya?ml$/.test(f))
  .flatMap((f) => (parse(fs.readFileSync(path.join(ROOT, 'generated', 'provisioning', 'datasources', f), 'utf8')) as { datasources: ProvisionedDatasource[] }).datasources);
const traceStore = provisioned.find((d) => d.uid === datasources.jaeger.uid);
const exemplarLinks = provisioned.flatMap((d) => d.jsonData?.exemplarTraceIdDestinations ?? []);
const derivedFields = provisioned.flatMap((d) => d.jsonData?.derivedFields ?? []);

const dashboards = generatedDashboards();
const lokiTargets = dashboards.flatMap((d) => dashboardTargets(d.json).filter((t) => t.datasource === 'loki').map((t) => ({ d, t })));
const exemplarTargets = dashboards.flatMap((d) => dashboardTargets(d.json).filter((t) => t.datasource === 'prometheus' && t.exemplar).map((t) => ({ d, t })));
/** The pipeline's stage spans, in catalogue order (other catalogue spans nest below them). */
const STAGES = Object.keys(catalogueSpans).filter((name) => /^(spec|plan|codegen|compile|verify|distribute)\./.test(name));

/**
 * The exporter's own command line in a child process, configured the way a deployment is
 * (TELEMETRY_EXPORTER_ENDPOINT for spans, --loki-url for logs). A child also keeps the OTLP
 * exporter out of jest's module sandbox, which cannot run its dynamic import of `http`.
 */
interface ExporterProcess {
  readonly child: ChildProcess;
  readonly host: string;
  readonly port: number;
  output(): string;
}

async function startExporterProcess(env: Record<string, string>, args: string[]): Promise<ExporterProcess> {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'src', 'loader', 'register-ts.js'), path.join(ROOT, 'scripts', 'exporter.ts'), '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString('utf8')).slice(-4000)));
  const url = await new Promise<URL>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`exporter did not report its address:\n${output}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      buffer += c.toString('utf8');
      const m = /exporter listening on (\S+)/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]!));
      }
      if (buffer.length > 100_000) buffer = buffer.slice(-1000);
    });
    child.once('exit', (code) => reject(new Error(`exporter exited with ${code}:\n${output}`)));
  });
  return { child, host: url.hostname, port: Number(url.port), output: () => output };
}

function where(t: DashboardTarget): string {
  return `dashboard "${t.dashboardTitle}" (${t.dashboardUid}), panel "${t.panelTitle}" [${t.panelType}] ${t.refId}`;
}

/**
 * What a reader of the trace view sees: operations in start order, the parents that are not in the
 * trace (the run's context: at most one, else the tree falls apart), the depth and services.
 */
function spanTree(trace: JaegerTrace): { operations: string[]; orphans: string[]; depth: number; services: string[] } {
  const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
  const ordered = [...trace.spans].sort((a, b) => a.startTime - b.startTime || a.operationName.localeCompare(b.operationName));
  const orphans = [...new Set(ordered.map(parentSpanId).filter((p): p is string => p !== undefined && !byId.has(p)))];
  const depthOf = (id: string, seen = 0): number => {
    const parent = parentSpanId(byId.get(id)!);
    return parent && byId.has(parent) && seen < byId.size ? 1 + depthOf(parent, seen + 1) : 1;
  };
  const services = [...new Set(trace.spans.map((s) => trace.processes?.[s.processID ?? '']?.serviceName ?? '?'))].sort();
  return { operations: ordered.map((s) => s.operationName), orphans, depth: Math.max(...trace.spans.map((s) => depthOf(s.spanID))), services };
}

describeWithServers('log lines and exemplars link to traces in a real Jaeger', () => {
  let jaeger: RunningJaeger | undefined;
  let receiver: LokiReceiver | undefined;
  let exporter: ExporterProcess | undefined;
  let prom: RunningPrometheus | undefined;
  let api: PrometheusApi;
  const report: string[] = [];

  beforeAll(async () => {
    jaeger = await startJaeger({ binary: jaegerBinary! });
    receiver = await startLokiReceiver();
    exporter = await startExporterProcess({ TELEMETRY_EXPORTER_ENDPOINT: jaeger.otlpUrl, TELEMETRY_ENVIRONMENT: 'online' }, ['--seed', '11', '--speed', '5', '--loki-url', receiver.url]);
    prom = await startPrometheus({ target: `${exporter.host}:${exporter.port}`, scrapeInterval: '1s', binary: prometheusBinary!, readyTimeoutMs: 15_000 });
    api = new PrometheusApi(prom.url, 5000);
    await receiver.waitForEntries(1, 30_000);
  }, 90_000);

  afterAll(async () => {
    try {
      await prom?.stop();
      if (exporter) await stopProcess(exporter.child);
    } finally {
      await Promise.allSettled([receiver?.close(), jaeger?.stop()]);
    }
    if (report.length > 0) console.log(`Log → trace → exemplar links (Jaeger ${jaegerBinary}):\n${report.map((l) => `  ${l}`).join('\n')}`);
  });

  test('provisioning: a Jaeger datasource with the fixed uid; exemplar and log links point at it', () => {
    expect(traceStore).toMatchObject({ type: 'jaeger', uid: datasources.jaeger.uid });
    expect(exemplarLinks.length).toBeGreaterThan(0);
    expect(derivedFields.length).toBeGreaterThan(0);
    for (const link of [...exemplarLinks, ...derivedFields]) {
      expect({ link: link.name, datasourceUid: link.datasourceUid }).toEqual({ link: link.name, datasourceUid: traceStore!.uid });
    }
    // The internal link's query is the matched value, after Grafana's own `$$` expansion.
    for (const field of derivedFields) expect(grafanaLiteral(field.url ?? '')).toBe('${__value.raw}');
  });

  test('the exporter registers its service in Jaeger over OTLP', async () => {
    const services = await poll('the exporter service in Jaeger', 30_000, 500, async () => {
      const s = await jaeger!.services();
      return s.length > 0 ? s : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\nexporter stderr: ${exporter!.output()}\njaeger log:\n${jaeger!.log()}`, { cause: error });
    });
    // The same service name as the log streams' service_name label.
    expect(services).toContain(LOG_SERVICE_NAME);
    expect(receiver!.streams()[0]!.labels.service_name).toBe(LOG_SERVICE_NAME);
  });

  test.each(lokiTargets.map(({ d, t }) => [`${d.file} › ${t.panelTitle} [${t.panelType}] ${t.refId}`, d, t] as const))(
    '%s: the derived field finds a trace_id on every displayed line, and Jaeger has that trace with its span tree',
    async (_name, d, t) => {
      const variables = dashboardVariables(d.json);
      const selection: Selection = Object.fromEntries(variables.map((v) => [v.name, [ALL]]));
      const query = parseLogQuery(interpolate(t.expr, { variables, options: {}, selection, datasource: 'loki', time: timeContext(3_600_000, 15_000) }));
      const lines = await poll(`lines for ${where(t)}`, 45_000, 500, async () => {
        const selected = selectLines(query, receiver!.streams());
        return selected.length > 0 ? selected : undefined;
      });
      for (const field of derivedFields) {
        // Grafana runs the derived field's regex (JavaScript) over each line as displayed.
        const regex = new RegExp(field.matcherRegex);
        const unmatched = lines.filter((l) => !regex.test(l.line)).map((l) => l.line);
        expect({ where: where(t), field: field.name, unmatched: unmatched.slice(0, 3) }).toEqual({ where: where(t), field: field.name, unmatched: [] });
        // The extracted id is the line's own trace_id (from the JSON the exporter wrote).
        const sample = lines[lines.length - 1]!;
        const traceId = regex.exec(sample.line)![1]!;
        expect(traceId).toBe(JSON.parse(sample.original).trace_id);
        const trace = await poll(`trace ${traceId} in Jaeger`, 30_000, 500, async () => {
          const found = await jaeger!.trace(traceId);
          // Spans are exported in batches (per service): wait until the span the line was logged in arrived.
          return found && found.spans.some((s) => s.spanID === JSON.parse(sample.original).span_id) ? found : undefined;
        }).catch(async (error: Error) => {
          const found = await jaeger!.trace(traceId);
          throw new Error(`${error.message}: the line's span_id ${JSON.parse(sample.original).span_id} is not among the trace's ${found?.spans.length ?? 0} spans`, { cause: error });
        });
        const tree = spanTree(trace);
        // The line was logged inside a span of this trace: its span_id is one of the trace's spans.
        const loggedIn = trace.spans.find((s) => s.spanID === JSON.parse(sample.original).span_id);
        expect({ where: where(t), loggedIn: loggedIn?.operationName }).toEqual({ where: where(t), loggedIn: expect.stringMatching(/\./) });
        expect(tree.operations).toEqual(expect.arrayContaining(['spec.parse', 'plan.compile_graph', 'codegen.lower', 'compile.execute', 'verify.run']));
        expect(tree.operations[0]).toBe('spec.parse');
        // One tree: every span's parent is in the trace, except at most the run's own context.
        expect({ where: where(t), orphans: tree.orphans.length <= 1 }).toEqual({ where: where(t), orphans: true });
        report.push(
          `${where(t)}: line "${sample.line.slice(0, 50)}…" → ${field.name} ${traceId} → Jaeger: ${trace.spans.length} spans, depth ${tree.depth}, services ${tree.services.join(', ')}; ` +
            `stages ${STAGES.filter((op) => tree.operations.includes(op)).join(' → ')}; logged in ${loggedIn!.operationName}` +
            (tree.orphans.length ? `; top-level parent ${tree.orphans[0]} is not in the trace (the run's remote context)` : ''),
        );
      }
    },
    90_000,
  );

  test.each(exemplarTargets.map(({ d, t }) => [`${d.file} › ${t.panelTitle} [${t.panelType}] ${t.refId}`, d, t] as const))(
    '%s: exemplar trace ids are in Jaeger with the span tree of their run',
    async (_name, d, t) => {
      const variables = dashboardVariables(d.json);
      const selection = defaultSelection(variables);
      const time = timeContext(dashboardRangeMs(d.json), prom!.scrapeIntervalMs);
      const nowS = Date.now() / 1000;
      const run = await runTarget(api, t, variables, { selection, options: await resolveVariableOptions(api, variables, selection, time, nowS), time, nowS });
      const labelNames = exemplarLinks.map((l) => l.name);
      const ids = await poll(`exemplars for ${where(t)}`, 30_000, 1000, async () => {
        const series = await api.exemplars(run.query, Date.now() / 1000 - 600, Date.now() / 1000);
        const found = series.flatMap((s) => s.exemplars.flatMap((e) => labelNames.map((n) => e.labels[n]).filter((v): v is string => !!v)));
        return found.length > 0 ? [...new Set(found)] : undefined;
      });
      const checked = ids.slice(-5);
      for (const id of checked) {
        const trace = await poll(`exemplar trace ${id} in Jaeger`, 30_000, 500, async () => {
          const found = await jaeger!.trace(id);
          return found && found.spans.some((s) => s.operationName === 'spec.parse') ? found : undefined;
        });
        const tree = spanTree(trace);
        expect({ where: where(t), id, first: tree.operations[0], oneTree: tree.orphans.length <= 1 }).toEqual({ where: where(t), id, first: 'spec.parse', oneTree: true });
        expect(tree.operations).toEqual(expect.arrayContaining(['spec.parse', 'plan.compile_graph', 'compile.execute']));
      }
      const sample = (await jaeger!.trace(checked[0]!))!;
      const tree = spanTree(sample);
      report.push(`${where(t)}: ${ids.length} exemplar trace ids, ${checked.length} followed into Jaeger, e.g. ${checked[0]} → ${sample.spans.length} spans, depth ${tree.depth}, stages ${STAGES.filter((op) => tree.operations.includes(op)).join(' → ')}`);
    },
    90_000,
  );
});
