/**
 * Unit of a PromQL expression's result, inferred from the tree: the metric unit flows through
 * aggregations and *_over_time, rate() divides by seconds, a ratio of like units is a ratio.
 * Anything not understood is `undefined`, so the unit rules stay silent rather than guess.
 */
import type { SyntaxNode } from '@lezer/common';
import type { CatalogueJson } from '../../catalogue/index';
import { seriesUnit } from '../catalogue';
import { child, walk, type ParsedQuery } from './parsers';
import { aggregationName, callArguments, functionName } from './promql';
import { touchesVariable } from '../../grafana/variables';

export type ResultUnit = 'seconds' | 'bytes' | 'ratio' | 'count' | 'bytes/s' | 'count/s' | 'scalar';

interface Ctx {
  q: ParsedQuery;
  cat: CatalogueJson | null | undefined;
  /** Evaluate bucket series as their `le` unit (on a heatmap, where buckets are the y axis). */
  leUnit: boolean;
}

const SAME_UNIT_FUNCTIONS = new Set([
  'abs', 'ceil', 'floor', 'round', 'clamp', 'clamp_min', 'clamp_max', 'sort', 'sort_desc', 'sort_by_label', 'sort_by_label_desc',
  'label_replace', 'label_join', 'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'last_over_time',
  'quantile_over_time', 'increase', 'delta', 'idelta', 'scalar', 'vector', 'absent_over_time', 'mad_over_time', 'stddev_over_time',
]);
const COMPARISONS = new Set(['Eql', 'Neq', 'Lss', 'Gtr', 'Lte', 'Gte']);

const perSecond = (u: ResultUnit | undefined): ResultUnit | undefined =>
  u === 'seconds' ? 'ratio' : u === 'bytes' ? 'bytes/s' : u === 'count' ? 'count/s' : undefined;

/** Per parsed query (shared by every dashboard repeating it): results by catalogue and heatmap flag. */
const unitCache = new WeakMap<ParsedQuery, { cat: CatalogueJson | null | undefined; heatmap: boolean; unit: ResultUnit | undefined }[]>();

export function resultUnit(q: ParsedQuery, cat: CatalogueJson | null | undefined, heatmap: boolean): ResultUnit | undefined {
  let known = unitCache.get(q);
  if (!known) unitCache.set(q, (known = []));
  for (const k of known) if (k.cat === cat && k.heatmap === heatmap) return k.unit;
  const top = q.tree.topNode.firstChild;
  const unit = top ? unitOf(top, { q, cat, leUnit: heatmap }) : undefined;
  known.push({ cat, heatmap, unit });
  return unit;
}

