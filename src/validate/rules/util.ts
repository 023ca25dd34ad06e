/** Helpers shared by rules. */
import type { RE2JS as RE2JSType } from 're2js';

/** Unit configured on a panel: fieldConfig default, or the legacy graph/singlestat fields. */
export function panelUnit(panel: Record<string, unknown>): { unit: string; pointer: string } | undefined {
  const fc = panel['fieldConfig'] as { defaults?: { unit?: unknown } } | undefined;
  const u = fc?.defaults?.unit;
  if (typeof u === 'string' && u !== '') return { unit: u, pointer: '/fieldConfig/defaults/unit' };
  const yaxes = panel['yaxes'];
  if (Array.isArray(yaxes) && yaxes[0] && typeof yaxes[0].format === 'string' && panel['type'] === 'graph') return { unit: yaxes[0].format, pointer: '/yaxes/0/format' };
  if (typeof panel['format'] === 'string' && panel['type'] === 'singlestat') return { unit: panel['format'], pointer: '/format' };
  const y = (panel['options'] as { yAxis?: { unit?: unknown } } | undefined)?.yAxis?.unit;
  if (typeof y === 'string' && y !== '' && panel['type'] === 'heatmap') return { unit: y, pointer: '/options/yAxis/unit' };
  return undefined;
}

/**
 * A regex from a query, with the semantics Prometheus and Loki give it: RE2 syntax, fully
 * anchored, matched in linear time (re2js is a port of RE2, so no input can make it backtrack).
 * Cached per source text: dashboards repeat the same matchers.
 */
export type Re2 = { ok: true; test: (value: string) => boolean } | { ok: false; error: string };

const compiled = new Map<string, Re2>();
const MAX_CACHED = 10_000;
let RE2JS: typeof RE2JSType | undefined;

export function re2(source: string, mode: 'anchored' | 'search' = 'anchored'): Re2 {
  const key = `${mode}\u0000${source}`;
  let hit = compiled.get(key);
  if (!hit) {
    if (surelyValidRe2(source)) {
      // Most query regexes are simple (`5..`, `a|b.*`): known valid without loading and warming
      // re2js (≈ 100 ms of a cold corpus run), which then compiles only when a value is tested.
      let test: ((value: string) => boolean) | undefined;
      hit = { ok: true, test: (v) => (test ??= tester(source, mode))(v) };
    } else {
      try {
        hit = { ok: true, test: tester(source, mode) };
      } catch (error) {
        hit = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(key, hit);
  }
  return hit;
}

function tester(source: string, mode: 'anchored' | 'search'): (value: string) => boolean {
  RE2JS ??= (require('re2js') as typeof import('re2js')).RE2JS;
  const pattern = RE2JS.compile(source);
  return mode === 'anchored' ? (v) => pattern.matches(v) : (v) => pattern.matcher(v).find();
}

/**
 * True only for regexes in a small subset of RE2 that always compiles: printable ASCII literals
 * (no `\\`), `.`, `^`, `$`, `|`, balanced plain groups, simple classes like `[a-z0-9_]`, and one
 * `*`, `+` or `?` (optionally lazy) after a literal, `.`, class or group, or in a short regex one
 * counted repetition like `{2}` or `{1,3}`. Anything else goes to re2js,
 * which is the judge; false here never means invalid.
 */
export function surelyValidRe2(source: string): boolean {
  let depth = 0;
  // Whether the previous item can take a repetition operator.
  let repeatable = false;
  let counted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
    switch (c) {
      case 0x5c /* \\ */:
      case 0x7d /* } */:
      case 0x5d /* ] */:
        return false;
      case 0x7b /* { */: {
        // One short counted repetition (`[0-9]{2}`, `x{1,3}`): RE2 caps counts and their products.
        const m = COUNTED.exec(source.slice(i));
        if (!m || !repeatable || counted || source.length > 100) return false;
        const lo = Number(m[1]);
        const hi = m[2] === undefined ? lo : m[3] === undefined ? lo : Number(m[3]);
        if (lo > 1000 || hi > 1000 || hi < lo) return false;
        counted = true;
        i += m[0].length - 1;
        if (source.charCodeAt(i + 1) === 0x3f) i++; // lazy form
        repeatable = false;
        break;
      }
      case 0x28 /* ( */:
        // `(?` starts flags or a named group; RE2 also caps nesting (at 1000).
        if (source.charCodeAt(i + 1) === 0x3f /* ? */ || ++depth > 100) return false;
        repeatable = false;
        break;
      case 0x29 /* ) */:
        if (--depth < 0) return false;
        repeatable = true;
        break;
      case 0x7c /* | */:
      case 0x5e /* ^ */:
      case 0x24 /* $ */:
        repeatable = false;
        break;
      case 0x2a /* * */:
      case 0x2b /* + */:
      case 0x3f /* ? */:
        if (!repeatable) return false;
        if (source.charCodeAt(i + 1) === 0x3f) i++; // lazy form
        repeatable = false;
        break;
      case 0x5b /* [ */: {
        const end = simpleClassEnd(source, i);
        if (end < 0) return false;
        i = end;
        repeatable = true;
        break;
      }
      default:
        repeatable = true;
    }
  }
  return depth === 0;
}

const COUNTED = /^\{(\d{1,4})(,(\d{1,4})?)?\}/;
const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const sameKind = (a: number, b: number): boolean => (a <= 0x39 ? b <= 0x39 : a <= 0x5a ? b >= 0x41 && b <= 0x5a : b >= 0x61);

/** Offset of the `]` closing a class of letters, digits, `_`, `/`, `.` and ordered ranges like `a-z`, opening at `open`; -1 otherwise. */
function simpleClassEnd(source: string, open: number): number {
  let i = open + 1;
  if (source.charCodeAt(i) === 0x5e /* ^ */) i++;
  const first = i;
  for (; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x5d /* ] */) return i > first ? i : -1;
    if (c === 0x5f /* _ */ || c === 0x2f /* / */ || c === 0x2e /* . */) continue;
    if (!isAlnum(c)) return -1;
    if (source.charCodeAt(i + 1) === 0x2d /* - */ && source.charCodeAt(i + 2) !== 0x5d) {
      const hi = source.charCodeAt(i + 2);
      if (!isAlnum(hi) || !sameKind(c, hi) || hi < c) return -1;
      i += 2;
    }
  }
  return -1;
}

/** The anchored RE2 matcher, or null when RE2 cannot compile it (query/regex-syntax reports that). */
export function anchored(re: string): { test: (value: string) => boolean } | null {
  const r = re2(re);
  return r.ok ? r : null;
}

export const list = (xs: Iterable<string>): string => [...xs].map((x) => `"${x}"`).join(', ');
