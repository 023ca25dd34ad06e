import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSchema } from '../../src/validate/schema';
import { ROOT } from '../helpers/cli';
import { sharedDir } from '../helpers/shared';

const CORPUS = sharedDir('corpus/dashboards', 'the schema checks over real third-party dashboards');
const GENERATED = path.join(ROOT, 'generated', 'dashboards');

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
}

const load = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('generated dashboards', () => {
  const files = jsonFiles(GENERATED);
  it('exist', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s has zero schema findings', (file) => {
    expect(checkSchema(load(path.join(GENERATED, file)))).toEqual([]);
  });
});

(CORPUS ? describe : describe.skip)('real-world corpus', () => {
  const files = CORPUS ? jsonFiles(CORPUS) : [];
  const findings = new Map(files.map((f) => [f, checkSchema(load(path.join(CORPUS!, f)))]));

  it('reports legacy layouts, legacy panels and old schema versions as info only', () => {
    const info = [...findings.values()].flat().filter((x) => x.severity === 'info');
    const rules = new Set(info.map((x) => x.rule));
    // The corpus has no plugin panels (only core types), so no schema-plugin-panel.
    expect([...rules].sort()).toEqual(['schema-legacy', 'schema-version']);
    // Spot checks: a pre-schemaVersion-16 file has top-level rows, and the corpus has classic graph panels.
    expect(info.some((x) => x.pointer === '/rows' && x.rule === 'schema-legacy')).toBe(true);
    expect(info.some((x) => x.message.startsWith('legacy panel type "graph"'))).toBe(true);
  });

  it('checks options of typed core panels (the corpus is not trivially clean)', () => {
    // Proof that the per-kind validators run on the corpus: breaking one real table panel's option is caught.
    type Dash = { panels?: { type: string; options?: Record<string, unknown> }[] };
    const tableAt = (d: Dash) => (d.panels ?? []).findIndex((p) => p.type === 'table' && p.options);
    const file = files.find((f) => tableAt(load(path.join(CORPUS!, f)) as Dash) >= 0) as string;
    const d = load(path.join(CORPUS!, file)) as Dash & { panels: NonNullable<Dash['panels']> };
    const index = tableAt(d);
    expect(index).toBeGreaterThanOrEqual(0);
    (d.panels[index]?.options as Record<string, unknown>).showHeader = 'yes';
    expect(checkSchema(d).filter((x) => x.severity === 'error')).toEqual([
      { pointer: `/panels/${index}/options/showHeader`, message: 'expected boolean, got string', severity: 'error', rule: 'schema' },
    ]);
  });
});
