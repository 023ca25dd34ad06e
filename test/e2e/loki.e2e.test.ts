/**
 * Logs against Loki's push contract: the exporter pushes to a loopback receiver implementing
 * `POST /loki/api/v1/push`; every Loki target of every generated dashboard must parse, match the
 * pushed streams and select pushed lines carrying a W3C trace_id. The receiver is not Loki: see
 * test/helpers/loki-receiver.ts and ./logql-subset.ts for what is and is not checked.
 */
import { catalogue, labels, W3C_TRACE_ID_PATTERN } from '../../src/catalogue';
import { startExporter, type ExporterHandle } from '../../src/exporter';
import { ALL, dashboardTargets, dashboardVariables, interpolate, referencedVariables, type DashboardTarget, type Selection } from '../../src/grafana/interpolate';
import { timeContext } from '../../src/preview/panel-data';
import { startLokiReceiver, type LokiReceiver } from '../helpers/loki-receiver';
import { generatedDashboards, poll } from './environment';
import { parseErrors, parseLogQuery, selectLines, selectorMatches, type SelectedLine } from './logql-subset';

const dashboards = generatedDashboards();
const lokiTargets = dashboards.flatMap((d) => dashboardTargets(d.json).filter((t) => t.datasource === 'loki').map((t) => ({ d, t })));
const TRACE_ID = new RegExp(W3C_TRACE_ID_PATTERN);
const labelOptions = Object.fromEntries(Object.entries(catalogue.labels).map(([k, v]) => [k, [...v.values]]));

function interpolated(d: (typeof dashboards)[number], t: DashboardTarget, overrides: Selection = {}): string {
  const variables = dashboardVariables(d.json);
  const selection: Selection = { ...Object.fromEntries(variables.map((v) => [v.name, [ALL]])), ...overrides };
  return interpolate(t.expr, { variables, options: labelOptions, selection, datasource: 'loki', time: timeContext(3_600_000, 15_000) });
}

function where(t: DashboardTarget, query: string): string {
  return `dashboard "${t.dashboardTitle}" (${t.dashboardUid}), panel "${t.panelTitle}" [${t.panelType}] ${t.refId} ${t.pointer}\n  query: ${query}`;
}

