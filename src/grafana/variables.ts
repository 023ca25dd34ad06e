/**
 * Grafana template variable references inside query text, and their substitution by
 * same-length placeholders so the query parses and parse-error columns still point at the
 * original text.
 */

export interface VariableRef {
  name: string;
  /** `${name:format}` / `[[name:format]]` format, if any. */
  format?: string;
  /** Offsets of the whole reference in the text, `to` exclusive. */
  from: number;
  to: number;
  /** From substitution: the quote character code of the string literal it sits in, if it does. */
  quote?: number;
}

const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdent = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);

/** Reads one reference starting at `i` (a `$` or `[[`), or null if none starts there. */
function readRef(text: string, i: number): VariableRef | null {
  const c = text.charCodeAt(i);
  if (c === 36 /* $ */) {
    const d = text.charCodeAt(i + 1);
    if (d === 123 /* { */) {
      const close = text.indexOf('}', i + 2);
      if (close < 0) return null;
      const inner = text.slice(i + 2, close);
      const colon = inner.indexOf(':');
      let name = colon >= 0 ? inner.slice(0, colon) : inner;
      // ${var.field} (object variables) and ${__data.fields.x}: the variable is the first segment.
      const dot = name.indexOf('.');
      if (dot >= 0) name = name.slice(0, dot);
      if (name.length === 0 || !isIdentStart(name.charCodeAt(0)) || ![...name].every((ch) => isIdent(ch.charCodeAt(0)))) return null;
      return { name, ...(colon >= 0 ? { format: inner.slice(colon + 1) } : {}), from: i, to: close + 1 };
    }
    // `$1` is a regex capture reference (label_replace), never a variable: names start with a letter or _.
    if (isIdentStart(d)) {
      let j = i + 1;
      while (j < text.length && isIdent(text.charCodeAt(j))) j++;
      return { name: text.slice(i + 1, j), from: i, to: j };
    }
    return null;
  }
  if (c === 91 /* [ */ && text.charCodeAt(i + 1) === 91) {
    let j = i + 2;
    while (j < text.length && isIdent(text.charCodeAt(j))) j++;
    if (j === i + 2) return null;
    const name = text.slice(i + 2, j);
    let format: string | undefined;
    if (text.charCodeAt(j) === 58 /* : */) {
      const k = text.indexOf(']]', j);
      if (k < 0) return null;
      format = text.slice(j + 1, k);
      j = k;
    }
    if (text.charCodeAt(j) !== 93 || text.charCodeAt(j + 1) !== 93) return null;
    return { name, ...(format !== undefined ? { format } : {}), from: i, to: j + 2 };
  }
  return null;
}

const NO_REFS: readonly VariableRef[] = Object.freeze([]);
/** Dashboards repeat the same strings (datasource uids, queries) across panels and files. */
const refCache = new Map<string, readonly VariableRef[]>();
const REF_CACHE_MAX = 20_000;

/** Every variable reference in any Grafana-interpolated string (titles, queries, uids...). Read-only result. */
export function findVariableRefs(text: string): readonly VariableRef[] {
  if (text.indexOf('$') < 0 && text.indexOf('[[') < 0) return NO_REFS;
  let refs = refCache.get(text);
  if (refs === undefined) {
    refs = Object.freeze(scanVariableRefs(text));
    if (refCache.size >= REF_CACHE_MAX) refCache.clear();
    refCache.set(text, refs);
  }
  return refs;
}

function scanVariableRefs(text: string): VariableRef[] {
  const out: VariableRef[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 36 && c !== 91) continue;
    const ref = readRef(text, i);
    if (ref) {
      out.push(ref);
      i = ref.to - 1;
    }
  }
  return out;
}

export interface Substituted {
  /** Same length as the original. */
  text: string;
  refs: VariableRef[];
}

/** Value a variable takes, for substitution by value (undefined: unknown, a placeholder of its context is used). */
export type ValueOf = (name: string) => string | undefined;

/** Built-ins Grafana fills with a duration or a number. */
const BUILTIN_DURATIONS = new Set(['__interval', '__rate_interval', '__range', 'interval', '__auto']);
const BUILTIN_NUMBERS = new Set(['__interval_ms', '__range_s', '__range_ms', '__rate_interval_ms', 'interval_ms']);
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*$|^[-+*/%^]$|^(==|!=|>=|<=|>|<)$/;

/** The value itself in exactly `len` characters, when it is a number, operator, word or duration that fits. */
function fitted(value: string, len: number): string | undefined {
  if (value.length === 0 || value.length > len) return undefined;
  if (DURATION.test(value)) {
    const unit = /[a-z]+$/.exec(value)![0];
    if (/^\d+[a-z]+$/.test(value)) return value.slice(0, -unit.length).padStart(len - unit.length, '0') + unit;
    return value.padEnd(len, ' ');
  }
  if (NUMBER.test(value) || WORD.test(value)) return value.padEnd(len, ' ');
  return undefined;
}

/**
 * Same-length text for a reference: the variable's value padded with spaces (numbers, operators,
 * words) or zeros (durations), when it is known and fits; else a placeholder of its context: a
 * duration (`000…1s`) in a range or after `offset`, an identifier (`x…x`) elsewhere.
 */
