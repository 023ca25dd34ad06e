/**
 * Text exposition of a MetricSet in Prometheus 0.0.4 or OpenMetrics 1.0.0 (with exemplars).
 * Rendered here rather than by `registry.metrics()` because prom-client fixes the format per
 * registry and renames counters in place when rendering OpenMetrics; one registry must serve both.
 */
import { metrics as metricCatalogue, type MetricName } from '../catalogue';
import type { MetricSet } from './metrics';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export function contentTypeOf(format: ExpositionFormat): string {
  return format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
}

/** Picks the format from an Accept header: OpenMetrics only when the scraper lists it. */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  return accept && /application\/openmetrics-text/i.test(accept) ? 'openmetrics' : 'prometheus';
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(help: string, format: ExpositionFormat): string {
  const escaped = help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return format === 'openmetrics' ? escaped.replace(/"/g, '\\"') : escaped;
}

function formatLabels(labels: Record<string, string | number>, order: readonly string[]): string {
  const keys = [...order.filter((k) => k in labels), ...Object.keys(labels).filter((k) => !order.includes(k))];
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabelValue(String(labels[k]))}"`).join(',')}}`;
}

interface SampleValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
  exemplar?: { labelSet: Record<string, string>; value: number | null; timestamp?: number } | null;
}

export async function renderExposition(set: MetricSet, format: ExpositionFormat): Promise<string> {
  const blocks: string[] = [];
  for (const name of Object.keys(metricCatalogue) as MetricName[]) {
    const def = metricCatalogue[name];
    const data = (await set.get(name).get()) as unknown as { values: SampleValue[] };
    // OpenMetrics names a counter family without `_total`; its samples keep the suffix.
    const family = format === 'openmetrics' && def.type === 'counter' ? name.replace(/_total$/, '') : name;
    const lines = [`# HELP ${family} ${escapeHelp(def.help, format)}`, `# TYPE ${family} ${def.type}`];
    for (const sample of data.values) {
      let line = `${sample.metricName ?? name}${formatLabels(sample.labels, def.labels)} ${formatValue(sample.value)}`;
      const exemplar = sample.exemplar;
      if (format === 'openmetrics' && exemplar && exemplar.value !== null && Object.keys(exemplar.labelSet).length > 0) {
        line += ` # ${formatLabels(exemplar.labelSet, [])} ${formatValue(exemplar.value)}`;
        if (exemplar.timestamp !== undefined) line += ` ${exemplar.timestamp.toFixed(3)}`;
      }
      lines.push(line);
    }
    blocks.push(lines.join('\n'));
  }
  return format === 'openmetrics' ? `${blocks.join('\n')}\n# EOF\n` : `${blocks.join('\n\n')}\n`;
}
