/**
 * OpenTelemetry tracing for the catalogue's spans. One provider per Telemetry instance (so
 * tests and the probe can run side by side with the exporter); the context manager is global
 * because OpenTelemetry's context API is.
 */
import { context, createContextKey, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  RandomIdGenerator,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type IdGenerator,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { LOG_SERVICE_NAME, services, spanAttributes, spans as spanCatalogue, type ServiceName, type SpanAttributesOf, type SpanDef, type SpanName } from '../catalogue';
import { TelemetryContractError } from './metrics';
import { createRng } from './rng';

let contextManagerInstalled = false;

/** Installs AsyncLocalStorage context propagation and the W3C propagator once per process. */
export function ensureGlobalContext(): void {
  if (contextManagerInstalled) return;
  contextManagerInstalled = true;
  // false when another library already registered one; theirs propagates context just as well.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/** Bounded span queue: an unreachable collector drops spans, never grows memory or blocks. */
export interface BatchOptions {
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
}

export interface TracingOptions {
  /** OTLP/HTTP base URL (spans go to `{base}/v1/traces`); unset = no export. */
  otlpEndpoint?: string;
  /** Extra exporter (e.g. InMemorySpanExporter), attached with a SimpleSpanProcessor. */
  spanExporter?: SpanExporter;
  batch?: BatchOptions;
  /** Seeds trace/span ids so a seeded simulation is reproducible end to end. */
  seed?: number;
  /** Fraction of traces kept (by trace id, so a trace is kept or dropped whole); default 1. */
  sampleRatio?: number;
  resourceAttributes?: Record<string, string>;
}

class SeededIdGenerator implements IdGenerator {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = createRng(seed ^ 0x5eed1d);
  }
  private hex(bytes: number): string {
    let out = '';
    while (out.length < bytes * 2) out += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    out = out.slice(0, bytes * 2);
    // All-zero ids are invalid in W3C trace context.
    return /^0+$/.test(out) ? `${out.slice(0, -1)}1` : out;
  }
  generateTraceId(): string {
    return this.hex(16);
  }
  generateSpanId(): string {
    return this.hex(8);
  }
}

/** One tracer per service: `service.name` is a resource attribute, so each service has its own provider. */
export type ServiceTracers = Readonly<Record<ServiceName, Tracer>>;

export class Tracing {
  /** Provider of the pipeline service (compile-pipeline); `providers` has every service's. */
  readonly provider: BasicTracerProvider;
  readonly providers: ReadonlyMap<ServiceName, BasicTracerProvider>;
  /** Tracer of the pipeline service. */
  readonly tracer: Tracer;
  readonly tracers: ServiceTracers;
  readonly idGenerator: IdGenerator;
  readonly exportsOtlp: boolean;

  constructor(options: TracingOptions = {}) {
    ensureGlobalContext();
    this.exportsOtlp = Boolean(options.otlpEndpoint);
    this.idGenerator = options.seed === undefined ? new RandomIdGenerator() : new SeededIdGenerator(options.seed);
    // One exporter per destination, shared by every service's provider (each provider has its own processor).
    const otlp = options.otlpEndpoint
      ? new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`, timeoutMillis: options.batch?.exportTimeoutMillis ?? 5000 })
      : undefined;
    const processorsFor = (): SpanProcessor[] => {
      const processors: SpanProcessor[] = [];
      if (otlp) {
        processors.push(
          new BatchSpanProcessor(otlp, {
            maxQueueSize: 2048,
            maxExportBatchSize: 512,
            scheduledDelayMillis: 1000,
            exportTimeoutMillis: 5000,
            ...options.batch,
          }),
        );
      }
      if (options.spanExporter) processors.push(new SimpleSpanProcessor(options.spanExporter));
      return processors;
    };
    const providers = new Map<ServiceName, BasicTracerProvider>();
    const tracers = {} as Record<ServiceName, Tracer>;
    for (const service of services) {
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ ...options.resourceAttributes, 'service.name': service }),
        idGenerator: this.idGenerator,
        ...(options.sampleRatio !== undefined && options.sampleRatio < 1 ? { sampler: new TraceIdRatioBasedSampler(options.sampleRatio) } : {}),
        spanProcessors: processorsFor(),
      });
      providers.set(service, provider);
      tracers[service] = provider.getTracer('pipeline-instrumentation');
    }
    this.providers = providers;
    this.tracers = tracers;
    this.provider = providers.get(LOG_SERVICE_NAME as ServiceName)!;
    this.tracer = tracers[LOG_SERVICE_NAME as ServiceName];
  }

  /**
   * Runs fn inside a trace. With a W3C `traceparent` the spans join the caller's trace;
   * without one a new trace id is drawn (standing in for the orchestrator that starts runs).
   */
  inTrace<T>(traceparent: string | undefined, fn: (traceId: string) => T): T {
    let ctx: Context;
    if (traceparent) {
      ctx = propagation.extract(ROOT_CONTEXT, { traceparent });
      if (!trace.getSpanContext(ctx)) throw new TelemetryContractError(`invalid traceparent "${traceparent}"`);
    } else {
      ctx = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: this.idGenerator.generateTraceId(),
        spanId: this.idGenerator.generateSpanId(),
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
      });
    }
    const traceId = trace.getSpanContext(ctx)!.traceId;
    return context.with(ctx, () => fn(traceId));
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.providers.values()].map((p) => p.forceFlush()));
  }

  /** Flushes and stops; bounded by timeoutMs so a dead collector cannot hold up exit. */
  async shutdown(timeoutMs = 1500): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.providers.values()].map((p) => p.shutdown().catch(() => undefined))),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
    if (timer) clearTimeout(timer);
  }
}

/** A span restricted to its catalogue attributes. */
export interface TypedSpan<S extends SpanName> {
  readonly name: S;
  readonly traceId: string;
  readonly spanId: string;
  setAttribute<K extends keyof SpanAttributesOf<S> & string>(key: K, value: SpanAttributesOf<S>[K]): void;
  /** Marks the span failed with a catalogue `error.code` (every span declares it optional). */
  fail(errorCode: string, message?: string): void;
  readonly raw: Span;
}

export interface SpanTiming {
  /** Epoch milliseconds; defaults to now. The simulator backdates spans to simulated durations. */
  startTime?: number;
  endTime?: number;
}

const JS_TYPE: Record<string, string> = { string: 'string', boolean: 'boolean', int: 'number', double: 'number' };

function checkAttribute(span: SpanName, key: string, value: unknown): void {
  const def = (spanAttributes as Record<string, { type: string; values?: readonly string[]; pattern?: string }>)[key];
  const allowed = [...spanCatalogue[span].required, ...spanCatalogue[span].optional] as string[];
  if (!def || !allowed.includes(key)) throw new TelemetryContractError(`span ${span}: attribute "${key}" is not in the catalogue for this span`);
  if (typeof value !== JS_TYPE[def.type] || (def.type === 'int' && !Number.isInteger(value)) || (typeof value === 'number' && !Number.isFinite(value))) {
    throw new TelemetryContractError(`span ${span}: attribute "${key}" must be a${def.type === 'int' ? 'n' : ''} ${def.type}`);
  }
  if (def.values && !def.values.includes(value as string)) {
    throw new TelemetryContractError(`span ${span}: attribute ${key}="${String(value)}" is not one of ${def.values.join(', ')}`);
  }
  if (def.pattern && !new RegExp(def.pattern).test(value as string)) {
    throw new TelemetryContractError(`span ${span}: attribute ${key}="${String(value)}" does not match ${def.pattern}`);
  }
}

/** Runtime twin of SpanAttributesOf: for callers that bypass the types (JS, JSON input). */
export function validateSpanAttributes(span: SpanName, attributes: Record<string, unknown>): void {
  if (!(span in spanCatalogue)) throw new TelemetryContractError(`unknown span "${String(span)}"`);
  if ((spanCatalogue[span] as SpanDef).artefact && typeof attributes['provenance.id'] !== 'string') {
    throw new TelemetryContractError(`span ${span} records a compliance artefact: it needs a provenance.id`);
  }
  for (const key of spanCatalogue[span].required) {
    if (!(key in attributes)) throw new TelemetryContractError(`span ${span}: required attribute "${key}" is missing`);
  }
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) checkAttribute(span, key, value);
}

function errorCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const SERVICE_KEY = createContextKey('pipeline service.name');
const SPAN_KINDS = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
} as const;

/** The name a span of catalogue entry S is emitted under (its nameTemplate filled from the attributes). */
export function emittedSpanName(name: SpanName, attributes: Readonly<Record<string, unknown>>): string {
  const template = (spanCatalogue[name] as SpanDef).nameTemplate;
  return template ? template.replace(/\{([^{}]+)\}/g, (_, key: string) => String(attributes[key] ?? key)) : name;
}

/** Service a span of S is emitted by: its catalogue service, else the enclosing span's, else the pipeline. */
function serviceOf(name: SpanName): ServiceName {
  return (spanCatalogue[name] as SpanDef).service ?? (context.active().getValue(SERVICE_KEY) as ServiceName | undefined) ?? (LOG_SERVICE_NAME as ServiceName);
}

/**
 * The playbook's `@instrument_span`: runs fn inside a child span of the active context, ends
 * it when fn returns or its promise settles, and marks it failed (status + `error.code`) on throw.
 */
export function runInSpan<S extends SpanName, T>(
  tracers: Tracer | ServiceTracers,
  name: S,
  attributes: SpanAttributesOf<S>,
  fn: (span: TypedSpan<S>) => T,
  timing: SpanTiming = {},
): T {
  validateSpanAttributes(name, attributes as Record<string, unknown>);
  const service = serviceOf(name);
  const tracer = 'startActiveSpan' in tracers ? (tracers as Tracer) : (tracers as ServiceTracers)[service];
  const def = spanCatalogue[name] as SpanDef;
  const spanName = emittedSpanName(name, attributes as Record<string, unknown>);
  const start = { attributes: attributes as Record<string, string | boolean | number>, startTime: timing.startTime, kind: SPAN_KINDS[def.kind ?? 'internal'] };
  return context.with(context.active().setValue(SERVICE_KEY, service), () => tracer.startActiveSpan(spanName, start, (raw) => {
    const { traceId, spanId } = raw.spanContext();
    catalogueNames.set(raw, name);
    const typed: TypedSpan<S> = {
      name,
      traceId,
      spanId,
      raw,
      setAttribute(key, value) {
        checkAttribute(name, key, value);
        raw.setAttribute(key, value as string | boolean | number);
      },
      fail(errorCode, message) {
        raw.setAttribute('error.code', errorCode);
        raw.setStatus({ code: SpanStatusCode.ERROR, message: message ?? errorCode });
      },
    };
    const onError = (error: unknown): void => {
      const code = errorCodeOf(error);
      if (code) raw.setAttribute('error.code', code);
      raw.recordException(error instanceof Error ? error : String(error));
      raw.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    };
    let result: T;
    try {
      result = fn(typed);
    } catch (error) {
      onError(error);
      raw.end(timing.endTime);
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => {
          raw.end(timing.endTime);
          return value;
        },
        (error: unknown) => {
          onError(error);
          raw.end(timing.endTime);
          throw error;
        },
      ) as T;
    }
    raw.end(timing.endTime);
    return result;
  }));
}

/** Catalogue name of spans whose emitted name comes from a template (kept only while the span object lives). */
const catalogueNames = new WeakMap<object, SpanName>();

/** The active span's W3C ids (and, for catalogue spans, its catalogue name and attributes), or undefined outside any valid span. */
export function activeTraceContext(): { trace_id: string; span_id: string; spanName?: string; attributes?: Readonly<Record<string, unknown>> } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const ctx = span.spanContext();
  if (!trace.isSpanContextValid(ctx)) return undefined;
  const spanName = catalogueNames.get(span) ?? (span as { name?: unknown }).name;
  const attributes = (span as { attributes?: Readonly<Record<string, unknown>> }).attributes;
  return { trace_id: ctx.traceId, span_id: ctx.spanId, ...(typeof spanName === 'string' ? { spanName } : {}), ...(attributes ? { attributes } : {}) };
}
