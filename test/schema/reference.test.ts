/**
 * Cross-check of generated/schema against the JSON Schemas in the SDK's own repository (test input under
 * ../shared/reference, never copied into the project): for every kind present there, the top-level property
 * names of the checked definitions and their JSON types agree, except for the deliberate differences below.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';
import { sharedDir } from '../helpers/shared';

const REFERENCE = sharedDir('reference/foundation-sdk-jsonschema', 'the cross-check of our schema against the SDK repository schemas');
const GENERATED = path.join(ROOT, 'generated', 'schema');

type Node = Record<string, unknown>;
interface Schema {
  definitions: Record<string, Node>;
}

/** Definitions compared per kind: the dashboard's root and panels, each panel kind's Options/FieldConfig, queries. */
const DEFINITIONS: Record<string, string[]> = {
  dashboard: ['Dashboard', 'Panel', 'RowPanel', 'VariableModel', 'FieldConfig'],
  prometheus: ['Dataquery'],
  loki: ['dataquery'],
};
const PANEL_DEFINITIONS = ['Options', 'FieldConfig'];

/** Deliberate differences: `kind.Definition.property` → [reference types, generated types, reason]. */
const DIFFERENCES: Record<string, [string[], string[], string]> = {
  'dashboard.Dashboard.gnetId': [['string'], ['number', 'string'], 'grafana.com imports store the numeric id'],
  'dashboard.Dashboard.refresh': [['string'], ['boolean', 'string'], 'refresh: false is the pre-7 "off"'],
  'dashboard.Panel.datasource': [['object'], ['object', 'string'], 'legacy datasource names, migrated on load'],
  'dashboard.RowPanel.datasource': [['object'], ['object', 'string'], 'legacy datasource names, migrated on load'],
  'dashboard.VariableModel.datasource': [['object'], ['object', 'string'], 'legacy datasource names, migrated on load'],
  'prometheus.Dataquery.datasource': [['object'], ['object', 'string'], 'legacy datasource names, migrated on load'],
  'loki.dataquery.datasource': [['object'], ['object', 'string'], 'legacy datasource names, migrated on load'],
};

function load(file: string): Schema {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
}

/** JSON types a schema node admits (integer counted as number; null left out: we accept it for unset values). */
function types(node: unknown, defs: Record<string, Node>, depth = 0): Set<string> {
  const out = new Set<string>();
  if (depth > 20 || node === null || typeof node !== 'object') return out;
  const n = node as Node;
  if (Object.keys(n).length === 0) return new Set(['any']);
  if (typeof n.$ref === 'string') return types(defs[n.$ref.replace('#/definitions/', '')], defs, depth + 1);
  const t = n.type;
  for (const x of Array.isArray(t) ? t : typeof t === 'string' ? [t] : []) out.add(x === 'integer' ? 'number' : String(x));
  for (const key of ['anyOf', 'oneOf']) for (const b of (n[key] as unknown[] | undefined) ?? []) for (const x of types(b, defs, depth + 1)) out.add(x);
  for (const key of ['then', 'else']) for (const x of types(n[key], defs, depth + 1)) out.add(x);
  if (out.size === 0 && Array.isArray(n.enum)) for (const v of n.enum) out.add(v === null ? 'null' : typeof v);
  if (out.size === 0 && typeof n.const === 'string') out.add('string');
  return out;
}

function shape(schema: Schema, name: string): Record<string, string[]> | undefined {
  let def = schema.definitions[name];
  while (def && typeof def.$ref === 'string') def = schema.definitions[def.$ref.replace('#/definitions/', '')];
  if (!def) return undefined;
  const props = (def.properties ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => {
      const t = types(v, schema.definitions);
      t.delete('null');
      return [k, t.size ? [...t].sort() : ['any']];
    }),
  );
}

const kinds = (REFERENCE ? fs.readdirSync(REFERENCE) : [])
  .filter((f) => f.endsWith('.jsonschema.json'))
  .map((f) => f.replace('.jsonschema.json', ''))
  .filter((k) => k !== 'common') // shared definitions, not a kind of its own; reached through the others
  .sort();

(REFERENCE ? describe : describe.skip)('cross-check against the SDK repository schemas', () => {
  it('covers the reference kinds', () => {
    expect(kinds).toEqual(['barchart', 'dashboard', 'gauge', 'heatmap', 'logs', 'loki', 'prometheus', 'stat', 'table', 'timeseries']);
  });

  const cases = kinds.flatMap((kind) => (DEFINITIONS[kind] ?? PANEL_DEFINITIONS).map((def) => [kind, def] as const));
  const seenDifferences = new Set<string>();

  it.each(cases)('%s.%s: same property names and JSON types', (kind, def) => {
    const ref = shape(load(path.join(REFERENCE!, `${kind}.jsonschema.json`)), def);
    const gen = shape(load(path.join(GENERATED, `${kind}.json`)), def);
    expect(gen === undefined).toBe(ref === undefined); // e.g. stat has no FieldConfig in either
    if (!ref || !gen) return;
    expect(Object.keys(gen).sort()).toEqual(Object.keys(ref).sort());
    for (const prop of Object.keys(ref)) {
      const key = `${kind}.${def}.${prop}`;
      const diff = DIFFERENCES[key];
      if (diff) {
        seenDifferences.add(key);
        expect([ref[prop], gen[prop]]).toEqual([diff[0], diff[1]]);
      } else {
        expect({ [key]: gen[prop] }).toEqual({ [key]: ref[prop] });
      }
    }
  });

  it('every listed deliberate difference still exists', () => {
    expect([...seenDifferences].sort()).toEqual(Object.keys(DIFFERENCES).sort());
  });
});
