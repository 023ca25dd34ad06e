/**
 * Parser parity with Prometheus: every PromQL target of the corpora, after the validator's variable
 * substitution, goes through `promtool check rules` (Prometheus' own parser and type checker, Debian
 * package `prometheus`), batched into one rules file per corpus. A target that references custom,
 * interval, constant or textbox variables goes through once per value tried (src/validate/query/values.ts),
 * values of the same shape each on its own, and counts as rejected when promtool rejects any of them. query/promql-syntax (or query/metricsql)
 * (or dashboard/datasource, for LogQL behind a Prometheus datasource variable) must reject exactly
 * what promtool rejects. CI installs Prometheus; locally the test is skipped without it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateFile } from '../../src/validate/engine';
import { parseJson } from '../../src/validate/json';
import { DashboardModel, isObject } from '../../src/validate/model';
import { valueTrials } from '../../src/validate/query/values';
import { tempDir } from '../helpers/cli';
import { sharedDir } from '../helpers/shared';
import { ROOT } from './cases';

const PROMTOOL = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
if (!PROMTOOL && process.env.CI) throw new Error('promtool is required in CI (apt-get install prometheus)');
const maybe = PROMTOOL ? describe : describe.skip;

/**
 * The one difference between the parsers on record: Prometheus 3 (whose grammar the validator parses)
 * reads a bare number in a duration as seconds (`[$__range_s:1m]` → `[21600:1m]`); the packaged
 * promtool 2.x does not.
 */
const VERSION_DIFFERENCES = [/missing unit character in duration/];

const SHARED_CORPUS = sharedDir('corpus/dashboards', 'promtool parity over real third-party dashboards');
const CORPORA: Record<string, string[]> = {
  ...(SHARED_CORPUS ? { 'shared corpus': dir(SHARED_CORPUS) } : {}),
  generated: dir(path.join(ROOT, 'generated', 'dashboards')),
  'broken fixtures': dir(path.join(ROOT, 'test', 'fixtures', 'validate', 'broken')),
};

function dir(d: string): string[] {
  return fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(d, f)) : [];
}

interface Expression {
  where: string;
  /** The substituted text, or one per value tried. */
  texts: string[];
  rejected: boolean;
}

function expressions(files: string[]): Expression[] {
  const out: Expression[] = [];
  for (const file of files) {
    const parsed = parseJson(fs.readFileSync(file, 'utf8'));
    if (!parsed.ok || !isObject(parsed.value)) continue;
    const rejected = new Set(
      validateFile(file, { catalogue: null })
        .filter((f) => f.rule === 'query/promql-syntax' || f.rule === 'query/metricsql')
        .map((f) => f.pointer),
    );
    const model = new DashboardModel(parsed.value);
    for (const { target, guessed, q, exprPointer } of model.queries('promql')) {
      if (guessed) continue; // not known to be PromQL
      const trials = valueTrials(q, model.listedOf, model.valueOf, { merge: false })?.trials ?? [];
      const texts = trials.length > 0 ? [...new Set(trials.map((t) => t.text))] : [q.text];
      // A LogQL query behind a Prometheus datasource variable is rejected by dashboard/datasource.
      out.push({ where: `${path.basename(file)} ${exprPointer}`, texts, rejected: rejected.has(exprPointer) || target?.otherLanguage !== undefined });
    }
  }
  return out;
}

/** promtool's verdict per text: its parse error, or null when it accepts it. */
function promtool(texts: string[]): (string | null)[] {
  const rules = ['groups:', '- name: parity', '  rules:'];
  texts.forEach((text, i) => rules.push(`  - record: r${i}`, `    expr: ${JSON.stringify(text)}`));
  const file = path.join(tempDir('promtool-parity'), 'rules.yml');
  fs.writeFileSync(file, rules.join('\n') + '\n');
  const r = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  const verdicts: (string | null)[] = texts.map(() => null);
  for (const m of r.stderr.matchAll(/rule (\d+), "r\d+": could not parse expression: (.*)/g)) verdicts[Number(m[1]) - 1] = m[2]!;
  if (r.status !== 0 && !verdicts.some((v) => v !== null)) throw new Error(`promtool failed: ${r.stderr.slice(0, 500)}`);
  return verdicts;
}

maybe('promtool parity', () => {
  test.each(Object.entries(CORPORA))('%s: query/promql-syntax rejects exactly what promtool rejects', (_name, files) => {
    expect(files.length).toBeGreaterThan(0);
    const exprs = expressions(files);
    const verdicts = promtool(exprs.flatMap((e) => e.texts));
    let next = 0;
    const disagreements = exprs
      .map((e) => {
        const own = e.texts.map((text) => ({ text, verdict: verdicts[next++]! }));
        const counted = own.filter((o) => !(o.verdict && VERSION_DIFFERENCES.some((re) => re.test(o.verdict!))));
        const refused = counted.find((o) => o.verdict !== null);
        // Only version differences: no verdict to compare.
        if (counted.length === 0) return undefined;
        return { ...e, promtool: refused?.verdict ?? null, text: (refused ?? counted[0]!).text };
      })
      .filter((e) => e !== undefined && e.rejected !== (e.promtool !== null))
      .map((e) => `${e!.where}: validator ${e!.rejected ? 'rejects' : 'accepts'}, promtool ${e!.promtool ?? 'accepts'}: ${e!.text.slice(0, 200)}`);
    expect(disagreements).toEqual([]);
    // Substituted values are part of what is compared.
    if (files.length > 50) expect(exprs.some((e) => e.texts.length > 1)).toBe(true);
  }, 120_000);
});
