/**
 * The query grammar of Prometheus and Loki query variables, as Grafana's datasources read it after
 * interpolation (Prometheus: `PrometheusMetricFindQuery.process` with the regexes of
 * `migrations/variableMigration.ts`; Loki: `migrateVariableQuery`). Written out by hand instead of
 * with those regexes, so it runs in linear time on any input; offsets index the given text.
 *
 * Prometheus, in Grafana's order of trial:
 * - `label_names(re)`: label names of the series whose name matches `.*re.*`
 * - `label_names()`: every label name
 * - `label_values(selector, label)` / `label_values(label)`: values of a label (a blank or `{}` selector is none)
 * - `metrics(re)`: metric names matching a JavaScript regex (unanchored)
 * - `query_result(expr)`: an instant query, one value per result series
 * - `label_values()`, `metrics()`, `query_result()`: nothing
 * - anything else: a series selector, sent as `match[]` to /api/v1/series
 * Loki knows `label_names()` and `label_values([stream selector,] label)` only; it reads anything
 * else as `label_names()`.
 */

export interface Span {
  from: number;
  to: number;
}

export type VariableQuery =
  | { kind: 'label_names'; match?: Span }
  | { kind: 'label_values'; selector?: Span; label: Span }
  | { kind: 'metrics'; regex: Span }
  | { kind: 'query_result'; expr: Span }
  /** `label_values()`, `metrics()`, `query_result()`: Grafana returns no values. */
  | { kind: 'empty'; fn: string }
  /**
   * Prometheus: no function matched, the whole text is a series selector. `call` names the function
   * the text starts with when it looks like a call Grafana did not recognise (a malformed one).
   */
  | { kind: 'series'; selector: Span; call?: string }
  /** Loki: not one of its two forms, listed as label names instead. */
  | { kind: 'unrecognised' };

export type VariableDialect = 'prometheus' | 'loki';

const FUNCTIONS = ['label_names', 'label_values', 'metrics', 'query_result'] as const;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdent = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);
/** JavaScript's `.` matches anything but line terminators, so Grafana's `(.+)` stops at them. */
const hasLineTerminator = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
};

/** `name(` … `)` followed by whitespace only: the span of the argument text, else undefined. */
function callBody(text: string, start: number, name: string): Span | undefined {
  if (!text.startsWith(`${name}(`, start)) return undefined;
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  if (text.charCodeAt(end - 1) !== 41 /* ) */) return undefined;
  const from = start + name.length + 1;
  const to = end - 1;
  return to > from ? { from, to } : undefined;
}

/** `(?:(.+),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)` over the body: the optional selector and the label. */
function labelValuesArgs(text: string, body: Span): { selector?: Span; label: Span } | undefined {
  if (hasLineTerminator(text, body.from, body.to)) return undefined;
  let i = body.to;
  while (i > body.from && isIdent(text.charCodeAt(i - 1))) i--;
  // The label is the whole identifier run: what precedes it is `(` or `,\s*`, never another identifier character.
  if (i === body.to || !isIdentStart(text.charCodeAt(i))) return undefined;
  const label = { from: i, to: body.to };
  if (i === body.from) return { label };
  let j = i;
  while (j > body.from && isSpace(text.charCodeAt(j - 1))) j--;
  if (j === body.from || text.charCodeAt(j - 1) !== 44 /* , */ || j - 1 === body.from) return undefined;
  const selector = { from: body.from, to: j - 1 };
  return isBlankFilter(text, selector) ? { label } : { selector, label };
}

/** Grafana's isFilterDefined: a blank selector or `{}` is no filter. */
function isBlankFilter(text: string, s: Span): boolean {
  const t = text.slice(s.from, s.to);
  return t.split(' ').join('') === '{}' || t.trim() === '';
}

/**
 * Reads a variable query. `text` is the query after interpolation; a caller that does not know the
 * values passes it with references replaced by same-length placeholders, so offsets stay put.
 * Leading whitespace is skipped (the editors trim it).
 */
export function parseVariableQuery(text: string, dialect: VariableDialect = 'prometheus'): VariableQuery {
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  const body = (name: string): Span | undefined => callBody(text, start, name);
  const names = body('label_names');
  if (names && dialect === 'prometheus' && !hasLineTerminator(text, names.from, names.to)) return { kind: 'label_names', match: names };
  if (text.startsWith('label_names()', start) && text.slice(start + 13).trim() === '') return { kind: 'label_names' };
  const values = body('label_values');
  const args = values && labelValuesArgs(text, values);
  if (args) return { kind: 'label_values', ...args };
  if (dialect === 'loki') return { kind: 'unrecognised' };
  const metrics = body('metrics');
  if (metrics && !hasLineTerminator(text, metrics.from, metrics.to)) return { kind: 'metrics', regex: metrics };
  const result = body('query_result');
  if (result && !hasLineTerminator(text, result.from, result.to)) return { kind: 'query_result', expr: result };
  const trimmed = text.trim();
  for (const fn of FUNCTIONS) if (trimmed === `${fn}()` && fn !== 'label_names') return { kind: 'empty', fn };
  const call = FUNCTIONS.find((fn) => text.startsWith(`${fn}(`, start));
  return { kind: 'series', selector: { from: start, to: text.length }, ...(call ? { call } : {}) };
}
