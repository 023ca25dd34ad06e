/**
 * Dashboard fragments for the rule tables: small literal dashboards, so each case shows the whole
 * input a rule judges. Only the rule under test runs on them (see rule-tables.test.ts).
 */
import type { Severity } from '../../../src/validate/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const PROM = { type: 'prometheus', uid: 'pipeline-prometheus' };
export const LOKI = { type: 'loki', uid: 'pipeline-loki' };

export function dash(extra: Json = {}): Json {
  return { uid: 'test', title: 'Test', schemaVersion: 42, panels: [], templating: { list: [] }, ...extra };
}

let nextId = 1;
export function panel(type: string, extra: Json = {}): Json {
  return { id: nextId++, type, title: `${type} ${nextId}`, gridPos: { x: 0, y: 0, w: 24, h: 8 }, ...extra };
}

export function prom(expr: string, extra: Json = {}): Json {
  return { refId: 'A', datasource: PROM, expr, ...extra };
}

export function loki(expr: string, extra: Json = {}): Json {
  return { refId: 'A', datasource: LOKI, expr, ...extra };
}

/** A dashboard with one timeseries panel (title "P") running the given PromQL. */
export function promDash(expr: string, panelExtra: Json = {}): Json {
  return dash({ panels: [panel('timeseries', { title: 'P', datasource: PROM, targets: [prom(expr)], ...panelExtra })] });
}

/** A dashboard with one logs panel (title "L") running the given LogQL. */
export function lokiDash(expr: string): Json {
  return dash({ panels: [panel('logs', { title: 'L', datasource: LOKI, targets: [loki(expr)] })] });
}

/** [severity, pointer, message] or, for query findings, also the 1-based column in the expression. */
export type Expected = [Severity, string, string] | [Severity, string, string, number];

export interface Case {
  name: string;
  /** A dashboard object, or JSON text / file bytes for the JSON-layer rules. */
  input: Json;
  expect: Expected[];
  /** Check against the project catalogue / provisioned datasources (generated/). */
  catalogue?: boolean;
  datasources?: boolean;
  /** What a live Prometheus (--prometheus) reports: metric name → type, and label names. */
  live?: { metrics: Record<string, string>; labels: string[] };
}

export interface RuleTable {
  rule: string;
  cases: Case[];
}

/** A dashboard with one Prometheus query variable `v` (the string form unless `query` is an object). */
export function varDash(query: Json, extra: Json = {}): Json {
  return dash({ templating: { list: [{ name: 'v', type: 'query', datasource: PROM, query, ...extra }] } });
}
