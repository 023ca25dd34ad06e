/** Renders the catalogue as the human-readable data contract (generated/data-contract.md). */
import type { CatalogueJson } from './index';

const code = (s: string) => `\`${s}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function renderDataContract(c: CatalogueJson): string {
  const out: string[] = [
    '# Telemetry data contract',
    '',
    '_Generated from `src/catalogue/` by `npm run build-dashboards`. Do not edit: change the catalogue and rebuild._',
    '',
    'Every dashboard query, the validator, the sample exporter and this document derive from one catalogue.',
    '',
    '## Metrics',
    '',
    table(
      ['name', 'type', 'unit', 'labels', 'buckets / quantiles', 'help'],
      Object.entries(c.metrics).map(([name, m]) => [
        code(name),
        m.type,
        m.unit,
        m.labels.map(code).join(', ') || '–',
        (m.buckets ?? m.quantiles ?? []).join(', ') || '–',
        m.help + (m.notes ? ` ${m.notes}` : ''),
      ]),
    ),
    '',
    '## Metric labels',
    '',
    'Closed label sets are part of the contract; open sets list the values the sample exporter emits.',
    '',
    table(
      ['label', 'values', 'closed', 'description'],
      Object.entries(c.labels).map(([name, l]) => [
        code(name),
        l.values.map(code).join(', ') + (l.pattern ? ` (pattern ${code(l.pattern)})` : ''),
        l.closed ? 'yes' : 'no',
        l.description,
      ]),
    ),
    '',
    '## Log events',
    '',
    `JSON lines pushed to Loki with stream labels ${Object.keys(c.logs.streamLabels).map(code).join(', ')} ` +
      `(${code(`service_name="${c.logs.serviceName}"`)}). The ${code('event')} field selects the kind; ` +
      'filter with `| json | event="…"`. Every line carries the W3C trace context of its span.',
    '',
  ];
  for (const [name, e] of Object.entries(c.logs.events)) {
    out.push(`### ${code(name)}`, '', `${e.description} Written inside span ${code(e.span)}.`, '');
    out.push(
      table(
        ['field', 'type', 'values', 'description'],
        Object.entries(e.fields).map(([f, d]) => [
          code(f) + (d.optional ? ' (optional)' : ''),
          d.type,
          d.values ? d.values.map(code).join(', ') : d.pattern ? `pattern ${code(d.pattern)}` : '–',
          d.description,
        ]),
      ),
      '',
    );
  }
  out.push('## Spans', '', 'In pipeline order. Required attributes are set on every span; optional ones when they apply.', '');
  out.push(
    table(
      ['span', 'required attributes', 'optional attributes', 'description'],
      Object.entries(c.spans.spans).map(([name, s]) => [
        code(name),
        s.required.map(code).join(', '),
        s.optional.map(code).join(', ') || '–',
        s.description,
      ]),
    ),
    '',
    '### Span attributes',
    '',
    table(
      ['attribute', 'type', 'values', 'description'],
      Object.entries(c.spans.attributes).map(([name, a]) => [
        code(name),
        a.type,
        a.values ? a.values.map(code).join(', ') : a.pattern ? `pattern ${code(a.pattern)}` : '–',
        a.description,
      ]),
    ),
    '',
  );
  return out.join('\n');
}
