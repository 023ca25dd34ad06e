/**
 * Conventions every built dashboard keeps, whatever dashboards exist: legends where a panel can
 * draw several series, no sparkline on instant stats, every filter a dashboard shows applied by
 * every panel whose metric carries the label (or the panel says it is not), and filters whose
 * values exist for every host and backend before any run.
 */
import { catalogue, metrics, type MetricDef } from '../src/catalogue';
import { planBuild } from '../src/build/build';

interface Target {
  expr?: string;
  instant?: boolean;
  legendFormat?: string;
  datasource?: { type?: string };
}
interface Panel {
  type: string;
  title: string;
  description?: string;
  targets?: Target[];
  options?: { legend?: { showLegend?: boolean }; graphMode?: string };
  panels?: Panel[];
}
interface Variable {
  type: string;
  name: string;
  label?: string;
  definition?: string;
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: Variable[] };
}

const dashboards = [...planBuild().files].filter(([rel]) => rel.startsWith('dashboards/')).map(([rel, text]) => [rel, JSON.parse(text) as Dashboard] as const);
const catalogueMetrics = metrics as Readonly<Record<string, MetricDef>>;

function panelsOf(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
}

/** Catalogue metrics a PromQL expression selects (histogram and summary series mapped to their family). */
function metricsIn(expr: string): string[] {
  const names = [...expr.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''));
  return [...new Set(names.filter((n) => n in catalogueMetrics))];
}

/** A LogQL query can filter on a stream label, or on a field of the events it selects. */
function lokiCarries(expr: string, label: string): boolean {
  if (label in catalogue.logs.streamLabels) return true;
  const events = [...expr.matchAll(/\bevent\s*=\s*"([^"]+)"/g)].map((m) => m[1]!);
  return events.some((e) => label in (catalogue.logs.events[e]?.fields ?? {}));
}

const panels = dashboards.flatMap(([rel, d]) => panelsOf(d).map((p) => [`${rel}: ${p.title}`, p, d] as const));

test('there are dashboards to check', () => {
  expect(panels.length).toBeGreaterThan(0);
});

describe.each(panels)('%s', (_where, panel, dashboard) => {
  const targets = panel.targets ?? [];

  test('a graph that can draw several series shows its legend', () => {
    if (!['timeseries', 'barchart'].includes(panel.type)) return;
    const several = targets.length > 1 || targets.some((t) => /\bby\s*\(/.test(t.expr ?? '') || /\{\{/.test(t.legendFormat ?? ''));
    if (several) expect(panel.options?.legend?.showLegend).toBe(true);
  });

  test('an instant stat draws no sparkline', () => {
    if (panel.type !== 'stat' || targets.length === 0 || !targets.every((t) => t.instant)) return;
    expect(panel.options?.graphMode ?? 'none').toBe('none');
  });

  test('applies every filter the dashboard shows, or says which it does not', () => {
    const filters = dashboard.templating.list.filter((v) => v.type === 'query');
    for (const target of targets) {
      const expr = target.expr ?? '';
      const isLoki = target.datasource?.type === 'loki';
      for (const filter of filters) {
        const applied = expr.includes(`"$${filter.name}"`);
        const carried = isLoki ? lokiCarries(expr, filter.name) : metricsIn(expr).some((m) => catalogueMetrics[m]!.labels.includes(filter.name as never));
        if (applied) continue;
        const said = (panel.description ?? '').toLowerCase();
        const reason = { panel: panel.title, filter: filter.name, expr };
        expect({ ...reason, carried, said: said.includes('not filtered by') && said.includes((filter.label ?? filter.name).toLowerCase()) }).toEqual({
          ...reason,
          carried: false,
          said: true,
        });
      }
    }
  });
});

// A backend filter must offer a backend before it has compiled anything (filters on other labels read their own metrics).
const hostAndBackend = new Set(['backend']);

describe.each(dashboards)('%s filters', (_rel, dashboard) => {
  const filters = dashboard.templating.list.filter((v) => v.type === 'query' && hostAndBackend.has(v.name));
  if (filters.length === 0) return;
  test.each(filters.map((v) => [v.name, v] as const))(
    '%s reads a metric set for every host and backend before any run',
    (_name, variable) => {
      const metric = /label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(variable.definition ?? '')?.[1];
      expect(metric && catalogueMetrics[metric]).toBeDefined();
      // Registry metrics are set for every series at each readiness check, the first one before any run.
      expect({ metric, source: catalogueMetrics[metric!]!.source }).toEqual({ metric, source: 'registry' });
      expect(catalogueMetrics[metric!]!.labels).toContain(variable.name);
    },
  );
});
