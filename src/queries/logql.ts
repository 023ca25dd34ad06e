/**
 * Typed LogQL builder over the catalogue's log contract: stream selectors only accept the
 * catalogue's Loki stream labels, `event` filters only its event names, and field filters only
 * the fields that event carries.
 */
import { LOG_SERVICE_NAME, type LogEventName, type LogFieldOf, type LogStreamLabel } from '../catalogue';
import type { Matcher, Variable } from './promql';

type StreamValue = string | Variable | Matcher;
type Stage = { readonly text: string };

function matcher(label: string, value: string | Matcher): string {
  if (typeof value === 'object') return `${label}${value.op}${JSON.stringify(value.value)}`;
  return value.startsWith('$') ? `${label}=~${JSON.stringify(value)}` : `${label}=${JSON.stringify(value)}`;
}

class LogQuery<E extends LogEventName | never, Parsed extends boolean> {
  declare readonly __event: E;
  declare readonly __parsed: Parsed;
  constructor(
    private readonly selector: string,
    private readonly stages: readonly Stage[],
  ) {}

  private with<E2 extends LogEventName | never, P2 extends boolean>(text: string): LogQuery<E2, P2> {
    return new LogQuery<E2, P2>(this.selector, [...this.stages, { text }]);
  }

  /** Line filter on raw text (`|= "…"`), cheapest in Loki: use before parsing. */
  contains(text: string): LogQuery<E, Parsed> {
    return this.with(`|= ${JSON.stringify(text)}`);
  }

  /** Parses the JSON body so fields can be filtered. */
  json(this: LogQuery<E, false>): LogQuery<E, true> {
    return this.with('| json');
  }

  /** Keeps lines of one catalogue event kind. */
  event<E2 extends LogEventName>(this: LogQuery<never, true>, name: E2): LogQuery<E2, true> {
    return this.with(`| event=${JSON.stringify(name)}`);
  }

  /** Filters on a field the selected event carries. Variables match as regex (multi-value). */
  field<F extends LogFieldOf<E> & string>(this: LogQuery<E, true>, name: F, value: string | Variable | Matcher): LogQuery<E, true> {
    return this.with(`| ${matcher(name, value)}`);
  }

  /** Rewrites the shown line from parsed fields, e.g. `{{.trace_id}} {{.reason}}`. */
  lineFormat<F extends LogFieldOf<E> & string>(this: LogQuery<E, true>, ...fields: F[]): LogQuery<E, true> {
    const template = fields.map((f) => `${f}={{.${f}}}`).join(' ');
    return this.with(`| line_format ${JSON.stringify(template)}`);
  }

  toString(): string {
    return [this.selector, ...this.stages.map((s) => s.text)].join(' ');
  }
}

/** Stream selector over the pipeline's log streams; `service_name` is fixed by the catalogue. */
export function logStream(match: { [L in Exclude<LogStreamLabel, 'service_name'>]?: StreamValue } = {}): LogQuery<never, false> {
  const parts = [matcher('service_name', LOG_SERVICE_NAME)];
  for (const [label, value] of Object.entries(match)) {
    if (value !== undefined) parts.push(matcher(label, value));
  }
  return new LogQuery<never, false>(`{${parts.join(', ')}}`, []);
}