describe('every Loki target selects lines the exporter pushed', () => {
  const started = Date.now();
  let receiver: LokiReceiver | undefined;
  let exporter: ExporterHandle | undefined;
  const selected = new Map<DashboardTarget, SelectedLine[]>();

  const selectAll = (): void => {
    const streams = receiver!.streams();
    for (const { d, t } of lokiTargets) selected.set(t, selectLines(parseLogQuery(interpolated(d, t)), streams));
  };

  beforeAll(async () => {
    receiver = await startLokiReceiver();
    exporter = await startExporter({ host: '127.0.0.1', port: 0, seed: 7, speed: 5, logStream: null, lokiUrl: receiver.url, loki: { flushIntervalMs: 200 } });
    await receiver.waitForEntries(1, 30_000);
    // Some events (verify.block) are rarer than others: wait until every target selects lines
    // (from two backends or more where $backend filters, so narrowing can show), bounded.
    await poll('every Loki target to select pushed lines', 45_000, 500, async () => {
      selectAll();
      return [...selected.entries()].every(([t, lines]) => new Set(lines.map((l) => l.labels.backend)).size >= (referencedVariables(t.expr).includes('backend') ? 2 : 1))
        ? true
        : undefined;
    }).catch(() => selectAll()); // the per-target tests report which ones stay empty
  }, 90_000);

  afterAll(async () => {
    try {
      await exporter?.close();
    } finally {
      await receiver?.close();
    }
    const lines = receiver ? receiver.streams().reduce((n, s) => n + s.entries.length, 0) : 0;
    console.log(
      `Per-panel LogQL results (${receiver?.pushes.length ?? 0} pushes, ${lines} lines received):\n` +
        [...selected.entries()].map(([t, l]) => `  ${t.dashboardUid} | ${t.panelTitle} [${t.panelType}] ${t.refId} | lines=${l.length}`).join('\n') +
        `\nloki e2e suite time: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  test('the dashboards have Loki targets and the exporter pushed JSON bodies', () => {
    expect(lokiTargets.length).toBeGreaterThan(0);
    expect(receiver!.pushes.length).toBeGreaterThan(0);
    expect(new Set(receiver!.pushes.map((p) => p.contentType))).toEqual(new Set(['application/json']));
  });

  test('pushed streams carry exactly the catalogue stream labels', () => {
    const allowed = Object.keys(catalogue.logs.streamLabels).sort();
    for (const s of receiver!.streams()) {
      expect(Object.keys(s.labels).sort()).toEqual(allowed);
      expect(s.labels.service_name).toBe(catalogue.logs.serviceName);
      expect(labels.environment.values as readonly string[]).toContain(s.labels.environment);
    }
  });

  test.each(lokiTargets.map(({ d, t }) => [`${d.file} › ${t.panelTitle} [${t.panelType}] ${t.refId}`, d, t] as const))('%s', (_name, d, t) => {
    const query = interpolated(d, t);
    const context = where(t, query);
    // Parses with Grafana's LogQL grammar, both as written and as sent.
    expect({ context, errors: parseErrors(query) }).toEqual({ context, errors: [] });
    const parsed = parseLogQuery(query);
    // The stream selector matches at least one pushed stream.
    const streams = receiver!.streams();
    const matchingStreams = streams.some((s) => selectorMatches(parsed.selector, s.labels));
    expect({ context, matchingStreams }).toEqual({ context, matchingStreams: true });
    // The pipeline (json, event and variable filters) selects pushed lines, each with a W3C trace id.
    const lines = selected.get(t) ?? [];
    expect({ context, lines: lines.length > 0 }).toEqual({ context, lines: true });
    for (const line of lines) {
      const body = JSON.parse(line.original) as Record<string, unknown>;
      expect({ context, line: line.original, traceId: TRACE_ID.test(String(body.trace_id)) }).toEqual({ context, line: line.original, traceId: true });
      for (const stage of parsed.stages) {
        if (stage.kind === 'labelFilter' && stage.matcher.op === '=') expect({ context, [stage.matcher.label]: line.labels[stage.matcher.label] }).toEqual({ context, [stage.matcher.label]: stage.matcher.value });
      }
      // What the panel shows: a line_format that mentions trace_id renders the real id.
      if (parsed.stages.some((s) => s.kind === 'lineFormat' && s.template.includes('.trace_id'))) expect(line.line).toContain(String(body.trace_id));
      // Compliance evidence lines show the provenance id of their artefact.
      if (parsed.stages.some((s) => s.kind === 'lineFormat' && s.template.includes('.provenance_id'))) {
        expect({ context, provenanceId: /^prov-[0-9a-f]{16}$/.test(String(body.provenance_id)), shown: line.line.includes(String(body.provenance_id)) }).toEqual({ context, provenanceId: true, shown: true });
      }
    }
  });

  test('narrowing $backend to one value narrows the log lines', () => {
    let narrowed = false;
    for (const { d, t } of lokiTargets.filter((x) => referencedVariables(x.t.expr).includes('backend'))) {
      const all = selected.get(t) ?? [];
      const backends = [...new Set(all.map((l) => l.labels.backend))].sort();
      expect(backends.length).toBeGreaterThan(0);
      const chosen = backends[0]!;
      const query = interpolated(d, t, { backend: [chosen] });
      const lines = selectLines(parseLogQuery(query), receiver!.streams());
      const context = where(t, query);
      const onlyChosen = lines.every((l) => l.labels.backend === chosen);
      expect({ context, some: lines.length > 0, onlyChosen }).toEqual({ context, some: true, onlyChosen: true });
      // Lines arrive continuously; compare against a fresh All selection taken after the narrowed one.
      const allNow = selectLines(parseLogQuery(interpolated(d, t)), receiver!.streams());
      expect(lines.length).toBeLessThanOrEqual(allNow.length);
      if (backends.length > 1 && lines.length < allNow.length) narrowed = true;
    }
    expect(narrowed).toBe(true);
  });
});
