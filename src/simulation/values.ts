/**
 * Default values for catalogue entries that declare no simulation of their own: a distribution
 * per metric (from its type, unit and buckets), span attribute and log field values (from their
 * value sets, patterns and types), all drawn from one seeded random source.
 */
import type { AttributeDef, Distribution, FieldDef, MetricDef } from '../catalogue';

export type Rand = () => number;

export function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/** Log-normal around a median (sigma in log space), for skewed durations and sizes. */
export function logNormal(rand: Rand, median: number, sigma: number): number {
  const u1 = Math.max(rand(), 1e-12);
  const u2 = rand();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return median * Math.exp(sigma * z);
}

export function sample(rand: Rand, d: Distribution): number {
  if ('constant' in d) return d.constant;
  if ('uniform' in d) return d.uniform.min + rand() * (d.uniform.max - d.uniform.min);
  return logNormal(rand, d.logNormal.median, d.logNormal.sigma);
}

/**
 * What a metric without a declared value records: counters count one event; histograms spread
 * log-normally over their bucket range (about 95 % inside it); ratios are uniform in [0, 1];
 * other gauges and summaries by unit.
 */
export function defaultDistribution(def: MetricDef): Distribution {
  if (def.type === 'counter') return { constant: 1 };
  if (def.unit === 'ratio') return { uniform: { min: 0, max: 1 } };
  const buckets = def.buckets;
  if (def.type === 'histogram' && buckets && buckets.length > 0) {
    const low = Math.max(buckets[0]!, Number.MIN_VALUE);
    const high = Math.max(buckets[buckets.length - 1]!, low * 2);
    return { logNormal: { median: Math.sqrt(low * high), sigma: Math.log(high / low) / 4 } };
  }
  switch (def.unit) {
    case 'seconds':
      return { logNormal: { median: 1, sigma: 0.6 } };
    case 'bytes':
      return { logNormal: { median: 1e6, sigma: 0.6 } };
    default:
      return def.type === 'gauge' ? { uniform: { min: 0, max: 10 } } : { logNormal: { median: 10, sigma: 0.6 } };
  }
}

/** Counts are whole numbers; everything else keeps its precision. */
export function metricValue(rand: Rand, def: MetricDef, d: Distribution = defaultDistribution(def)): number {
  const v = Math.max(0, sample(rand, d));
  return def.unit === 'count' ? Math.round(v) : v;
}

/** Lowercase hex id of `chars` digits (clause ids). */
export function hexId(rand: Rand, chars: number): string {
  let out = '';
  while (out.length < chars) out += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, chars);
}

// A small generator for the patterns catalogues use: literals, escapes, [classes], (groups|alternatives)
// and the quantifiers ? * + {n} {n,m}. Anything else falls back to a placeholder the caller checks.
type Node = { kind: 'chars'; set: string } | { kind: 'group'; alternatives: Quantified[][] };
type Quantified = { node: Node; min: number; max: number };

const CLASS_ESCAPES: Record<string, string> = { d: '0123456789', w: 'abcdefghijklmnopqrstuvwxyz0123456789_', s: ' ' };

function expandClass(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    let c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      c = body[++i]!;
      out += CLASS_ESCAPES[c] ?? c;
      continue;
    }
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const end = body[i + 2]!;
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) out += String.fromCharCode(code);
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

function parsePattern(src: string): Quantified[][] | null {
  let pos = 0;
  const sequence = (): Quantified[][] | null => {
    const alternatives: Quantified[][] = [[]];
    while (pos < src.length && src[pos] !== ')') {
      const c = src[pos]!;
      if (c === '|') {
        pos++;
        alternatives.push([]);
        continue;
      }
      if (c === '^' || c === '$') {
        pos++;
        continue;
      }
      let node: Node;
      if (c === '[') {
        const end = src.indexOf(']', pos + 1);
        if (end < 0 || src[pos + 1] === '^') return null;
        node = { kind: 'chars', set: expandClass(src.slice(pos + 1, end)) };
        pos = end + 1;
      } else if (c === '(') {
        pos++;
        if (src.startsWith('?:', pos)) pos += 2;
        const inner = sequence();
        if (!inner || src[pos] !== ')') return null;
        pos++;
        node = { kind: 'group', alternatives: inner };
      } else if (c === '\\') {
        const e = src[pos + 1];
        if (e === undefined) return null;
        node = { kind: 'chars', set: CLASS_ESCAPES[e] ?? e };
        pos += 2;
      } else if (c === '.') {
        node = { kind: 'chars', set: 'abcdefghijklmnopqrstuvwxyz' };
        pos++;
      } else if ('*+?{'.includes(c)) {
        return null;
      } else {
        node = { kind: 'chars', set: c };
        pos++;
      }
      let min = 1;
      let max = 1;
      const q = src[pos];
      if (q === '?') [min, max, pos] = [0, 1, pos + 1];
      else if (q === '*') [min, max, pos] = [0, 2, pos + 1];
      else if (q === '+') [min, max, pos] = [1, 3, pos + 1];
      else if (q === '{') {
        const m = /^\{(\d+)(?:,(\d*))?\}/.exec(src.slice(pos));
        if (!m) return null;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[2] === '' ? min + 2 : Number(m[2]);
        pos += m[0].length;
      }
      alternatives[alternatives.length - 1]!.push({ node, min, max });
    }
    return alternatives;
  };
  const parsed = sequence();
  return parsed && pos === src.length ? parsed : null;
}

function generate(rand: Rand, alternatives: Quantified[][]): string {
  let out = '';
  for (const q of pick(rand, alternatives)) {
    const times = q.min + Math.floor(rand() * (q.max - q.min + 1));
    for (let i = 0; i < times; i++) {
      out += q.node.kind === 'chars' ? pick(rand, [...q.node.set]) : generate(rand, q.node.alternatives);
    }
  }
  return out;
}

/** A string matching `pattern` (the subset above), or undefined when the pattern is beyond it. */
export function stringMatching(rand: Rand, pattern: string): string | undefined {
  const parsed = parsePattern(pattern);
  if (!parsed) return undefined;
  const value = generate(rand, parsed);
  return new RegExp(pattern).test(value) ? value : undefined;
}

/** A value for a span attribute or log field with no value from the run: its value set, pattern or type. */
type ValueDef = FieldDef | AttributeDef | { readonly type: string; readonly values?: readonly string[]; readonly pattern?: string };

export function defaultValue(rand: Rand, name: string, def: ValueDef): string | number | boolean {
  if (def.type === 'boolean') return rand() < 0.5;
  if (def.type === 'number') return Math.round(logNormal(rand, 1, 0.6) * 1000) / 1000;
  if (def.values && def.values.length > 0) return pick(rand, def.values);
  if (def.pattern) {
    const value = stringMatching(rand, def.pattern);
    if (value !== undefined) return value;
  }
  return `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${1 + Math.floor(rand() * 3)}`;
}
