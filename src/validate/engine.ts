/**
 * The validation engine: every registered rule, the JSON-layer ones over the source document and the
 * others over a shared DashboardModel.
 * Findings carry file, RFC 6901 pointer, line:column in the file, panel title, rule, severity,
 * message and, for queries, the column inside the expression.
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidatorConfig } from './config';
import { LineIndex, locatePointers, parseJson, type Position } from './json';
import { DashboardModel, isObject } from './model';
import { rules as defaultRules } from './rules/index';
import type { Finding, RawFinding, Rule, Severity, SourceDocument, ValidateOptions } from './types';
import { CliError } from '../cli/errors';
import { fsReason } from './files';

/** Keys only a dashboard has at its top level; JSON with none of them (or with `$schema`) is another kind of file. */
const DASHBOARD_KEYS = ['panels', 'rows', 'title', 'uid', 'templating', 'schemaVersion'];

export interface EngineOptions extends ValidateOptions {
  /** Skip well-formed JSON objects that are not dashboards (a catalogue, a JSON Schema): called instead of validating. */
  onNotADashboard?: () => void;
  config?: ValidatorConfig;
  /** Rules to run (default: all registered). */
  rules?: readonly Rule[];
}

/** Exit 2 with one line. */
export class InputError extends CliError {}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Validates a parsed dashboard object, or its JSON text (which adds positions and the JSON layer). */
export function validateDashboard(input: unknown, options: EngineOptions = {}): Finding[] {
  if (typeof input === 'string') return validateText(input, options);
  return validateDocument({ file: options.file ?? '<input>', json: { ok: true, value: input, text: '', duplicates: [] } }, options);
}

export { excessDepthAt, MAX_DEPTH } from './json';

export function validateText(text: string, options: EngineOptions = {}): Finding[] {
  return validateDocument({ file: options.file ?? '<input>', text, json: parseJson(text) }, options);
}

/** Reads and validates one file; throws InputError when it cannot be read. */
export function validateFile(file: string, options: EngineOptions = {}): Finding[] {
  // Findings and messages name the file as the caller shows it (e.g. the path the user typed).
  const shown = options.file ?? file;
  let bytes: Buffer;
  try {
    // A FIFO or device named *.json would block the read forever (or never end): regular files only.
    if (!fs.statSync(file).isFile()) throw new InputError(`${shown}: not a regular file`);
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as { code?: string }).code;
    throw new InputError(code === 'ENOENT' ? `${shown}: no such file` : `${shown}: cannot read: ${fsReason(e)}`);
  }
  if (options.config && isFileExcluded(options.config, file)) return [];
  let text = bytes.toString('utf8');
  let invalidUtf8: Position | undefined;
  // isUtf8 validates without decoding a second time (a fatal TextDecoder did both).
  if (isUtf8(bytes)) {
    // What TextDecoder does: a byte order mark is not part of the text.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  } else {
    // Grafana would show U+FFFD where the bad bytes are: report it, then check the rest as usual.
    invalidUtf8 = new LineIndex(text).position(Math.max(0, text.indexOf('\uFFFD')));
  }
  const json = parseJson(text);
  if (options.onNotADashboard && json.ok && isObject(json.value) && ('$schema' in json.value || !DASHBOARD_KEYS.some((k) => k in (json.value as object)))) {
    options.onNotADashboard();
    return [];
  }
  return validateDocument({ file: shown, text, json, ...(invalidUtf8 ? { invalidUtf8 } : {}) }, { ...options, file: shown });
}

/** Messages quote the input; a 1 MB label value must not become a 1 MB log line. */
function clip(message: string, max = 500): string {
  return message.length <= max ? message : `${message.slice(0, max - 40)}… (${message.length - max + 40} more characters)`;
}

function isFileExcluded(config: ValidatorConfig, file: string): boolean {
  const abs = path.resolve(file);
  return config.exclude.some((e) => e.files && e.panel === undefined && !e.rules && e.files.has(abs));
}

function byPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule);
}

/**
 * The one pipeline: every rule (JSON layer included) reports raw findings; severity from the config,
 * exclusions, positions and panel names are applied here, the same way for all of them.
 */
function validateDocument(doc: SourceDocument, options: EngineOptions): Finding[] {
  const file = doc.file;
  const config = options.config;
  const root = doc.json.ok ? doc.json.value : undefined;
  const model = isObject(root) ? new DashboardModel(root, options.datasources) : undefined;
  const uid = model && typeof model.root['uid'] === 'string' ? model.root['uid'] : undefined;
  if (config && uid && config.exclude.some((e) => e.dashboard === uid && e.panel === undefined && !e.rules && !e.files)) return [];
  const ctx = model ? { model, options } : undefined;
  const raws: { rule: Rule; raw: RawFinding }[] = [];
  for (const rule of options.rules ?? defaultRules) {
    if (rule.needsCatalogue && !options.catalogue) continue;
    if (config?.rules.get(rule.id) === 'off') continue;
    let found: RawFinding[];
    try {
      if (rule.scope === 'document') found = rule.check(doc);
      else if (ctx) found = rule.check(ctx);
      else continue;
    } catch (e) {
      throw new Error(`rule ${rule.id} failed on ${file}: ${(e as Error).stack ?? e}`, { cause: e });
    }
    for (const raw of found) raws.push({ rule, raw });
  }
  const positions = doc.text !== undefined ? locatePointers(doc.text, raws.filter((r) => !r.raw.position).map((r) => r.raw.pointer)) : undefined;
  const out: Finding[] = [];
  for (const { rule, raw } of raws) {
    const id = rule.id;
    const panel = model?.panelAt(raw.pointer);
    if (config && isExcluded(config, id, uid, file, panel?.title, panel?.id)) continue;
    const pos = raw.position ?? positions?.get(raw.pointer);
    const f: Finding = {
      file,
      pointer: raw.pointer,
      line: pos?.line ?? 0,
      column: pos?.column ?? 0,
      rule: id,
      severity: (config?.rules.get(id) as Severity | undefined) ?? raw.severity ?? rule.severity,
      message: clip(raw.message),
    };
    if (panel?.title !== undefined) f.panelTitle = panel.title;
    if (panel?.id !== undefined) f.panelId = panel.id;
    if (raw.exprOffset !== undefined) f.exprColumn = raw.exprOffset + 1;
    out.push(f);
  }
  return out.sort(byPosition);
}

function isExcluded(
  config: ValidatorConfig,
  rule: string,
  uid: string | undefined,
  file: string,
  title: string | undefined,
  id: number | undefined,
): boolean {
  const abs = path.resolve(file);
  return config.exclude.some((e) => {
    if (e.rules && !e.rules.includes(rule)) return false;
    if (e.dashboard !== undefined && e.dashboard !== uid) return false;
    if (e.files && !e.files.has(abs)) return false;
    if (e.panel === undefined) return true; // dashboard/file exclusion limited to some rules
    return typeof e.panel === 'number' ? e.panel === id : e.panel === title;
  });
}
