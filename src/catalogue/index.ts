import { labels, type LabelDef } from './labels';
import { metrics, type MetricDef } from './metrics';
import { commonLogFields, logEvents, logStreamLabels, LOG_SERVICE_NAME, type LogEventDef } from './logs';
import { services, spanAttributes, spans, type AttributeDef, type SpanDef } from './spans';
import { GENAI_SEMCONV_VERSION, genAiModels, type GenAiModel } from './genai';
import { EVIDENCE_RETENTION, RETENTION_TARGETS } from './retention';

export * from './labels';
export * from './metrics';
export * from './logs';
export * from './spans';
export * from './genai';
export * from './retention';
export { PROVENANCE_ID_PATTERN } from './stage-labels';
export * from './simulation';

/** Serializable form of the catalogue: what `generated/catalogue.json` holds and the validator reads. */
export interface CatalogueJson {
  readonly $comment: string;
  readonly version: 1;
  readonly labels: Readonly<Record<string, LabelDef>>;
  readonly metrics: Readonly<Record<string, MetricDef>>;
  readonly logs: {
    readonly serviceName: string;
    readonly streamLabels: Readonly<Record<string, { description: string; values?: readonly string[] }>>;
    readonly commonFields: readonly string[];
    readonly events: Readonly<Record<string, LogEventDef>>;
  };
  readonly spans: {
    readonly services: readonly string[];
    readonly attributes: Readonly<Record<string, AttributeDef>>;
    readonly spans: Readonly<Record<string, SpanDef>>;
  };
  /** GenAI models (closed) and the semantic-conventions version the GenAI names follow. */
  readonly genAi: {
    readonly semconvVersion: string;
    readonly models: readonly GenAiModel[];
  };
  /** Evidence retention window and the backend settings it drives. */
  readonly retention: { readonly evidence: string; readonly appliesTo: readonly string[] };
}

/** Each event's `event` field lists every event name (a closed set the logs.ts literal cannot spell without repeating the keys). */
function withEventValues(events: Readonly<Record<string, LogEventDef>>): Record<string, LogEventDef> {
  const names = Object.keys(events);
  return Object.fromEntries(
    Object.entries(events).map(([name, def]) => [name, { ...def, fields: Object.fromEntries(Object.entries(def.fields).map(([f, d]) => [f, f === 'event' ? { ...d, values: names } : d])) }]),
  );
}

export const catalogue: CatalogueJson = {
  $comment: 'Generated from src/catalogue by npm run build-dashboards. Do not edit.',
  version: 1,
  labels,
  metrics,
  logs: {
    serviceName: LOG_SERVICE_NAME,
    streamLabels: logStreamLabels,
    commonFields: Object.keys(commonLogFields),
    events: withEventValues(logEvents),
  },
  spans: { services, attributes: spanAttributes, spans },
  genAi: { semconvVersion: GENAI_SEMCONV_VERSION, models: genAiModels },
  retention: { evidence: EVIDENCE_RETENTION, appliesTo: RETENTION_TARGETS },
};
