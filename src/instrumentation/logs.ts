/**
 * Structured JSON log events from the catalogue. Each line gets the W3C trace context of the
 * active span, so a line found in Loki leads to its trace; lines go to every configured sink.
 */
import { commonLogFields, logEvents, type FieldDef, type LogEventName } from '../catalogue';
import { TelemetryContractError } from './metrics';
import { activeTraceContext } from './tracing';
import type { LogFieldsOf, LogLine } from './types';

export interface LogSink {
  /** Must not block: a sink buffers or drops, it never makes the caller wait. */
  write(line: LogLine, serialized: string): void;
  flush?(timeoutMs?: number): Promise<void>;
  close?(timeoutMs?: number): Promise<void>;
}

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface LoggerDefaults {
  environment: 'online' | 'offline';
  host_region: string;
}

const AUTO = new Set(['ts', 'event', 'trace_id', 'span_id']);

interface CompiledEvent {
  readonly span: string;
  /** field → attribute of the enclosing span it must equal. */
  readonly linked: readonly (readonly [string, string])[];
  readonly order: readonly string[];
  readonly fields: Readonly<Record<string, FieldDef & { regex?: RegExp }>>;
}

const compiled = new Map<string, CompiledEvent>();
for (const [name, def] of Object.entries(logEvents)) {
  const fields: Record<string, FieldDef & { regex?: RegExp }> = {};
  for (const [key, field] of Object.entries(def.fields as Record<string, FieldDef>)) {
    fields[key] = field.pattern ? { ...field, regex: new RegExp(field.pattern) } : field;
  }
  const linked = Object.entries((def as { spanAttributes?: Record<string, string> }).spanAttributes ?? {});
  compiled.set(name, { span: def.span, linked, fields, order: Object.keys(def.fields) });
}

function checkField(event: string, key: string, def: FieldDef & { regex?: RegExp }, value: unknown): void {
  if (typeof value !== def.type) throw new TelemetryContractError(`log ${event}: field "${key}" must be a ${def.type}, got ${typeof value}`);
  if (def.values && !def.values.includes(value as string)) {
    throw new TelemetryContractError(`log ${event}: field ${key}="${String(value)}" is not one of ${def.values.join(', ')}`);
  }
  if (def.regex && !def.regex.test(value as string)) {
    throw new TelemetryContractError(`log ${event}: field ${key}="${String(value)}" does not match ${def.pattern}`);
  }
}

export class Logger {
  private readonly sinks: LogSink[];

  constructor(
    private readonly defaults: LoggerDefaults,
    sinks: LogSink[] = [],
  ) {
    this.sinks = [...sinks];
  }

  addSink(sink: LogSink): void {
    this.sinks.push(sink);
  }

  /**
   * Writes one catalogue event inside the active span (the one the catalogue names for it).
   * `time` (epoch ms) lets the simulator date a line inside a backdated span.
   */
  logEvent<E extends LogEventName>(name: E, fields: LogFieldsOf<E>, options: { time?: number } = {}): LogLine {
    const event = compiled.get(name);
    if (!event) throw new TelemetryContractError(`unknown log event "${String(name)}"`);
    const active = activeTraceContext();
    if (!active) throw new TelemetryContractError(`log ${name} must be written inside an active span (${event.span})`);
    if (active.spanName !== undefined && active.spanName !== event.span) {
      throw new TelemetryContractError(`log ${name} belongs in span ${event.span}, but the active span is ${active.spanName}`);
    }
    const given = fields as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (!(key in event.fields) || AUTO.has(key)) throw new TelemetryContractError(`log ${name}: field "${key}" is not in the catalogue for this event`);
    }
    const values: Record<string, unknown> = {
      level: 'info',
      ...this.defaults,
      ...given,
      ts: new Date(options.time ?? Date.now()).toISOString(),
      event: name,
      trace_id: active.trace_id,
      span_id: active.span_id,
    };
    const line: Record<string, string | number | boolean> = {};
    for (const key of event.order) {
      const def = event.fields[key]!;
      const value = values[key];
      if (value === undefined) {
        if (def.optional) continue;
        throw new TelemetryContractError(`log ${name}: required field "${key}" is missing`);
      }
      checkField(name, key, def, value);
      line[key] = value as string | number | boolean;
    }
    for (const [field, attribute] of event.linked) {
      const expected = active.attributes?.[attribute];
      if (expected !== undefined && line[field] !== expected) {
        throw new TelemetryContractError(`log ${name}: ${field}="${String(line[field])}" differs from the ${attribute} of its ${event.span} span ("${String(expected)}")`);
      }
    }
    const result = line as LogLine;
    const serialized = JSON.stringify(result);
    for (const sink of this.sinks) sink.write(result, serialized);
    return result;
  }

  async flush(timeoutMs?: number): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.flush?.(timeoutMs)));
  }

  async close(timeoutMs?: number): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close?.(timeoutMs)));
  }
}

/** Common fields every line carries, in catalogue order (for readers and tests). */
export const commonFieldNames = Object.keys(commonLogFields);

/**
 * JSON lines to a stream (stdout). If the reader stops draining, lines are skipped past
 * `maxPendingBytes` rather than letting memory grow without bound.
 */
export class StreamSink implements LogSink {
  skipped = 0;
  private broken = false;
  constructor(
    private readonly stream: NodeJS.WritableStream & { writableLength?: number },
    private readonly maxPendingBytes = 4 * 1024 * 1024,
    private readonly onDrop?: (lines: number) => void,
  ) {
    // A closed reader (EPIPE) must not crash the emitter: stop writing to it instead.
    stream.on('error', () => {
      this.broken = true;
    });
  }

  write(_line: LogLine, serialized: string): void {
    if (this.broken || (this.stream.writableLength ?? 0) > this.maxPendingBytes) {
      this.skipped++;
      this.onDrop?.(1);
      return;
    }
    this.stream.write(`${serialized}\n`);
  }
}

/** Keeps lines in memory (probe, tests), bounded. */
export class MemorySink implements LogSink {
  readonly lines: LogLine[] = [];
  constructor(private readonly max = 10_000) {}
  write(line: LogLine): void {
    if (this.lines.length >= this.max) this.lines.shift();
    this.lines.push(line);
  }
}
