/**
 * Substitution by value: a query that references variables whose values the dashboard lists
 * (custom and interval options, constants, textboxes) is parsed once per value Grafana can send,
 * so a value that breaks it is found and named. Each value is formatted as Grafana formats it
 * (src/grafana/interpolate.ts); the other variables keep their same-length placeholders.
 *
 * Bound: at most MAX_SUBSTITUTIONS parses per expression. Values that differ only in their digits
 * (`5`, `10`; `5m`, `30m`) parse alike and are tried once. When every combination of the
 * variables' values fits the bound, each is tried; past it, the current values, then each other
 * value of one variable at a time (the others at their current value), the variables taking turns,
 * first options first, until the bound: the values left are not tried.
 */
import { listedValues, selectionText, type DashboardVariable, type DatasourceType } from '../../grafana/interpolate';
import { findVariableRefs, substituteValues, type ValueOf } from '../../grafana/variables';
import { parseErrors, type ParsedQuery, type ParseError } from './parsers';

export const MAX_SUBSTITUTIONS = 16;

/** One value a variable takes in a trial: what Grafana selects, and how a message names it. */
interface Choice {
  selected: readonly string[] | 'All';
  /** How a message names it: the quoted value, `All`, or the quoted values selected together. */
  label: string;
}

/** Choices that parse alike, tried once (by the first). */
interface ChoiceClass {
  choices: Choice[];
}

interface Varied {
  variable: DashboardVariable;
  options: readonly string[];
  classes: ChoiceClass[];
}

export interface Trial {
  /** Per varied variable (in the order of ValueTrials.variables), the class index tried. */
  picks: number[];
  text: string;
  /** Parse errors, offsets in the original expression. */
  errors: ParseError[];
}

export interface ValueTrials {
  /** The variables varied, each value class with the names of its values (quoted, or `All`). */
  variables: { name: string; classes: { labels: string[] }[] }[];
  trials: Trial[];
}

/** Numbers and durations that differ only in their digits parse alike: one key for them. */
function shape(value: string): string {
  return /^-?\d+(\.\d+)?$|^(\d+(ms|s|m|h|d|w|y))+$/.test(value) ? value.replace(/\d+/g, '1') : value;
}

function choicesOf(variable: DashboardVariable, values: readonly string[], current: string | undefined): ChoiceClass[] {
  const ordered = current !== undefined && values.includes(current) ? [current, ...values.filter((v) => v !== current)] : [...values];
  const choices: Choice[] = [...new Set(ordered)].map((v) => ({ selected: [v], label: quoteValue(v) }));
  // All (or, for a multi-value variable, every option at once) takes Grafana's multi-value form.
  if (variable.includeAll && values.length > 0) choices.push({ selected: 'All', label: 'All' });
  else if (variable.multi && values.length > 1) choices.push({ selected: values, label: `${values.slice(0, 3).map(quoteValue).join(' + ')}${values.length > 3 ? ' + …' : ''}` });
  const byShape = new Map<string, ChoiceClass>();
  const out: ChoiceClass[] = [];
  for (const c of choices) {
    const key = c.selected === 'All' ? '\u0000All' : c.selected.length > 1 ? '\u0000multi' : shape(c.selected[0]!);
    const cls = byShape.get(key);
    if (cls) cls.choices.push(c);
    else {
      const fresh = { choices: [c] };
      byShape.set(key, fresh);
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
 * `variableOf` gives a dashboard variable by name, `valueOf` its current value. `merge: false`
 * tries values of the same shape separately (the promtool parity test checks the merge is sound).
 */
export function valueTrials(
  q: ParsedQuery,
  variableOf: (name: string) => DashboardVariable | undefined,
  valueOf: ValueOf,
  { merge = true }: { merge?: boolean } = {},
): ValueTrials | undefined {
  const varied: Varied[] = [];
  const seen = new Set<string>();
  for (const ref of q.refs) {
    if (seen.has(ref.name)) continue;
    seen.add(ref.name);
    const variable = variableOf(ref.name);
    // Grafana interpolates a custom query before splitting it: a value naming a variable is not known here.
    const values = variable && listedValues(variable)?.filter((v) => findVariableRefs(v).length === 0);
    if (!variable || !values || values.length === 0) continue;
    let classes = choicesOf(variable, values, valueOf(ref.name));
    if (!merge) classes = classes.flatMap((c) => c.choices.map((choice) => ({ choices: [choice] })));
    varied.push({ variable, options: values, classes });
  }
  if (varied.length === 0) return undefined;
  const index = new Map(varied.map((v, i) => [v.variable.name, i]));
  const datasource: DatasourceType = q.lang === 'promql' ? 'prometheus' : 'loki';
  const trials: Trial[] = [];
  for (const picks of plan(varied.map((v) => v.classes.length))) {
    let unusable = false;
    const sub = substituteValues(q.original, valueOf, (ref) => {
      const i = index.get(ref.name);
      if (i === undefined) return undefined;
      const v = varied[i]!;
      const choice = v.classes[picks[i]!]!.choices[0]!;
      // A custom all value that references variables, or an unsupported format: not Grafana's text to guess.
      if (choice.selected === 'All' && v.variable.allValue && findVariableRefs(v.variable.allValue).length > 0) unusable = true;
      try {
        return selectionText(v.variable, choice.selected, v.options, ref.format, datasource, (all) => all);
      } catch {
        unusable = true;
        return undefined;
      }
    });
    if (unusable) continue;
    const errors = parseErrors(q.lang, sub.text).map((e) => ({ ...e, offset: sub.original(e.offset) }));
    trials.push({ picks, text: sub.text, errors });
  }
  return {
    variables: varied.map((v) => ({ name: v.variable.name, classes: v.classes.map((c) => ({ labels: c.choices.map((ch) => ch.label) })) })),
    trials,
  };
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
 * Which values make the query fail: a value of a variable fails when every trial with it fails
 * (while some trial parses, or the variable is the only one varied); when no single value does,
 * the first failing combination. Undefined when every trial parses.
 */
export function valueFailure(t: ValueTrials): ValueFailure | undefined {
  const failing = t.trials.filter((tr) => tr.errors.length > 0);
  if (failing.length === 0) return undefined;
  const all = failing.length === t.trials.length;
  const name = (i: number, labels: string[]): string => {
    return `$${t.variables[i]!.name} = ${labels.slice(0, 3).join(' or ')}${labels.length > 3 ? ` (or ${labels.length - 3} more)` : ''}`;
  };
  const parts: string[] = [];
  let first: Trial | undefined;
  t.variables.forEach((v, i) => {
    const bad: string[] = [];
    v.classes.forEach((c, k) => {
      const withIt = t.trials.filter((tr) => tr.picks[i] === k);
      if (withIt.length > 0 && withIt.every((tr) => tr.errors.length > 0)) {
        bad.push(...c.labels);
        first ??= withIt[0];
      }
    });
    if (bad.length > 0) parts.push(name(i, bad));
  });
  if (parts.length === 0) {
    first = failing[0]!;
    t.variables.forEach((v, i) => parts.push(name(i, v.classes[first!.picks[i]!]!.labels.slice(0, 1))));
  }
  const error = first!.errors[0]!;
  return { all, offset: error.offset, values: parts.join(', or '), error };
}
