/**
 * Substitution by value: a query that references variables whose values the dashboard lists
 * (custom and interval options, constants, textboxes) is parsed once per value Grafana can send,
 * so a value that breaks it is found and named. Each value is formatted as Grafana formats it
 * (src/grafana/interpolate.ts); the other variables keep their same-length placeholders.
 *
 * Bound: at most MAX_SUBSTITUTIONS parses per expression, of each variable's current value and
 * first MAX_VALUES others, plus All (or, for a multi-value variable, its values selected together).
 * Values that put the same tokens in the query are tried once: numbers that differ only in their
 * digits (`5`, `10`), any durations (`5m`, `1h`), any values in a string they cannot break (no
 * quote, backslash or line break). When every combination of the variables' values fits the
 * bound, each is tried; past it, the current values, then each other value of one variable at a
 * time (the others at their current value), the variables taking turns, first options first,
 * until the bound: the values left are not tried.
 */
import { listedValues, selectionText, type DashboardVariable, type DatasourceType } from '../../grafana/interpolate';
import { findVariableRefs, substituteValues, valueInQuery, type ValueOf, type VariableRef } from '../../grafana/variables';
import { parseErrors, type ParsedQuery, type ParseError } from './parsers';

export const MAX_SUBSTITUTIONS = 16;
/** Values of one variable looked at (a hostile list of a million options stays linear). */
export const MAX_VALUES = 64;

/** One value a variable takes in a trial: what Grafana selects, and what it writes for each reference. */
export interface Choice {
  selected: readonly string[] | 'All';
  /** Per reference of the variable, in order. */
  texts: string[];
}

export interface Trial {
  /** Per varied variable (in the order of ValueTrials.variables), the class index tried. */
  picks: number[];
  text: string;
  /** Parse errors, offsets in the original expression. */
  errors: ParseError[];
}

export interface ValueTrials {
  /** The variables varied, each with its classes of choices that parse alike (each tried by its first). */
  variables: { name: string; classes: Choice[][] }[];
  trials: Trial[];
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/**
 * What a choice puts in the query, as far as the parser can tell: per reference, the text it
 * gets, with numbers that differ only in their digits and every duration read alike (each is one
 * token of its kind); a string the value cannot break is left as it is.
 */
function effect(texts: readonly string[], refs: readonly VariableRef[]): string {
  let key = '';
  for (let i = 0; i < refs.length; i++) {
    const put = valueInQuery(refs[i]!, texts[i]!)?.trim();
    key += `${put === undefined ? '' : DURATION.test(put) ? '\u0000duration' : NUMBER.test(put) ? put.replace(/\d+/g, '1') : put}\u0000`;
  }
  return key;
}

/** A variable whose values the dashboard lists, with the selections tried (the same for every query). */
export interface ListedVariable {
  variable: DashboardVariable;
  /** Its current value and first MAX_VALUES others, then All or its values selected together. */
  selections: (readonly string[] | 'All')[];
  /** The values All stands for (the first MAX_VALUES). */
  options: readonly string[];
}

/** The selections to try for a variable, or undefined when the dashboard lists no values for it. */
export function listedVariable(variable: DashboardVariable, current: string | undefined): ListedVariable | undefined {
  const listed = listedValues(variable);
  if (!listed) return undefined;
  // Grafana interpolates a custom query before splitting it: a value naming a variable is not known here.
  const known = (v: string): boolean => findVariableRefs(v).length === 0;
  const first = new Set<string>();
  let hasCurrent = false;
  for (const v of listed) {
    if (v === current && known(v)) hasCurrent = true;
    else if (first.size < MAX_VALUES && known(v)) first.add(v);
  }
  first.delete(current!);
  const options = [...first];
  const selections: (readonly string[] | 'All')[] = options.map((v) => [v]);
  if (hasCurrent) selections.unshift([current!]);
  if (selections.length === 0) return undefined;
  const all = hasCurrent ? [current!, ...options] : options;
  // All (or, for a multi-value variable, every option at once) takes Grafana's multi-value form;
  // past MAX_VALUES the alternation is of the first ones (the same tokens, only longer).
  if (variable.includeAll) {
    // A custom all value that references variables is not Grafana's text to guess.
    if (!variable.allValue || known(variable.allValue)) selections.push('All');
  } else if (variable.multi && all.length > 1) selections.push(all);
  return { variable, selections, options: all };
}

/** The choices of one variable for the references of one query, in classes that parse alike. */
function classesOf(listed: ListedVariable, refs: readonly VariableRef[], datasource: DatasourceType, merge: boolean): Choice[][] {
  const byEffect = new Map<string, Choice[]>();
  const out: Choice[][] = [];
  for (const selected of listed.selections) {
    let texts: string[];
    try {
      texts = refs.map((ref) => selectionText(listed.variable, selected, listed.options, ref.format, datasource, (all) => all));
    } catch {
      continue; // a format Grafana does not know either
    }
    const key = merge ? effect(texts, refs) : String(out.length);
    const cls = byEffect.get(key);
    if (cls) cls.push({ selected, texts });
    else {
      const fresh = [{ selected, texts }];
      byEffect.set(key, fresh);
      out.push(fresh);
    }
  }
  return out;
}

/** The class picks to try, within the bound (see the file comment). */
function plan(sizes: readonly number[]): number[][] {
  const total = sizes.reduce((a, b) => a * b, 1);
  if (total <= MAX_SUBSTITUTIONS) {
    let out: number[][] = [[]];
    for (const n of sizes) out = out.flatMap((p) => Array.from({ length: n }, (_, i) => [...p, i]));
    return out;
  }
  const out: number[][] = [sizes.map(() => 0)];
  for (let k = 1; out.length < MAX_SUBSTITUTIONS; k++) {
    let added = false;
    for (let v = 0; v < sizes.length && out.length < MAX_SUBSTITUTIONS; v++) {
      if (k >= sizes[v]!) continue;
      const p = sizes.map(() => 0);
      p[v] = k;
      out.push(p);
      added = true;
    }
    if (!added) break;
  }
  return out;
}

/**
 * The trials of one parsed query, or undefined when it references no variable with listed values.
 * `listedOf` gives a variable's listed values by name (see listedVariable), `valueOf` its current
 * value. `merge: false` tries values that put the same tokens separately (the promtool parity test
 * checks the merge is sound).
 */
export function valueTrials(
  q: ParsedQuery,
  listedOf: (name: string) => ListedVariable | undefined,
  valueOf: ValueOf,
  { merge = true }: { merge?: boolean } = {},
): ValueTrials | undefined {
  const datasource: DatasourceType = q.lang === 'promql' ? 'prometheus' : 'loki';
  const varied: { name: string; refs: VariableRef[]; classes: Choice[][] }[] = [];
  const seen = new Set<string>();
  for (const ref of q.refs) {
    if (seen.has(ref.name)) continue;
    seen.add(ref.name);
    const listed = listedOf(ref.name);
    if (!listed) continue;
    const refs = q.refs.filter((r) => r.name === ref.name);
    const classes = classesOf(listed, refs, datasource, merge);
    if (classes.length > 0) varied.push({ name: ref.name, refs, classes });
  }
  if (varied.length === 0) return undefined;
  const index = new Map(varied.map((v, i) => [v.name, i]));
  const trials: Trial[] = [];
  for (const picks of plan(varied.map((v) => v.classes.length))) {
    const sub = substituteValues(q.original, valueOf, (ref) => {
      const i = index.get(ref.name);
      if (i === undefined) return undefined;
      const v = varied[i]!;
      return v.classes[picks[i]!]![0]!.texts[v.refs.findIndex((r) => r.from === ref.from)];
    });
    const errors = parseErrors(q.lang, sub.text).map((e) => ({ ...e, offset: sub.original(e.offset) }));
    trials.push({ picks, text: sub.text, errors });
  }
  return { variables: varied.map(({ name, classes }) => ({ name, classes })), trials };
}

/** How a message names a choice: the quoted value, `All`, or the quoted values selected together. */
function label(c: Choice): string {
  if (c.selected === 'All') return 'All';
  const shown = c.selected.slice(0, 3).map(quoteValue).join(' + ');
  return c.selected.length > 3 ? `${shown} + …` : shown;
}

/** A value as a message quotes it: JSON-escaped (no control characters), at most 40 characters. */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
}

