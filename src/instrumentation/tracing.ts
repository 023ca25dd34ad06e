/**
 * OpenTelemetry tracing for the catalogue's spans. One provider per Telemetry instance (so
 * tests and the probe can run side by side with the exporter); the context manager is global
 * because OpenTelemetry's context API is.
 */
import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace, TraceFlags, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  RandomIdGenerator,
  SimpleSpanProcessor,
  type IdGenerator,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { LOG_SERVICE_NAME, spanAttributes, spans as spanCatalogue, type SpanAttributesOf, type SpanName } from '../catalogue';
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

export class Tracing {
  readonly provider: BasicTracerProvider;
  readonly tracer: Tracer;
  readonly idGenerator: IdGenerator;
  readonly exportsOtlp: boolean;

  constructor(options: TracingOptions = {}) {
    ensureGlobalContext();
    const processors: SpanProcessor[] = [];
    if (options.otlpEndpoint) {
      const url = `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
      const exporter = new OTLPTraceExporter({ url, timeoutMillis: options.batch?.exportTimeoutMillis ?? 5000 });
      processors.push(
        new BatchSpanProcessor(exporter, {
          maxQueueSize: 2048,
          maxExportBatchSize: 512,
          scheduledDelayMillis: 1000,
          exportTimeoutMillis: 5000,
          ...options.batch,
        }),
      );
    }
    if (options.spanExporter) processors.push(new SimpleSpanProcessor(options.spanExporter));
    this.exportsOtlp = Boolean(options.otlpEndpoint);
    this.idGenerator = options.seed === undefined ? new RandomIdGenerator() : new SeededIdGenerator(options.seed);
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': LOG_SERVICE_NAME, ...options.resourceAttributes }),
      idGenerator: this.idGenerator,
      spanProcessors: processors,
    });
    this.tracer = this.provider.getTracer('pipeline-instrumentation');
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
    await this.provider.forceFlush();
  }

  /** Flushes and stops; bounded by timeoutMs so a dead collector cannot hold up exit. */
  async shutdown(timeoutMs = 1500): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.provider.shutdown().catch(() => undefined),
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

function checkAttribute(span: SpanName, key: string, value: unknown): void {
  const def = (spanAttributes as Record<string, { type: string; values?: readonly string[]; pattern?: string }>)[key];
  const allowed = [...spanCatalogue[span].required, ...spanCatalogue[span].optional] as string[];
  if (!def || !allowed.includes(key)) throw new TelemetryContractError(`span ${span}: attribute "${key}" is not in the catalogue for this span`);
  if (typeof value !== def.type) throw new TelemetryContractError(`span ${span}: attribute "${key}" must be a ${def.type}`);
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
  for (const key of spanCatalogue[span].required) {
    if (!(key in attributes)) throw new TelemetryContractError(`span ${span}: required attribute "${key}" is missing`);
  }
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) checkAttribute(span, key, value);
}

function errorCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The playbook's `@instrument_span`: runs fn inside a child span of the active context, ends
 * it when fn returns or its promise settles, and marks it failed (status + `error.code`) on throw.
 */
export function runInSpan<S extends SpanName, T>(
  tracer: Tracer,
  name: S,
  attributes: SpanAttributesOf<S>,
  fn: (span: TypedSpan<S>) => T,
  timing: SpanTiming = {},
): T {
  validateSpanAttributes(name, attributes as Record<string, unknown>);
  return tracer.startActiveSpan(name, { attributes: attributes as Record<string, string | boolean>, startTime: timing.startTime }, (raw) => {
    const { traceId, spanId } = raw.spanContext();
    const typed: TypedSpan<S> = {
      name,
      traceId,
      spanId,
      raw,
      setAttribute(key, value) {
        checkAttribute(name, key, value);
        raw.setAttribute(key, value as string | boolean);
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
  });
}

/** The active span's W3C ids, or undefined outside any valid span. */
export function activeTraceContext(): { trace_id: string; span_id: string; spanName?: string } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const ctx = span.spanContext();
  if (!trace.isSpanContextValid(ctx)) return undefined;
  const spanName = (span as { name?: unknown }).name;
  return { trace_id: ctx.traceId, span_id: ctx.spanId, ...(typeof spanName === 'string' ? { spanName } : {}) };
}