function placeholder(name: string, len: number, durationContext: boolean, valueOf: ValueOf | undefined): string {
  const value = BUILTIN_DURATIONS.has(name) ? '1m' : BUILTIN_NUMBERS.has(name) ? '60000' : valueOf?.(name);
  const fit = value === undefined ? undefined : fitted(value.trim(), len);
  if (fit !== undefined) return fit;
  return durationContext ? (len >= 2 ? '0'.repeat(len - 2) + '1s' : 'x') : 'x'.repeat(len);
}

/**
 * Text for one reference, or undefined to keep it. `quote` is the string literal it sits in (its
 * quote character code), 0 outside strings; `durationContext` is a range or an `offset`.
 */
type Replace = (ref: VariableRef, quote: number, durationContext: boolean) => string | undefined;

/** Walks the references of a query, outside and inside string literals (not in `#` comments), replacing them. */
function replaceInQuery(text: string, replace: Replace): { text: string; refs: VariableRef[]; shifts: Shift[] } {
  const refs: VariableRef[] = [];
  const shifts: Shift[] = [];
  if (text.indexOf('$') < 0 && text.indexOf('[[') < 0) return { text, refs, shifts };
  let out = '';
  let last = 0;
  let quote = 0;
  let bracketDepth = 0;
  const put = (ref: VariableRef, quoteOf: number, durationContext: boolean): void => {
    // readRef made the object: marking it is safe.
    if (quoteOf !== 0) ref.quote = quoteOf;
    refs.push(ref);
    const r = replace(ref, quoteOf, durationContext);
    if (r === undefined) return;
    out += text.slice(last, ref.from);
    const at = out.length;
    out += r;
    last = ref.to;
    if (r.length !== ref.to - ref.from) shifts.push({ at, end: out.length, from: ref.from, to: ref.to });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 && quote !== 96) i++;
      else if (c === quote) quote = 0;
      else if (c === 36) {
        const ref = readRef(text, i);
        if (ref) {
          put(ref, quote, false);
          i = ref.to - 1;
        }
      }
      continue;
    }
    if (c === 34 || c === 39 || c === 96) {
      quote = c;
      continue;
    }
    if (c === 35 /* # */) {
      // Line comment (PromQL and LogQL): its apostrophes must not open a string.
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
      continue;
    }
    if (c === 36 || (c === 91 && text.charCodeAt(i + 1) === 91)) {
      const ref = readRef(text, i);
      if (ref) {
        const durationContext = bracketDepth > 0 || /\boffset\s*-?\s*$/i.test(text.slice(Math.max(0, i - 14), i));
        put(ref, 0, durationContext);
        i = ref.to - 1;
        continue;
      }
    }
    if (c === 91) bracketDepth++;
    else if (c === 93 && bracketDepth > 0) bracketDepth--;
  }
  return { text: out + text.slice(last), refs, shifts };
}

/** A replacement of another length: output [at, end) stands for original [from, to). */
interface Shift {
  at: number;
  end: number;
  from: number;
  to: number;
}

/**
 * Replaces each reference outside string literals by text of the same length (see `placeholder`),
 * so error columns still point at the original.
 * References inside quoted strings and `#` comments stay: the parsers accept any content there.
 */
export function substituteVariables(text: string, valueOf?: ValueOf): Substituted {
  const { text: out, refs } = replaceInQuery(text, (ref, quote, durationContext) =>
    quote !== 0 ? undefined : placeholder(ref.name, ref.to - ref.from, durationContext, valueOf),
  );
  return { text: out, refs };
}

export interface SubstitutedValues extends Substituted {
  /** The offset in the original text of an offset in `text` (a replaced value maps to its reference's start). */
  original(offset: number): number;
}

/**
 * What substituteValues puts for a reference whose value Grafana sends as `value`: the value in
 * the same length when it fits (see `fitted`), else verbatim. Inside a string literal a value
 * matters only if it holds that string's quote, a backslash or a line break; otherwise the
 * reference stays, as there (undefined).
 */
export function valueInQuery(ref: VariableRef, value: string): string | undefined {
  if (ref.quote === undefined) return fitted(value, ref.to - ref.from) ?? value;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === ref.quote || (ref.quote !== 96 && (c === 92 || c === 10))) return value;
  }
  return undefined;
}

/**
 * Like substituteVariables, but the references `valueText` gives a value for take it, as Grafana
 * would send it (see valueInQuery), so the result can be longer or shorter than the original.
 */
export function substituteValues(text: string, valueOf: ValueOf | undefined, valueText: (ref: VariableRef) => string | undefined): SubstitutedValues {
  const { text: out, refs, shifts } = replaceInQuery(text, (ref, quote, durationContext) => {
    const value = valueText(ref);
    if (value !== undefined) return valueInQuery(ref, value);
    return quote !== 0 ? undefined : placeholder(ref.name, ref.to - ref.from, durationContext, valueOf);
  });
  const original = (offset: number): number => {
    let delta = 0;
    for (const s of shifts) {
      if (offset < s.at) break;
      if (offset < s.end) return s.from;
      delta = s.to - s.end;
    }
    return Math.min(Math.max(offset + delta, 0), text.length);
  };
  return { text: out, refs, original };
}

/** True when [from, to) overlaps a substituted or quoted variable reference. */
export function touchesVariable(refs: readonly VariableRef[], from: number, to: number): boolean {
  for (const r of refs) if (r.from < to && r.to > from) return true;
  return false;
}
