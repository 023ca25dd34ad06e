/** Renders the catalogue as the human-readable data contract (generated/data-contract.md). */
import { worstCaseSeries } from './cardinality';
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
        m.labels.map((l) => code(l) + (m.optionalLabels?.includes(l) ? ' (optional)' : '')).join(', ') || '–',
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
    const links = Object.entries(e.spanAttributes ?? {}).map(([f, a]) => `${code(f)} equals the span's ${code(a)}`);
    out.push(`### ${code(name)}`, '', `${e.description} Written inside span ${code(e.span)}.${links.length ? ` ${links.join('; ')} (enforced when the line is written).` : ''}`, '');
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
  out.push(
    '## Spans',
    '',
    'Pipeline stages first, in order, then the planner, executor, GenAI, verification and compliance spans. ' +
      'Required attributes are set on every span; optional ones when they apply. Each service has its own ' +
      `${code('service.name')} resource attribute (${c.spans.services.map(code).join(', ')}); a span without a service ` +
      'is emitted under the service of its enclosing span. Spans marked *artefact* record a compliance artefact: ' +
      `the instrumentation refuses them without ${code('provenance.id')}.`,
    '',
  );
  out.push(
    table(
      ['span', 'service', 'kind', 'required attributes', 'optional attributes', 'description'],
      Object.entries(c.spans.spans).map(([name, s]) => [
        code(name) + (s.nameTemplate ? ` (emitted as ${code(s.nameTemplate)})` : '') + (s.artefact ? ' *artefact*' : ''),
        s.service ? code(s.service) : 'caller\'s',
        s.kind ?? 'internal',
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
    '## Cardinality and footprint',
    '',
    `Worst case: ${worstCaseSeries()} series, every label at every value its set declares (histograms count each bucket, \`+Inf\`, ` +
      '`_sum` and `_count`; summaries each quantile, `_sum` and `_count`). Toolchain stdout/stderr never enter the log stream: ' +
      '`compile.execute` carries `artifact.log_id` (sha256) into the artefact store. Measured bytes per signal, per run and per ' +
      'hour, for the full and the minimal air-gapped profile: README, "Telemetry footprint" (`npm run bench -- --only footprint`).',
    '',
    '## GenAI models',
    '',
    `GenAI span attributes, metric names and labels follow the OpenTelemetry semantic conventions v${c.genAi.semconvVersion} ` +
      `(${code('gen_ai.client.token.usage')} → ${code('gen_ai_client_token_usage')}, ${code('gen_ai.client.operation.duration')} → ` +
      `${code('gen_ai_client_operation_duration_seconds')}, attributes with dots → labels with underscores). Models are a closed set: ` +
      'a request for any other model is rejected by the type checker and at run time.',
    '',
    table(
      ['gen_ai.request.model', 'gen_ai.response.model', 'gen_ai.provider.name', 'gen_ai.operation.name'],
      c.genAi.models.map((m) => [code(m.request), code(m.response), code(m.provider), m.operations.map(code).join(', ')]),
    ),
    '',
    '## Evidence retention',
    '',
    `Telemetry is compliance evidence (provenance ids link artefacts, spans and log lines), so every backend keeps it for ` +
      `${code(c.retention.evidence)}. The one setting is ${code('EVIDENCE_RETENTION')} in ${code('src/catalogue/retention.ts')}; it drives:`,
    '',
    ...c.retention.appliesTo.map((t) => `- ${t}`),
    '',
  );
  return out.join('\n');
}
