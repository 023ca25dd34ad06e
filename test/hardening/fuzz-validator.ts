/**
 * The validator fuzzer, run as its own Node process by validator-fuzz.test.ts (the validator is
 * several times slower inside jest's module sandbox, so the bulk of the cases run here) or by
 * hand: `node -r sucrase/register/ts test/hardening/fuzz-validator.ts '{"seed":1,"structural":5000,"text":5000,"full":true}'`.
 * Real dashboards (generated/dashboards and ../shared/corpus) are mutated by fast-check;
 * `validateDashboard` must never throw, must return well-formed findings, and every case must
 * finish within a bound (a hang detector, far above normal times). Prints one JSON report.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CATALOGUE, DEFAULT_PROVISIONING } from '../../src/cli/validate-dashboards';
import { loadCatalogue, validateDashboard, type Finding } from '../../src/validate';
import { loadProvisionedDatasources } from '../../src/validate/datasources';
import { ROOT } from '../helpers/cli';
import { sharedDir } from '../helpers/shared';

export const CORPUS_DIR = sharedDir('corpus/dashboards', 'real third-party dashboards mixed into the validator fuzz inputs');

/** Per case; normal cases take milliseconds. Exceeding it means the validator (nearly) hangs. */
const CASE_BOUND_MS = 10_000;

export interface FuzzArgs {
  seed: number;
  structural: number;
  text: number;
  /** Every corpus dashboard as a base (else a spread of a sixth of them). */
  full?: boolean;
}

export interface FuzzReport {
  bases: number;
  structuralCases: number;
  textCases: number;
  validations: number;
  failures: string[];
  slowestMs: number;
  slowest: string;
  validatorSeconds: number;
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function loadBases(full: boolean): { name: string; json: Json; text: string }[] {
  const generated = path.join(ROOT, 'generated', 'dashboards');
  const files = fs.readdirSync(generated).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(generated, f));
  const corpusDir = CORPUS_DIR;
  if (corpusDir) {
    const corpus = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort();
    // A spread of the corpus (every file in the long run): small enough to keep each case fast.
    const pick = full ? corpus : corpus.filter((_f, i) => i % 6 === 0);
    files.push(...pick.map((f) => path.join(corpusDir, f)));
  }
  return files.map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return { name: path.basename(file), json: JSON.parse(text) as Json, text };
  });
}

/** Every path (as keys) to a value inside `json`, capped so huge dashboards stay cheap. */
export function paths(json: Json, max = 4000): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: { v: Json; p: (string | number)[] }[] = [{ v: json, p: [] }];
  while (stack.length > 0 && out.length < max) {
    const { v, p } = stack.pop()!;
    out.push(p);
    if (Array.isArray(v)) v.forEach((c, i) => stack.push({ v: c, p: [...p, i] }));
    else if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) stack.push({ v: c, p: [...p, k] });
  }
  return out;
}

export function clone(json: Json): Json {
  return JSON.parse(JSON.stringify(json)) as Json;
}

export type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'nest'; at: number; depth: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'empty'; at: number }
  | { kind: 'string'; at: number; text: string };

export function apply(root: Json, m: Mutation): Json {
  const all = paths(root);
  const p = all[m.at % all.length]!;
  const get = (q: (string | number)[]): Json => q.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, root);
  const set = (value: Json | undefined): Json => {
    if (p.length === 0) return value === undefined ? null : value;
    const parent = get(p.slice(0, -1)) as Record<string | number, Json> | Json[];
    const key = p[p.length - 1]!;
    if (value === undefined) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, Json>)[key];
    } else (parent as Record<string | number, Json>)[key] = value;
    return root;
  };
  const current = get(p);
  switch (m.kind) {
    case 'replace':
      return set(m.value);
    case 'delete':
      return set(undefined);
    case 'nest': {
      let v: Json = current;
      for (let i = 0; i < m.depth; i++) v = i % 2 === 0 ? [v] : { panels: v };
      return set(v);
    }
    case 'duplicate':
      return Array.isArray(current) ? set([...current, ...current]) : set([current, current]);
    case 'empty':
      return set(Array.isArray(current) ? [] : typeof current === 'object' && current !== null ? {} : '');
    case 'string':
      return set(m.text);
  }
}

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('$__rate_interval', '${prometheus_ds}', 'rate(x[5m]', 'sum by (', '{job="a"} |= "x" | json', '$', '[[var]]', '{{legend}}', '-1', 'NaN', '__proto__', 'constructor', 'x'.repeat(5000)),
);
const jsonValue = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, -1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, true, [], {}) },
);
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: jsonValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('empty' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('string' as const), at: fc.nat(), text: hostileString }),
);