export interface ValueFailure {
  /** Every trial fails (else some parse). */
  all: boolean;
  /** Offset of the first error of the first failing trial, in the original expression. */
  offset: number;
  /** `$agg = "foo bar" or "x y"`: the values that fail, by variable. */
  values: string;
  error: ParseError;
}

/**
 * Which values make the query fail: a value of a variable fails when every trial with it fails;
 * when no single value does, the first failing combination is named. Undefined when every trial parses.
 */
function valueFailure(t: ValueTrials): ValueFailure | undefined {
  const failing = t.trials.filter((tr) => tr.errors.length > 0);
  if (failing.length === 0) return undefined;
  const all = failing.length === t.trials.length;
  const name = (i: number, labels: string[]): string =>
    `$${t.variables[i]!.name} = ${labels.slice(0, 3).join(' or ')}${labels.length > 3 ? ` (or ${labels.length - 3} more)` : ''}`;
  const parts: string[] = [];
  let first: Trial | undefined;
  t.variables.forEach((v, i) => {
    const bad: string[] = [];
    v.classes.forEach((c, k) => {
      const withIt = t.trials.filter((tr) => tr.picks[i] === k);
      if (withIt.length > 0 && withIt.every((tr) => tr.errors.length > 0)) {
        bad.push(...c.map(label));
        first ??= withIt[0];
      }
    });
    if (bad.length > 0) parts.push(name(i, bad));
  });
  if (parts.length === 0) {
    first = failing[0]!;
    t.variables.forEach((v, i) => parts.push(name(i, [label(v.classes[first!.picks[i]!]![0]!)])));
  }
  const error = first!.errors[0]!;
  return { all, offset: error.offset, values: parts.join(', or '), error };
}

/**
 * What a syntax rule reports for a query, given its placeholder parse error and its value trials:
 * the failing values (some values fail, or only the values do), the placeholder parse error (no
 * values listed, or every value fails too), or nothing (every listed value parses: the placeholders
 * misread the query).
 */
export function syntaxVerdict(error: ParseError | undefined, trials: ValueTrials | undefined): { byValue: ValueFailure } | { plain: ParseError } | undefined {
  const failure = trials && valueFailure(trials);
  if (failure && (!error || !failure.all)) return { byValue: failure };
  if (trials && !failure) return undefined;
  return error && { plain: error };
}
