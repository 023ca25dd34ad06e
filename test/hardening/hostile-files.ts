/**
 * Hostile dashboard files, generated at test time from a real dashboard (never committed: some
 * are 50 MB). Each entry says what it is; the validator must answer every one with findings or
 * a one-line message and exit 0, 1 or 2 without throwing, overflowing its stack or hanging.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';

export const REAL_DASHBOARD = path.join(ROOT, 'generated', 'dashboards', 'compile-pipeline-overview.json');

export interface HostileFile {
  readonly name: string;
  readonly what: string;
  readonly bytes: () => Buffer;
  /** Expected exit of the CLI on this file alone: 1 = error findings; [1, 0] = either. */
  readonly exit: readonly number[];
  /** The fault exists only in the bytes (lost once decoded to a string): only file-level checks can see it. */
  readonly bytesOnly?: true;
}

/** Size of the huge-expr case: 1 MB in the long run, 200 kB by default (parse time grows with it). */
const HUGE_EXPR = process.env.HARDENING_FULL === '1' ? 1_000_000 : 200_000;

const nest = (open: string, inner: string, close: string, depth: number): string => open.repeat(depth) + inner + close.repeat(depth);

function realText(): string {
  return fs.readFileSync(REAL_DASHBOARD, 'utf8');
}

function realObject(): Record<string, unknown> {
  return JSON.parse(realText()) as Record<string, unknown>;
}

/** `{"panels": [ {"type":"row","panels":[ … depth … ]} ]}` built as text (JSON.stringify would recurse). */
function deepRows(depth: number): string {
  const real = realText().trimEnd();
  const rows = nest('{"type":"row","title":"r","panels":[', '', ']}', depth);
  return `${real.slice(0, -1)},"panels_extra":0,"panels":[${rows}]}`;
}

/** The real dashboard's panels copied (new ids, shifted down) until the file is about `targetBytes`. */
function bigDashboard(targetBytes: number): string {
  const d = realObject();
  const panels = d.panels as Record<string, unknown>[];
  const one = JSON.stringify(panels).length;
  const copies = Math.ceil(targetBytes / one);
  const all: unknown[] = [];
  let id = 1;
  for (let c = 0; c < copies; c++) {
    for (const p of panels) {
      const gridPos = p.gridPos as { x: number; y: number; w: number; h: number };
      all.push({ ...p, id: id++, gridPos: { ...gridPos, y: gridPos.y + c * 100 } });
    }
  }
  return JSON.stringify({ ...d, panels: all });
}

function withHugeExpr(bytes: number, term = 'sum(rate(compile_success_total{environment=~"$environment"}[$__rate_interval]))'): string {
  const d = realObject();
  const expr = Array.from({ length: Math.ceil(bytes / (term.length + 3)) }, () => term).join(' + ');
  const panels = (d.panels as Record<string, unknown>[]).map((p) =>
    Array.isArray(p.targets) ? { ...p, targets: (p.targets as Record<string, unknown>[]).map((t) => ('expr' in t ? { ...t, expr } : t)) } : p,
  );
  return JSON.stringify({ ...d, panels });
}