function unitOf(n: SyntaxNode, ctx: Ctx): ResultUnit | undefined {
  switch (n.name) {
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'SubqueryExpr':
    case 'MatrixSelector': {
      for (let c = n.firstChild; c; c = c.nextSibling) if (isExpr(c)) return unitOf(c, ctx);
      return undefined;
    }
    case 'NumberDurationLiteral':
      return 'scalar';
    case 'VectorSelector': {
      const id = child(n, 'Identifier');
      if (!id || touchesVariable(ctx.q.refs, id.from, id.to)) return undefined;
      const su = seriesUnit(ctx.cat, ctx.q.text.slice(id.from, id.to));
      if (!su) return undefined;
      if (su.series === 'bucket') return ctx.leUnit ? su.familyUnit : undefined;
      return su.unit;
    }
    case 'FunctionCall': {
      const fn = functionName(ctx.q, n);
      const args = callArguments(n);
      if (fn === 'histogram_quantile') return args[1] ? bucketUnit(args[1], ctx) : undefined;
      if (fn === 'rate' || fn === 'irate' || fn === 'deriv') return args[0] ? perSecond(unitOf(args[0], ctx)) : undefined;
      if (fn === 'count_over_time' || fn === 'changes' || fn === 'resets') return 'count';
      if (fn === 'quantile_over_time') return args[1] ? unitOf(args[1], ctx) : undefined;
      if (SAME_UNIT_FUNCTIONS.has(fn)) return args[0] ? unitOf(args[0], ctx) : undefined;
      return undefined;
    }
    case 'AggregateExpr': {
      const op = aggregationName(ctx.q, n);
      if (op === 'count' || op === 'count_values' || op === 'group') return 'count';
      const args = callArguments(n);
      const last = args[args.length - 1];
      return last ? unitOf(last, ctx) : undefined;
    }
    case 'BinaryExpr': {
      const parts: SyntaxNode[] = [];
      let op = '';
      let bool = false;
      for (let c = n.firstChild; c; c = c.nextSibling) {
        if (isExpr(c)) parts.push(c);
        else if (c.name === 'BoolModifier') bool = true;
        else if (c.name !== 'MatchingModifierClause') op = c.name;
      }
      const [l, r] = parts;
      if (!l || !r) return undefined;
      const lu = unitOf(l, ctx);
      const ru = unitOf(r, ctx);
      if (COMPARISONS.has(op)) return bool ? undefined : lu === 'scalar' ? ru : lu;
      if (op === 'And' || op === 'Unless') return lu;
      if (op === 'Or') return lu === ru ? lu : undefined;
      if (op === 'Add' || op === 'Sub') return lu === ru ? lu : lu === 'scalar' ? ru : ru === 'scalar' ? lu : undefined;
      if (op === 'Div') {
        if (!lu || !ru || lu === 'scalar' || ru === 'scalar') return undefined;
        if (lu === ru) return 'ratio';
        if (ru === 'count/s') return lu === 'ratio' ? 'seconds' : lu === 'bytes/s' ? 'bytes' : undefined;
        if (ru === 'count' && (lu === 'seconds' || lu === 'bytes')) return lu;
        return undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The `le` unit of the bucket series under a histogram_quantile argument (rate() etc. do not change it). */
function bucketUnit(arg: SyntaxNode, ctx: Ctx): ResultUnit | undefined {
  let unit: ResultUnit | undefined;
  walk(arg, (n) => {
    if (unit || n.name !== 'VectorSelector') return;
    const id = child(n, 'Identifier');
    if (!id || touchesVariable(ctx.q.refs, id.from, id.to)) return false;
    unit = seriesUnit(ctx.cat, ctx.q.text.slice(id.from, id.to))?.familyUnit;
    return false;
  });
  return unit;
}

function isExpr(n: SyntaxNode): boolean {
  return !n.type.isError && /Expr$|Selector$|^FunctionCall$|^NumberDurationLiteral$|^StringLiteral$/.test(n.name) && n.name !== 'DurationExpr' && n.name !== 'OffsetDurationExpr';
}

/** Grafana unit ids by what they measure. */
export type UnitCategory = 'time' | 'data' | 'datarate' | 'percent' | 'percentunit' | 'throughput' | 'neutral' | 'other';

const TIME = new Set(['ns', 'µs', 'us', 'ms', 's', 'm', 'h', 'd', 'dtdurationms', 'dtdurations', 'dthms', 'dtdhms', 'timeticks', 'clockms', 'clocks']);
const DATA = new Set(['bits', 'bytes', 'kbytes', 'mbytes', 'gbytes', 'tbytes', 'pbytes', 'decbits', 'decbytes', 'deckbytes', 'decmbytes', 'decgbytes', 'dectbytes', 'decpbytes', 'bits_iec', 'kbits', 'mbits', 'gbits']);
const DATARATE = new Set(['pps', 'binBps', 'Bps', 'binbps', 'bps', 'KiBs', 'Kibits', 'KBs', 'Kbits', 'MiBs', 'Mibits', 'MBs', 'Mbits', 'GiBs', 'Gibits', 'GBs', 'Gbits', 'TiBs', 'Tibits', 'TBs', 'Tbits', 'PiBs', 'Pibits', 'PBs', 'Pbits']);
const THROUGHPUT = new Set(['cps', 'ops', 'reqps', 'rps', 'wps', 'iops', 'eps', 'mps', 'recps', 'rowsps', 'cpm', 'opm', 'rpm', 'wpm', 'epm', 'mpm', 'recpm', 'rowspm']);
const NEUTRAL = new Set(['', 'none', 'short', 'sishort', 'locale', 'string']);

export function unitCategory(unit: string): UnitCategory {
  if (TIME.has(unit)) return 'time';
  if (DATA.has(unit)) return 'data';
  if (DATARATE.has(unit)) return 'datarate';
  if (unit === 'percent') return 'percent';
  if (unit === 'percentunit') return 'percentunit';
  if (THROUGHPUT.has(unit)) return 'throughput';
  if (NEUTRAL.has(unit)) return 'neutral';
  return 'other';
}

/** Panel unit categories that fit each result unit (neutral and custom units always fit). */
const FITS: Record<ResultUnit, readonly UnitCategory[]> = {
  seconds: ['time'],
  bytes: ['data'],
  ratio: ['percentunit'],
  count: ['throughput'],
  'count/s': ['throughput'],
  'bytes/s': ['datarate'],
  scalar: ['time', 'data', 'datarate', 'percent', 'percentunit', 'throughput'],
};

/** Why `panelUnit` contradicts `result`, or undefined when it fits or cannot be judged. */
export function unitContradiction(result: ResultUnit, panelUnit: string): string | undefined {
  const cat = unitCategory(panelUnit);
  if (cat === 'neutral' || cat === 'other' || FITS[result].includes(cat)) return undefined;
  // Plain counts are often shown with a throughput or percent unit after arithmetic; only time/data contradict them.
  if (result === 'count' && cat !== 'time' && cat !== 'data' && cat !== 'datarate') return undefined;
  if (result === 'ratio' && cat === 'percent') return `the query returns a 0–1 ratio but unit "percent" expects 0–100: use "percentunit"`;
  const expected: Record<ResultUnit, string> = {
    seconds: 'a time unit such as "s"',
    bytes: 'a data unit such as "bytes"',
    ratio: '"percentunit"',
    count: 'a count unit such as "short"',
    'count/s': 'a rate unit such as "cps" or "ops"',
    'bytes/s': 'a data rate unit such as "Bps"',
    scalar: 'any unit',
  };
  return `the query returns ${result} but the panel unit is "${panelUnit}" (${cat}); expected ${expected[result]}`;
}
