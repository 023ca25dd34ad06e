import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate, SCHEMA_DIR, staleFiles, writeFiles, type GenerateResult } from '../../src/build/schema/generate';
import { copyTree, runScript, tempDir } from '../helpers/cli';

// One in-process generation takes ≈ 2 s (a single TypeScript program for every SDK kind), so freshness is
// tested for real here rather than on a sample type.
let first: GenerateResult;
beforeAll(() => {
  first = generate();
});

describe('generate-schema', () => {
  it('committed generated/schema is up to date with the pinned SDK', () => {
    expect(staleFiles(first)).toEqual([]);
  });

  it('is deterministic: a second run yields identical bytes', () => {
    const second = generate();
    expect(second.files.map((f) => f.name)).toEqual(first.files.map((f) => f.name));
    for (const [i, f] of second.files.entries()) expect(f.content).toBe(first.files[i]?.content);
  });

  it('emits one schema per panel kind, the dashboard, prometheus, loki and validators.js', () => {
    const names = first.files.map((f) => f.name);
    expect(first.skippedKinds).toEqual([]);
    for (const n of ['dashboard.json', 'prometheus.json', 'loki.json', 'timeseries.json', 'heatmap.json', 'xychart.json', 'validators.js']) {
      expect(names).toContain(n);
    }
    expect(names).toHaveLength(27);
    expect(first.schemaVersion).toBe(42);
  });

  it('writes draft-07 JSON with sorted keys, 2-space indent and a trailing newline', () => {
    const dash = first.files.find((f) => f.name === 'dashboard.json')?.content as string;
    expect(dash.endsWith('}\n')).toBe(true);
    expect(dash.startsWith('{\n  "$comment"')).toBe(true);
    const parsed = JSON.parse(dash) as Record<string, unknown>;
    expect(parsed.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(parsed)).toEqual([...Object.keys(parsed)].sort());
  });

  it('relaxes the SDK per the policy: core required only, open objects, legacy datasource strings', () => {
    const defs = (JSON.parse(first.files.find((f) => f.name === 'dashboard.json')?.content as string) as { definitions: Record<string, Record<string, unknown>> }).definitions;
    expect(defs.Dashboard?.required).toEqual(['title']);
    expect(defs.Panel?.required).toEqual(['type']);
    expect(defs.GridPos?.required).toBeUndefined();
    const text = first.files.filter((f) => f.name.endsWith('.json')).map((f) => f.content).join('\n');
    expect(text).not.toContain('"additionalProperties": false');
    expect(text).not.toContain('"anyOf"');
    expect(defs.DataSourceRef?.type).toEqual(['object', 'string', 'null']);
  });

  it('reports stale, missing and extra files, and writing fixes them', () => {
    const dir = tempDir('schema-stale');
    copyTree(SCHEMA_DIR, dir);
    fs.appendFileSync(path.join(dir, 'stat.json'), ' ');
    fs.rmSync(path.join(dir, 'loki.json'));
    fs.writeFileSync(path.join(dir, 'old-kind.json'), '{}\n');
    expect(staleFiles(first, dir)).toEqual(['loki.json', 'old-kind.json', 'stat.json']);
    expect(writeFiles(first, dir)).toEqual({ written: ['loki.json', 'stat.json'], removed: ['old-kind.json'] });
    expect(staleFiles(first, dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });

  it('--check exits 0 on the committed output (real child process)', () => {
    const r = runScript('generate-schema.ts', ['--check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/generated\/schema is up to date \(27 files, SDK 0\.0\.21\)/);
  });

  it('an unknown flag is a usage error (exit 2)', () => {
    const r = runScript('generate-schema.ts', ['--chek']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('generate-schema: Unknown argument: chek (see --help)\n');
  });
});
