/** Helpers shared by rules. */
import { RE2JS } from 're2js';

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

export function re2(source: string, mode: 'anchored' | 'search' = 'anchored'): Re2 {
  const key = `${mode}\u0000${source}`;
  let hit = compiled.get(key);
  if (!hit) {
    try {
      const pattern = RE2JS.compile(source);
      hit = { ok: true, test: mode === 'anchored' ? (v) => pattern.matches(v) : (v) => pattern.matcher(v).find() };
    } catch (error) {
      hit = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(key, hit);
  }
  return hit;
}

/** The anchored RE2 matcher, or null when RE2 cannot compile it (query/regex-syntax reports that). */
export function anchored(re: string): { test: (value: string) => boolean } | null {
  const r = re2(re);
  return r.ok ? r : null;
}

export const list = (xs: Iterable<string>): string => [...xs].map((x) => `"${x}"`).join(', ');