export const HOSTILE_FILES: readonly HostileFile[] = [
  { name: 'empty.json', what: 'empty file', bytes: () => Buffer.alloc(0), exit: [1] },
  { name: 'whitespace.json', what: 'only whitespace', bytes: () => Buffer.from(' \n\t\r\n'), exit: [1] },
  { name: 'truncated.json', what: 'real dashboard cut in the middle', bytes: () => Buffer.from(realText().slice(0, 5000)), exit: [1] },
  { name: 'truncated-in-string.json', what: 'cut inside a string', bytes: () => Buffer.from('{"title": "abc'), exit: [1] },
  { name: 'bom.json', what: 'UTF-8 byte order mark before a valid dashboard', bytes: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(realText())]), exit: [0, 1] },
  {
    name: 'invalid-utf8.json',
    what: 'invalid UTF-8 bytes inside a string (would reach Grafana as U+FFFD)',
    bytes: () => Buffer.from(Buffer.from(realText().replace('Compile Pipeline Overview', 'Compile \u0000MARK Overview'), 'utf8').map((b, i, all) => (b === 0 && all[i + 1] === 0x4d ? 0xff : b))),
    exit: [1],
    bytesOnly: true,
  },
  { name: 'utf16.json', what: 'UTF-16LE encoded dashboard', bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(realText(), 'utf16le')]), exit: [1] },
  { name: 'binary.json', what: 'random binary bytes', bytes: () => Buffer.from(Array.from({ length: 4096 }, (_v, i) => (i * 7919 + 13) % 256)), exit: [1] },
  { name: 'nul.json', what: 'NUL bytes', bytes: () => Buffer.alloc(1024), exit: [1] },
  { name: 'nan.json', what: 'NaN, Infinity, -Infinity literals', bytes: () => Buffer.from(realText().replace('"refresh": "30s"', '"refresh": NaN, "x": Infinity, "y": -Infinity')), exit: [1] },
  {
    name: 'duplicate-keys.json',
    what: 'duplicate keys (uid three times)',
    bytes: () => Buffer.from(`${realText().trimEnd().slice(0, -1)}, "uid": "other", "uid": "third"}`),
    exit: [1],
  },
  { name: 'array.json', what: 'a JSON array holding a dashboard', bytes: () => Buffer.from(`[${realText()}]`), exit: [1] },
  { name: 'scalar.json', what: 'a JSON string', bytes: () => Buffer.from('"dashboard"'), exit: [1] },
  { name: 'null.json', what: 'JSON null', bytes: () => Buffer.from('null'), exit: [1] },
  { name: 'empty-object.json', what: 'an empty object', bytes: () => Buffer.from('{}'), exit: [1] },
  { name: 'deep-array.json', what: '10,000-deep nested arrays', bytes: () => Buffer.from(nest('[', '', ']', 10_000)), exit: [1] },
  { name: 'deep-object.json', what: '10,000-deep nested objects', bytes: () => Buffer.from(nest('{"a":', '1', '}', 10_000)), exit: [1] },
  {
    name: 'deep-in-dashboard.json',
    what: '10,000-deep nesting inside a real dashboard',
    bytes: () => Buffer.from(`${realText().trimEnd().slice(0, -1)}, "extra": ${nest('{"a":[', '1', ']}', 10_000)}}`),
    exit: [0, 1],
  },
  { name: 'deep-rows.json', what: '10,000-deep nested row panels', bytes: () => Buffer.from(deepRows(10_000)), exit: [0, 1] },
  { name: 'deep-malformed.json', what: '10,000-deep nesting, never closed (malformed)', bytes: () => Buffer.from('{"a":'.repeat(10_000)), exit: [1] },
  { name: 'huge-expr.json', what: `${HUGE_EXPR / 1000} kB PromQL expression in every target`, bytes: () => Buffer.from(withHugeExpr(HUGE_EXPR)), exit: [0, 1] },
  {
    name: 'huge-metric-name.json',
    what: '100 kB unknown metric name in every target (did-you-mean must not be quadratic in it)',
    bytes: () => Buffer.from(withHugeExpr(1, `compile_${'x'.repeat(100_000)}_total`)),
    exit: [1],
  },
  { name: 'huge-label-value.json', what: '1 MB label value in a selector', bytes: () => Buffer.from(withHugeExpr(1, `compile_success_total{environment="${'v'.repeat(1_000_000)}"}`)), exit: [0, 1] },
  { name: 'huge-string.json', what: '20 MB title', bytes: () => Buffer.from(JSON.stringify({ ...realObject(), title: 'x'.repeat(20_000_000) })), exit: [0, 1] },
  { name: 'big-50mb.json', what: '50 MB dashboard (about 20,000 real panels)', bytes: () => Buffer.from(bigDashboard(50 * 1024 * 1024)), exit: [0, 1] },
  { name: 'many-keys.json', what: '200,000 keys in one object', bytes: () => Buffer.from(JSON.stringify({ ...realObject(), ...Object.fromEntries(Array.from({ length: 200_000 }, (_v, i) => [`k${i}`, i])) })), exit: [0, 1] },
  { name: 'proto.json', what: '__proto__ and constructor keys', bytes: () => Buffer.from(`${realText().trimEnd().slice(0, -1)}, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}`), exit: [0, 1] },
  { name: 'wrong-types.json', what: 'every field of a panel with the wrong type', bytes: () => Buffer.from(JSON.stringify({ ...realObject(), panels: [{ id: 'x', type: 5, gridPos: 'a', targets: { expr: 1 }, panels: 3, fieldConfig: [], options: 'o', title: {} }] })), exit: [1] },
];

/** Writes every hostile file (or the named ones) into `dir`; returns their paths by name. */
export function writeHostileFiles(dir: string, names?: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of HOSTILE_FILES) {
    if (names && !names.includes(f.name)) continue;
    const file = path.join(dir, f.name);
    fs.writeFileSync(file, f.bytes());
    out.set(f.name, file);
  }
  return out;
}