/** Runs the fuzzer; failures are collected (first few) instead of thrown, so one report says everything. */
export function runFuzz(args: FuzzArgs): FuzzReport {
  const bases = loadBases(args.full ?? false);
  const options = { catalogue: loadCatalogue(DEFAULT_CATALOGUE), datasources: loadProvisionedDatasources(DEFAULT_PROVISIONING) };
  const report: FuzzReport = { bases: bases.length, structuralCases: 0, textCases: 0, validations: 0, failures: [], slowestMs: 0, slowest: '', validatorSeconds: 0 };

  const check = (input: Json | string, what: string): void => {
    const started = performance.now();
    let findings: Finding[];
    try {
      findings = validateDashboard(input, { ...options, file: 'fuzz.json' });
    } catch (error) {
      throw new Error(`validateDashboard threw on ${what}: ${(error as Error).stack ?? String(error)}`, { cause: error });
    }
    const ms = performance.now() - started;
    report.validations += 1;
    report.validatorSeconds += ms / 1000;
    if (ms > report.slowestMs) Object.assign(report, { slowestMs: ms, slowest: what.slice(0, 160) });
    if (ms > CASE_BOUND_MS) throw new Error(`validation took ${ms.toFixed(0)} ms on ${what}`);
    if (!Array.isArray(findings)) throw new Error(`findings are not an array on ${what}`);
    for (const f of findings) {
      const ok = ['error', 'warning', 'info'].includes(f.severity) && typeof f.rule === 'string' && typeof f.message === 'string' && Number.isFinite(f.line) && Number.isFinite(f.column);
      if (!ok) throw new Error(`malformed finding ${JSON.stringify(f).slice(0, 300)} on ${what}`);
    }
  };
  const record = <T>(result: fc.RunDetails<T>): void => {
    if (result.failed) report.failures.push(`${result.counterexample ? JSON.stringify(result.counterexample).slice(0, 300) : ''}: ${String(result.errorInstance ?? '').slice(0, 1500)}`);
  };

  for (const b of bases) check(b.text, b.name);

  record(
    fc.check(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (bi, ms) => {
        report.structuralCases += 1;
        let json = clone(bases[bi]!.json);
        for (const m of ms) json = apply(json, m);
        const what = `${bases[bi]!.name} + ${JSON.stringify(ms).slice(0, 200)}`;
        check(json, `${what} (object)`);
        // As text too: the JSON layer, positions and duplicate-key scan run on it.
        check(JSON.stringify(json, null, 1), `${what} (text)`);
      }),
      { seed: args.seed, numRuns: args.structural, endOnFailure: true },
    ),
  );

  const edit = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', '\uFEFF', 'NaN', '-', '1e999')) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 50 }) }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), code: fc.integer({ min: 0, max: 0xffff }) }),
  );
  record(
    fc.check(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), (bi, edits) => {
        report.textCases += 1;
        let text = bases[bi]!.text;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          if (e.kind === 'truncate') text = text.slice(0, at);
          else if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
          else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
          else text = text.slice(0, at) + String.fromCharCode(e.code) + text.slice(at + 1);
        }
        check(text, `${bases[bi]!.name} + ${JSON.stringify(edits).slice(0, 200)}`);
      }),
      { seed: args.seed, numRuns: args.text, endOnFailure: true },
    ),
  );
  return report;
}

if (require.main === module) {
  const args = JSON.parse(process.argv[2] ?? '{}') as Partial<FuzzArgs>;
  const report = runFuzz({ seed: args.seed ?? Date.now() % 2 ** 31, structural: args.structural ?? 300, text: args.text ?? 300, full: args.full ?? false });
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
