/** The bench table: one row per measure, as a ratio to a floor measured in the same run. */
import type { Summary } from './stats';

export type Unit = 'ms' | 'MB' | 'KB' | '%' | 'n';

export interface Row {
  readonly id: string;
  readonly what: string;
  readonly unit: Unit;
  readonly value: Summary;
  readonly floor?: { readonly what: string; readonly value: Summary };
  /** value.median / floor.median. */
  readonly ratio?: number;
  /** Human-readable target, e.g. "≤ 1.3×" or "≤ 200 ms"; "–" for an informational row. */
  readonly target: string;
  /** null: informational, no target. */
  readonly pass: boolean | null;
  readonly note?: string;
}

export interface Target {
  readonly maxRatio?: number;
  readonly maxMedian?: number;
}

/** Builds a row and judges it: every bound given must hold. */
export function makeRow(
  base: { id: string; what: string; unit: Unit; value: Summary; floor?: { what: string; value: Summary }; note?: string },
  target: Target = {},
): Row {
  const ratio = base.floor ? base.value.median / base.floor.value.median : undefined;
  const parts: string[] = [];
  const checks: boolean[] = [];
  if (target.maxRatio !== undefined) {
    parts.push(`≤ ${target.maxRatio}×`);
    checks.push(ratio !== undefined && ratio <= target.maxRatio);
  }
  if (target.maxMedian !== undefined) {
    parts.push(`≤ ${formatValue(target.maxMedian, base.unit)}`);
    checks.push(base.value.median <= target.maxMedian);
  }
  return {
    ...base,
    ...(ratio !== undefined ? { ratio } : {}),
    target: parts.length ? parts.join(' and ') : '–',
    pass: checks.length ? checks.every(Boolean) : null,
  };
}

export function formatValue(v: number, unit: Unit): string {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'ms') return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
  if (unit === '%') return `${v.toFixed(1)} %`;
  if (unit === 'n') return String(Math.round(v));
  return `${v.toFixed(1)} ${unit}`;
}

const HEADERS = ['what', 'median', 'min', 'max', 'floor (median)', 'ratio', 'target', 'result'] as const;

function cells(row: Row): string[] {
  const u = row.unit;
  return [
    row.what,
    formatValue(row.value.median, u),
    formatValue(row.value.min, u),
    formatValue(row.value.max, u),
    row.floor ? `${formatValue(row.floor.value.median, u)} (${row.floor.what})` : '–',
    row.ratio !== undefined ? `${row.ratio.toFixed(2)}×` : '–',
    row.target,
    row.pass === null ? 'info' : row.pass ? 'pass' : 'FAIL',
  ];
}

/** Plain-text table for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const table = [HEADERS as readonly string[], ...rows.map(cells)];
  const widths = HEADERS.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) => r.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ').trimEnd();
  const out = [line(table[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of table.slice(1)) out.push(line(r));
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.what}: ${r.note}`);
  return [...out, ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

/** GitHub-flavoured Markdown table (bench/results.md, the README's Performance section). */
export function markdownTable(rows: readonly Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`];
  for (const r of rows) out.push(`| ${cells(r).map(esc).join(' | ')} |`);
  return out.join('\n');
}
