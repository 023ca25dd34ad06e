/**
 * The validation engine: JSON layer, then every registered rule over a shared DashboardModel.
 * Findings carry file, RFC 6901 pointer, line:column in the file, panel title, rule, severity,
 * message and, for queries, the column inside the expression.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidatorConfig } from './config';
import { LineIndex, locatePointers, parseJson } from './json';
import { DashboardModel, isObject } from './model';
import { rules as defaultRules } from './rules/index';
import type { Finding, RawFinding, Rule, Severity, ValidateOptions } from './types';
import { CliError } from '../cli/errors';

export interface EngineOptions extends ValidateOptions {
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
  return run(input, undefined, options);
}

export { excessDepthAt, MAX_DEPTH } from './json';

export function validateText(text: string, options: EngineOptions = {}): Finding[] {
  const file = options.file ?? '<input>';
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const [rule, message] = parsed.tooDeep ? ['json/too-deep', parsed.message] : ['json/syntax', `malformed JSON: ${parsed.message}`];
    return [finding(file, '', rule, 'error', message, parsed.position.line, parsed.position.column, options)].filter(isKept);
  }
  const out: Finding[] = [];
  for (const d of parsed.duplicates) {
    out.push(finding(file, d.pointer, 'json/duplicate-key', 'error', `duplicate key "${d.key}" (first at line ${d.firstPosition.line}:${d.firstPosition.column}); the last value wins silently`, d.position.line, d.position.column, options));
  }
  return [...out.filter(isKept), ...run(parsed.value, parsed.text, options)].sort(byPosition);
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
    throw new InputError(code === 'ENOENT' ? `${shown}: no such file` : `${shown}: cannot read: ${(e as Error).message}`);
  }
  if (options.config && isFileExcluded(options.config, file)) return [];
  let text: string;
  let encoding: Finding | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Grafana would show U+FFFD where the bad bytes are: report it, then check the rest as usual.
    text = bytes.toString('utf8');
    const at = new LineIndex(text).position(Math.max(0, text.indexOf('\uFFFD')));
    encoding = finding(shown, '', 'json/encoding', 'error', 'file is not valid UTF-8 (first invalid byte here)', at.line, at.column, options);
  }
  const found = validateText(text, { ...options, file: shown });
  return encoding && isKept(encoding) ? [encoding, ...found].sort(byPosition) : found;
}

/** Messages quote the input; a 1 MB label value must not become a 1 MB log line. */
function clip(message: string, max = 500): string {
  return message.length <= max ? message : `${message.slice(0, max - 40)}… (${message.length - max + 40} more characters)`;
}

function isFileExcluded(config: ValidatorConfig, file: string): boolean {
  const abs = path.resolve(file);
  return config.exclude.some((e) => e.files && e.panel === undefined && !e.rules && e.files.has(abs));
}

function finding(
  file: string,
  pointer: string,
  rule: string,
  severity: Severity,
  message: string,
  line: number,
  column: number,
  options: EngineOptions,
): Finding {
  const level = options.config?.rules.get(rule);
  return { file, pointer, line, column, rule, severity: level && level !== 'off' ? level : severity, message, ...(level === 'off' ? { off: true } : {}) } as Finding;
}

const isKept = (f: Finding): boolean => !(f as { off?: boolean }).off;

function byPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule);
}

function run(root: unknown, text: string | undefined, options: EngineOptions): Finding[] {
  const file = options.file ?? '<input>';
  if (!isObject(root)) {
    const what = Array.isArray(root) ? 'an array' : root === null ? 'null' : typeof root;
    return [finding(file, '', 'json/not-object', 'error', `a dashboard must be a JSON object, got ${what}`, 1, 1, options)].filter(isKept);
  }
  const config = options.config;
  const uid = typeof root['uid'] === 'string' ? root['uid'] : undefined;
  if (config && uid && config.exclude.some((e) => e.dashboard === uid && e.panel === undefined && !e.rules)) return [];
  const model = new DashboardModel(root, options.datasources);
  const ctx = { model, options };
  const raws: { rule: Rule; raw: RawFinding }[] = [];
  for (const rule of options.rules ?? defaultRules) {
    if (rule.needsCatalogue && !options.catalogue) continue;
    if (config?.rules.get(rule.id) === 'off') continue;
    let found: RawFinding[];
    try {
      found = rule.check(ctx);
    } catch (e) {
      throw new Error(`rule ${rule.id} failed on ${file}: ${(e as Error).stack ?? e}`, { cause: e });
    }
    for (const raw of found) raws.push({ rule, raw });
  }
  const positions = text !== undefined ? locatePointers(text, raws.map((r) => r.raw.pointer)) : undefined;
  const out: Finding[] = [];
  for (const { rule, raw } of raws) {
    const id = raw.rule ?? rule.id;
    const level = config?.rules.get(id);
    if (level === 'off') continue;
    const panel = model.panelAt(raw.pointer);
    if (config && isPanelExcluded(config, id, uid, file, panel?.title, panel?.id)) continue;
    const pos = positions?.get(raw.pointer);
    const f: Finding = {
      file,
      pointer: raw.pointer,
      line: pos?.line ?? 0,
      column: pos?.column ?? 0,
      rule: id,
      severity: level ?? raw.severity ?? rule.severity,
      message: clip(raw.message),
    };
    if (panel?.title !== undefined) f.panelTitle = panel.title;
    if (panel?.id !== undefined) f.panelId = panel.id;
    if (raw.exprOffset !== undefined) f.exprColumn = raw.exprOffset + 1;
    out.push(f);
  }
  return out.sort(byPosition);
}

function isPanelExcluded(
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
