/**
 * Grafana's dashboard grid and what it does to a file's layout on load, so layout rules judge what
 * renders rather than what the file says:
 *
 * 1. PanelModel fills a missing gridPos, or missing members of one, from its defaults
 *    (`defaultsDeep(this, { gridPos: { x: 0, y: 0, h: 3, w: 6 } })`).
 * 2. DashboardGrid.buildLayout gives every row panel w = 24, h = 1, whatever the file says.
 * 3. react-grid-layout's correctBounds pulls an item that runs past the right edge back left
 *    (x = 24 - w) and gives one that starts left of the grid x = 0 and the full width.
 * 4. Its vertical compaction (compact / compactItem / resolveCompactionCollision), in (y, x) order:
 *    each item rises until it touches one above, then moves below any it overlaps, pushing the
 *    items after it down.
 *
 * A collapsed row's panels are not in the grid until the row is expanded; DashboardModel.toggleRow
 * then shifts them as a block under the row, so they are laid out among themselves.
 */
import { isObject } from './dashboard';

export const GRID_COLUMNS = 24;
/** PanelModel's default gridPos. */
export const DEFAULT_GRID_POS: Readonly<Rect> = { x: 0, y: 0, w: 6, h: 3 };
/** Size DashboardGrid gives every row panel. */
export const ROW_SIZE = { w: GRID_COLUMNS, h: 1 } as const;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const KEYS = ['x', 'y', 'w', 'h'] as const;

/** A gridPos with numeric x, y, w, h exactly as written, or null. */
export function rectOf(panel: Record<string, unknown>): Rect | null {
  const g = panel['gridPos'];
  if (!isObject(g)) return null;
  const { x, y, w, h } = g;
  if (typeof x !== 'number' || typeof y !== 'number' || typeof w !== 'number' || typeof h !== 'number') return null;
  return { x, y, w, h };
}

export interface GridItem<T> {
  key: T;
  isRow: boolean;
  /** The position after PanelModel's defaults, before the row size, bounds and compaction: what the file means. */
  declared: Rect;
  /** After PanelModel's defaults and the row size (before bounds and compaction). */
  loaded: Rect;
  /** Members PanelModel filled in from its defaults. */
  defaulted: (keyof Rect)[];
  /** After correctBounds: where it would sit if nothing else were on the grid. */
  bounded: Rect;
  /** Where the grid shows it. */
  rendered: Rect;
}

/**
 * Lays out one group of panels (the top level, or one collapsed row's panels) as Grafana renders
 * them. Panels whose gridPos holds a value of the wrong type are left out (the schema reports those).
 */
export function layOut<T>(panels: readonly { key: T; panel: Record<string, unknown> }[]): GridItem<T>[] {
  const items: GridItem<T>[] = [];
  for (const { key, panel } of panels) {
    const g = panel['gridPos'];
    if (g !== undefined && !isObject(g)) continue;
    const loaded: Rect = { ...DEFAULT_GRID_POS };
    const defaulted: (keyof Rect)[] = [];
    let wrongType = false;
    for (const k of KEYS) {
      const v = isObject(g) ? g[k] : undefined;
      if (v === undefined || v === null) defaulted.push(k);
      else if (typeof v === 'number' && Number.isFinite(v)) loaded[k] = v;
      else wrongType = true;
    }
    if (wrongType) continue;
    const isRow = panel['type'] === 'row';
    const declared = { ...loaded };
    if (isRow) Object.assign(loaded, ROW_SIZE);
    const bounded = correctBounds({ ...loaded });
    items.push({ key, isRow, declared, loaded, defaulted, bounded, rendered: { ...bounded } });
  }
  compact(items.map((i) => i.rendered));
  return items;
}

function correctBounds(r: Rect): Rect {
  if (r.x + r.w > GRID_COLUMNS) r.x = GRID_COLUMNS - r.w;
  if (r.x < 0) {
    r.x = 0;
    r.w = GRID_COLUMNS;
  }
  return r;
}

export function collides(a: Rect, b: Rect): boolean {
  return a !== b && a.x + a.w > b.x && a.x < b.x + b.w && a.y + a.h > b.y && a.y < b.y + b.h;
}

/**
 * Past this many panels in one grid (no real dashboard comes close) compaction is skipped: it is
 * quadratic, and the rules need it only to say where an overlapping panel ends up.
 */
const MAX_COMPACTED = 2000;

/** Vertical compaction in place, as react-grid-layout does it. */
function compact(layout: Rect[]): void {
  if (layout.length > MAX_COMPACTED) return;
  const sorted = [...layout].sort((a, b) => a.y - b.y || a.x - b.x);
  const placed: Rect[] = [];
  let bottom = 0;
  for (const l of sorted) {
    l.y = rise(placed, l, Math.min(bottom, l.y));
    for (let hit = placed.find((p) => collides(p, l)); hit; hit = placed.find((p) => collides(p, l))) {
      resolveCollision(sorted, l, hit.y + hit.h);
    }
    l.y = Math.max(l.y, 0);
    l.x = Math.max(l.x, 0);
    placed.push(l);
    bottom = Math.max(bottom, l.y + l.h);
  }
}

/**
 * Where compactItem's `while (y > 0 && !collision) y--` stops, computed per placed item instead of
 * step by step: the first y = start - k (k = 0, 1, …) that collides, or the first y ≤ 0.
 */
function rise(placed: readonly Rect[], l: Rect, start: number): number {
  let steps = start > 0 ? Math.ceil(start) : 0;
  for (const p of placed) {
    if (p.x + p.w <= l.x || p.x >= l.x + l.w) continue;
    // Collides at y when p.y - l.h < y < p.y + p.h; the smallest k with start - k below p's bottom:
    const k = start < p.y + p.h ? 0 : Math.floor(start - (p.y + p.h)) + 1;
    if (k < steps && start - k > p.y - l.h && start - k > 0) steps = k;
    else if (k === 0 && start > p.y - l.h) steps = 0;
  }
  return start - steps;
}

/** Moves `item` down to `to`, first pushing down the later items it would then overlap. */
function resolveCollision(sorted: Rect[], item: Rect, to: number): void {
  item.y += 1;
  for (let i = sorted.indexOf(item) + 1; i < sorted.length; i++) {
    const other = sorted[i]!;
    if (other.y > item.y + item.h) break;
    if (collides(item, other)) resolveCollision(sorted, other, to + item.h);
  }
  item.y = to;
}
