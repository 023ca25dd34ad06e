/** Shared types of the dashboard validator. */
import type { CatalogueJson } from '../catalogue/index';
import type { ParsedJson, Position } from './json';
import type { DashboardModel } from './model';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Finding {
  /** File the dashboard came from ('<input>' for in-memory validation). */
  file: string;
  /** RFC 6901 pointer into the dashboard JSON, '' for the whole document. */
  pointer: string;
  /** 1-based position of the pointed value in the file (0 when unknown). */
  line: number;
  column: number;
  rule: string;
  severity: Severity;
  message: string;
  panelTitle?: string;
  panelId?: number;
  /** For query findings: 1-based column inside the expression string. */
  exprColumn?: number;
}

/** A finding as a rule reports it; the engine adds file, position, panel and severity. */
export interface RawFinding {
  pointer: string;
  message: string;
  /** Overrides the rule's default severity (e.g. the schema layer's own levels). */
  severity?: Severity;
  /** Where to report it when the pointer cannot say (JSON-layer findings: a syntax error, a duplicate key). */
  position?: Position;
  /** 0-based offset inside the expression at `pointer`. */
  exprOffset?: number;
}

export interface LivePrometheus {
  url: string;
  /** Metric family name → type as the live server reports it. */
  metrics: ReadonlyMap<string, string>;
  labels: ReadonlySet<string>;
}

export interface ValidateOptions {
  /** Project catalogue to check metric/log usage against; null disables the catalogue rules. */
  catalogue?: CatalogueJson | null;
  /** Provisioned datasources (from --datasources); undefined = not checked. */
  datasources?: readonly ProvisionedDatasource[];
  live?: LivePrometheus;
  /** File name used in findings. */
  file?: string;
}

export interface ProvisionedDatasource {
  uid?: string;
  name: string;
  type: string;
  isDefault?: boolean;
  /** File and position it was read from, for messages. */
  source?: string;
}

/** One input as the JSON-layer rules see it, before (or instead of) a dashboard model. */
export interface SourceDocument {
  file: string;
  /** The decoded text; undefined when an in-memory object is validated. */
  text?: string;
  /** Where the first byte that is not UTF-8 was, if any. */
  invalidUtf8?: Position;
  json: ParsedJson;
}

export interface RuleContext {
  model: DashboardModel;
  options: ValidateOptions;
}

interface RuleInfo {
  id: string;
  severity: Severity;
  /** One line shown by --list-rules and in SARIF. */
  doc: string;
  /** Rules needing the catalogue are skipped with --no-catalogue. */
  needsCatalogue?: boolean;
}

/** Judges the input as JSON; runs on every file, parsed or not. */
export interface DocumentRule extends RuleInfo {
  scope: 'document';
  check(doc: SourceDocument): RawFinding[];
}

/** Judges a dashboard; runs only when the input is a JSON object. */
export interface DashboardRule extends RuleInfo {
  scope?: 'dashboard';
  check(ctx: RuleContext): RawFinding[];
}

export type Rule = DocumentRule | DashboardRule;
