/**
 * Validator config file (JSON or YAML):
 *
 *   rules:
 *     query/rate-interval: off          # or error | warning | info
 *   exclude:
 *     - dashboard: some-uid             # a whole dashboard, by uid…
 *       reason: imported as-is from upstream
 *     - file: "legacy/**\/*.json"        # …or by file glob (relative to the config file)
 *       reason: kept for reference only
 *     - panel: "CPU usage"              # a panel by title or id, optionally in one dashboard and for some rules
 *       dashboard: some-uid
 *       rules: [panel/units]
 *       reason: the unit is set by an override
 *
 * Every exclusion needs a reason. Errors are reported as `file:line:column: message`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { SEVERITIES, type Severity } from './types';
import { CliError } from '../cli/errors';

export interface Exclusion {
  dashboard?: string;
  /** Absolute paths the `file` glob matched when the config was loaded. */
  files?: Set<string>;
  file?: string;
  panel?: string | number;
  rules?: string[];
  reason: string;
}

export interface ValidatorConfig {
  source: string;
  rules: Map<string, Severity | 'off'>;
  exclude: Exclusion[];
}

/** Exit 2 with one line. */
export class ConfigError extends CliError {}

export function loadConfig(file: string, knownRules: ReadonlySet<string>): ValidatorConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read config: ${(e as Error).message}`);
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  const at = (node: YamlNode | null | undefined): string => {
    const off = node && 'range' in node && node.range ? node.range[0] : 0;
    const p = lc.linePos(off);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = e.linePos?.[0];
    throw new ConfigError(`${file}:${p?.line ?? 1}:${p?.col ?? 1}: ${e.message.split('\n')[0]}`);
  }
  const fail = (node: YamlNode | null | undefined, msg: string): never => {
    throw new ConfigError(`${at(node)}: ${msg}`);
  };
  const config: ValidatorConfig = { source: file, rules: new Map(), exclude: [] };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return config;
  if (!isMap(root)) return fail(root, 'config must be a mapping with "rules" and/or "exclude"');
  const isKnown = (id: string): boolean => knownRules.has(id);
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as YamlNode | null;
    if (key === 'rules') {
      if (!isMap(value)) return fail(value ?? (pair.key as YamlNode), '"rules" must map rule ids to off|error|warning|info');
      for (const r of value.items) {
        const id = isScalar(r.key) ? String(r.key.value) : '';
        if (!isKnown(id)) return fail(r.key as YamlNode, `unknown rule "${id}" (see --list-rules)`);
        const v = isScalar(r.value) ? r.value.value : undefined;
        const level = v === false ? 'off' : String(v);
        if (level !== 'off' && !(SEVERITIES as readonly string[]).includes(level)) return fail(r.value as YamlNode, `rule "${id}": expected off, error, warning or info, got ${JSON.stringify(v)}`);
        config.rules.set(id, level as Severity | 'off');
      }
    } else if (key === 'exclude') {
      if (!isSeq(value)) return fail(value ?? (pair.key as YamlNode), '"exclude" must be a list');
      for (const item of value.items as YamlNode[]) {
        if (!isMap(item)) return fail(item, 'each exclusion must be a mapping');
        const ex: Partial<Exclusion> = {};
        for (const f of item.items) {
          const k = isScalar(f.key) ? String(f.key.value) : '';
          const node = f.value as YamlNode | null;
          const v = isScalar(node) ? node.value : undefined;
          if (k === 'dashboard' || k === 'file' || k === 'reason') {
            if (typeof v !== 'string' || v.trim() === '') return fail(node ?? (f.key as YamlNode), `"${k}" must be a non-empty string`);
            ex[k] = v;
          } else if (k === 'panel') {
            if (typeof v !== 'string' && typeof v !== 'number') return fail(node ?? (f.key as YamlNode), '"panel" must be a panel title or id');
            ex.panel = v;
          } else if (k === 'rules') {
            if (!isSeq(node)) return fail(node ?? (f.key as YamlNode), '"rules" must be a list of rule ids');
            ex.rules = [];
            for (const r of node.items as YamlNode[]) {
              const id = isScalar(r) ? String(r.value) : '';
              if (!isKnown(id)) return fail(r, `unknown rule "${id}"`);
              ex.rules.push(id);
            }
          } else return fail(f.key as YamlNode, `unknown exclusion key "${k}" (expected dashboard, file, panel, rules, reason)`);
        }
        if (!ex.reason) return fail(item, 'exclusion without a "reason": say why it is excluded');
        if (!ex.dashboard && !ex.file && ex.panel === undefined) return fail(item, 'exclusion needs "dashboard", "file" or "panel"');
        if (ex.file) ex.files = new Set(globSync(ex.file, { cwd: path.dirname(path.resolve(file)), absolute: true }).map((p) => path.resolve(p)));
        config.exclude.push(ex as Exclusion);
      }
    } else return fail(pair.key as YamlNode, `unknown key "${key}" (expected "rules" or "exclude")`);
  }
  return config;
}
