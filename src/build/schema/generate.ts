/**
 * Generates the JSON Schemas of the schema layer from the pinned Grafana Foundation SDK's own TypeScript
 * types (`dist/<kind>/types.gen.d.ts`) with ts-json-schema-generator, relaxes them for real-world Grafana JSON,
 * and precompiles them with ajv's standalone code generation. Run by hand (`npm run generate-schema`) and commit
 * the output; validate time only `require`s `generated/schema/validators.js`.
 *
 * STRICTNESS POLICY — the validator must not flag dashboards that Grafana loads fine:
 * 1. Types of known properties are checked everywhere (a string where the SDK says number is an error): Grafana's
 *    frontend uses the values as typed.
 * 2. `required` is dropped everywhere except a core Grafana truly needs (REQUIRED_CORE): a dashboard `title`,
 *    a panel `type`, a template variable `name` and `type`. The SDK marks many fields required that exported
 *    dashboards omit (gridPos on old files, `fieldConfig.defaults` internals, most `options` keys): Grafana fills
 *    them with defaults on load.
 * 3. `additionalProperties: false` is dropped everywhere: real dashboards carry keys from older Grafana versions
 *    and plugins, and Grafana ignores keys it does not know.
 * 4. Enum violations are warnings, except for the enums in ERROR_ENUMS, where an unknown value makes Grafana throw
 *    (unknown template variable type: no variable implementation; unknown field colour mode: the colour-mode
 *    registry lookup throws and the panel fails to render). The runtime reads their value lists from
 *    `meta.errorEnums` in validators.js.
 * 5. Legacy shapes Grafana migrates or tolerates on load are accepted: a datasource given as a plain string (name
 *    or `${DS_X}` input) or null; null for unset optional scalars, enums and some objects (NULLABLE_DEFINITIONS),
 *    as older exports write; and the few type widenings in REAL_WORLD_TYPES, each seen in Grafana's own exports.
 *    A numeric string (or "") where a number is expected is reported by the runtime as a warning, not an error
 *    (Grafana's frontend coerces it, or treats "" as unset).
 * 6. Unions become one clear check instead of ajv's noisy anyOf: `panels[]` items are checked as RowPanel when
 *    `type` is "row", else as Panel; unions of objects tagged by a `type` constant (value mappings, table cell
 *    options) become if/then chains on that tag; unions of plain types (`string | string[]`) become a type list.
 *    Panel `options`, `fieldConfig.defaults.custom` and `targets` stay open in the dashboard schema; the runtime
 *    checks them against the per-kind `Options`/`FieldConfig` schemas and the Prometheus/Loki `Dataquery` schemas,
 *    picking the panel kind by Grafana plugin id and the query kind by datasource type (or datasource variable).
 * 7. Output is draft-07, keys sorted, 2-space indent, trailing newline; `deprecated` and `format` keywords, which
 *    ajv's strict mode rejects or needs plugins for, are removed. Same SDK ⇒ identical bytes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { createFormatter, createParser, DEFAULT_CONFIG, SchemaGenerator, type CompletedConfig } from 'ts-json-schema-generator';
import { replaceFileSet, syncDirectory } from '../atomic-write';
import { stableStringify } from '../stable-json';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'generated', 'schema');

/** Panel kinds whose `Options`/`FieldConfig` the SDK types; a kind absent from the SDK is skipped (reported). */
export const PANEL_KINDS = [
  'timeseries', 'heatmap', 'table', 'barchart', 'stat', 'gauge', 'logs', 'text', 'bargauge', 'piechart',
  'histogram', 'statetimeline', 'statushistory', 'nodegraph', 'news', 'dashboardlist', 'annotationslist',
  'candlestick', 'canvas', 'geomap', 'datagrid', 'trend', 'xychart',
] as const;

/** Datasource kinds → the SDK's exported query type name (Loki's is lower-case in the SDK). */
export const QUERY_KINDS: Record<string, string> = { prometheus: 'Dataquery', loki: 'dataquery' };

/** The only required properties left (policy 2), whatever the SDK marks required. */
const REQUIRED_CORE: Record<string, string[]> = {
  Dashboard: ['title'],
  Panel: ['type'],
  RowPanel: ['type'],
  VariableModel: ['name', 'type'],
};

/** Enums whose violation is an error: see policy 4. Keyed by definition name. */
export const ERROR_ENUMS = ['VariableType', 'FieldColorModeId'];

/** Definitions whose value may also be null (policy 5): Grafana treats null like absent for these. */
const NULLABLE_DEFINITIONS = new Set(['GridPos', 'FieldColor', 'ThresholdsConfig', 'LibraryPanelRef', 'TimePickerConfig']);

/**
 * Property types widened to what Grafana itself writes (definition → property → JSON types):
 * - Dashboard.gnetId: grafana.com imports store the numeric dashboard id.
 * - Dashboard.refresh: `false` meant "off" before Grafana 7 and is still read as "off".
 * - TableFooterOptions.fields: Grafana's table editor saves `""` for "all fields".
 * - Panel.options, FieldConfig.custom: typed `any` by the SDK, but always objects in Grafana (and in the SDK
 *   repository's own JSON Schemas); the per-kind schemas check their insides.
 */
const REAL_WORLD_TYPES: Record<string, Record<string, string[]>> = {
  Dashboard: { gnetId: ['string', 'number', 'null'], refresh: ['string', 'boolean', 'null'] },
  Panel: { options: ['object', 'null'] },
  FieldConfig: { custom: ['object', 'null'] },
  TableFooterOptions: { fields: ['array', 'string', 'null'] },
};

export interface GeneratedFile {
  name: string;
  content: string;
}

export interface GenerateResult {
  files: GeneratedFile[];
  skippedKinds: string[];
  sdkVersion: string;
  schemaVersion: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: Json };

function sdkDist(): string {
  // `…/dist/dashboard/index.js` → `…/dist`; subpath exports hide package.json, so go through a real subpath.
  return path.dirname(path.dirname(require.resolve('@grafana/grafana-foundation-sdk/dashboard')));
}

function sdkVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(sdkDist(), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version.replace(/^v/, '');
}

/** Grafana's panel plugin id for an SDK kind (`statetimeline` → `state-timeline`), from the SDK's own builder. */
function panelPluginId(kind: string): string {
  const mod = require(`@grafana/grafana-foundation-sdk/${kind}`) as { PanelBuilder?: new () => { build(): { type: string } } };
  if (!mod.PanelBuilder) throw new Error(`SDK kind ${kind} has no PanelBuilder`);
  return new mod.PanelBuilder().build().type;
}

function sdkSchemaVersion(): number {
  // The SDK's builder emits the schemaVersion of the Grafana line it targets.
  const { DashboardBuilder } = require('@grafana/grafana-foundation-sdk/dashboard') as typeof import('@grafana/grafana-foundation-sdk/dashboard');
  return new DashboardBuilder('probe').build().schemaVersion;
}

function isObject(v: Json | undefined): v is SchemaNode {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Applies policies 2, 3, 5 and 7 to one schema node and everything below it. */
function relax(node: Json, defName: string | undefined): void {
  if (Array.isArray(node)) {
    for (const item of node) relax(item, undefined);
    return;
  }
  if (!isObject(node)) return;
  if (node.additionalProperties === false) delete node.additionalProperties;
  delete node.deprecated;
  delete node.format;
  delete node.required;
  const core = defName ? REQUIRED_CORE[defName] : undefined;
  if (core) node.required = core;
  if (isObject(node.properties)) {
    for (const [key, prop] of Object.entries(node.properties)) {
      relax(prop, undefined);
      if (isObject(prop)) allowNull(prop, key);
    }
  }
  for (const key of ['items', 'anyOf', 'allOf', 'oneOf', 'not', 'if', 'then', 'else'] as const) {
    if (node[key] !== undefined) relax(node[key], undefined);
  }
  mergePrimitiveUnion(node);
  if (isObject(node.additionalProperties)) relax(node.additionalProperties, undefined);
}

/** Policy 6: `anyOf: [{type: string}, {type: array, items}]` → `type: [string, array], items`. */
function mergePrimitiveUnion(node: SchemaNode): void {
  const branches = node.anyOf;
  if (!Array.isArray(branches) || Object.keys(node).length !== 1) return;
  const types: string[] = [];
  let items: Json | undefined;
  for (const b of branches) {
    if (!isObject(b) || typeof b.type !== 'string' || Object.keys(b).some((k) => k !== 'type' && k !== 'items')) return;
    if (types.includes(b.type)) return;
    types.push(b.type);
    if (b.items !== undefined) items = b.items;
  }
  delete node.anyOf;
  node.type = types;
  if (items !== undefined) node.items = items;
}

/** The `type` tag of a definition (`type: "value"` on ValueMap), if it has one. */
function tagOf(def: SchemaNode | undefined): string | undefined {
  const t = def && isObject(def.properties) ? def.properties.type : undefined;
  if (!isObject(t)) return undefined;
  if (typeof t.const === 'string') return t.const;
  if (Array.isArray(t.enum) && t.enum.length === 1 && typeof t.enum[0] === 'string') return t.enum[0];
  return undefined;
}

/** Policy 6: an anyOf of $refs to `type`-tagged objects → if/then chain; an unknown tag fails the last enum. */
function discriminate(defs: Record<string, SchemaNode>): void {
  for (const def of Object.values(defs)) {
    const branches = def.anyOf;
    if (!Array.isArray(branches) || Object.keys(def).length !== 1) continue;
    const refs = branches.map((b) => (isObject(b) && typeof b.$ref === 'string' ? b.$ref : undefined));
    const tags = refs.map((r) => (r ? tagOf(defs[r.replace('#/definitions/', '')]) : undefined));
    if (tags.some((t) => t === undefined) || new Set(tags).size !== tags.length) continue;
    let chain: SchemaNode = { type: 'object', properties: { type: { enum: tags as string[] } } };
    for (let i = refs.length - 1; i >= 0; i--) {
      chain = {
        type: 'object',
        if: { type: 'object', properties: { type: { const: tags[i] as string } }, required: ['type'] },
        then: { $ref: refs[i] as string },
        else: chain,
      };
    }
    delete def.anyOf;
    Object.assign(def, chain);
  }
}

/** Policy 5 for scalar properties: `"decimals": null` is what older Grafana exports write for "unset". */
function allowNull(prop: SchemaNode, _key: string): void {
  const t = prop.type;
  if (typeof t === 'string' && t !== 'null' && t !== 'array' && t !== 'object') {
    prop.type = [t, 'null'];
    if (Array.isArray(prop.enum)) prop.enum = [...prop.enum, null];
  } else if (Array.isArray(t) && !t.includes('null') && !t.includes('array') && !t.includes('object')) {
    prop.type = [...t, 'null'];
  }
}

/** Policy 5 for datasource refs, policy 6 for panels[] items, NULLABLE_DEFINITIONS. */
function patchDefinitions(defs: Record<string, SchemaNode>): void {
  discriminate(defs);
  const ds = defs.DataSourceRef;
  if (ds) {
    // Legacy `"datasource": "Prometheus"` / `"${DS_PROMETHEUS}"` / null: Grafana resolves it by name on load.
    // `properties` only constrains objects, so one node covers all three forms without an anyOf.
    ds.type = ['object', 'string', 'null'];
  }
  for (const name of NULLABLE_DEFINITIONS) {
    const def = defs[name];
    if (def && def.type === 'object') def.type = ['object', 'null'];
  }
  for (const def of Object.values(defs)) {
    // Enum definitions are used only by optional properties once `required` is relaxed: null = unset.
    if (Array.isArray(def.enum) && typeof def.type === 'string') {
      def.type = [def.type, 'null'];
      def.enum = [...def.enum, null];
    }
  }
  for (const [defName, props] of Object.entries(REAL_WORLD_TYPES)) {
    const def = defs[defName];
    if (!def || !isObject(def.properties)) continue;
    for (const [prop, types] of Object.entries(props)) {
      const node = def.properties[prop];
      if (isObject(node)) node.type = types;
    }
  }
  const dash = defs.Dashboard;
  const panels = dash && isObject(dash.properties) ? dash.properties.panels : undefined;
  if (isObject(panels) && isObject(panels.items) && Array.isArray(panels.items.anyOf)) {
    panels.items = {
      if: { type: 'object', properties: { type: { const: 'row' } }, required: ['type'] },
      then: { $ref: '#/definitions/RowPanel' },
      else: { $ref: '#/definitions/Panel' },
    };
  }
}

function findExported(sf: ts.SourceFile, name: string): ts.Node | undefined {
  return sf.statements.find(
    (st) => (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name.text === name,
  );
}

interface Target {
  /** File name under generated/schema (without .json) and schema $id. */
  file: string;
  /** SDK kind folder. */
  kind: string;
  /** Exported type names; the first one is the root ($ref) when `root` is true. */
  types: string[];
  root: boolean;
}

function targets(dist: string, skipped: string[]): Target[] {
  const out: Target[] = [{ file: 'dashboard', kind: 'dashboard', types: ['Dashboard'], root: true }];
  for (const [kind, type] of Object.entries(QUERY_KINDS)) out.push({ file: kind, kind, types: [type], root: true });
  for (const kind of PANEL_KINDS) {
    const file = path.join(dist, kind, 'types.gen.d.ts');
    if (!fs.existsSync(file)) {
      skipped.push(kind);
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    const types = ['Options', 'FieldConfig'].filter((t) => new RegExp(`export (interface|type) ${t}\\b`).test(text));
    out.push({ file: kind, kind, types, root: false });
  }
  return out;
}

/** Generates every schema plus validators.js in memory (≈ 2 s: one TypeScript program for all kinds). */
export function generate(): GenerateResult {
  const dist = sdkDist();
  const skippedKinds: string[] = [];
  const list = targets(dist, skippedKinds);
  const rootFiles = [...new Set(list.map((t) => path.join(dist, t.kind, 'types.gen.d.ts')))];
  // `types: []` keeps jest's and node's ambient types out of the program (they break the generator).
  const program = ts.createProgram(rootFiles, {
    types: [],
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const config: CompletedConfig = { ...DEFAULT_CONFIG, jsDoc: 'basic', sortProps: true, skipTypeCheck: true, expose: 'export', topRef: true };
  const generator = new SchemaGenerator(program, createParser(program, config), createFormatter(config), config);

  const schemas: { file: string; schema: SchemaNode; exports: Record<string, string> }[] = [];
  for (const t of list) {
    const sf = program.getSourceFile(path.join(dist, t.kind, 'types.gen.d.ts'));
    if (!sf) throw new Error(`SDK source file for ${t.kind} not in program`);
    const nodes = t.types.map((name) => {
      const node = findExported(sf, name);
      if (!node) throw new Error(`SDK ${t.kind} exports no type ${name}`);
      return node;
    });
    const raw = generator.createSchemaFromNodes(nodes) as unknown as SchemaNode;
    const defs = (raw.definitions ?? {}) as Record<string, SchemaNode>;
    for (const [name, def] of Object.entries(defs)) relax(def, name);
    patchDefinitions(defs);
    const schema: SchemaNode = {
      $id: `${t.file}.json`,
      $schema: 'http://json-schema.org/draft-07/schema#',
      $comment: `Generated by scripts/generate-schema.ts from @grafana/grafana-foundation-sdk ${sdkVersion()} (${t.kind}/types.gen.d.ts). Do not edit.`,
      definitions: defs,
    };
    if (t.root) schema.$ref = `#/definitions/${t.types[0]}`;
    const exports: Record<string, string> = {};
    if (t.root) exports[t.file] = `${t.file}.json`;
    else for (const type of t.types) exports[`${t.file}_${type}`] = `${t.file}.json#/definitions/${type}`;
    if (t.file === 'dashboard') exports.dashboard_Panel = 'dashboard.json#/definitions/Panel';
    schemas.push({ file: t.file, schema, exports });
  }

  const files: GeneratedFile[] = schemas.map((s) => ({ name: `${s.file}.json`, content: stableStringify(s.schema) }));
  const schemaVersion = sdkSchemaVersion();
  const meta = {
    sdkVersion: sdkVersion(),
    schemaVersion,
    // ajv reports a referenced enum's schemaPath as `#/enum`, so the runtime recognises these by their values.
    errorEnums: errorEnumValues(schemas[0]?.schema),
    // Grafana panel plugin id → validator names (`<kind>_Options`, `<kind>_FieldConfig`).
    panels: Object.fromEntries(
      list.filter((t) => !t.root).map((t) => [panelPluginId(t.kind), Object.fromEntries(t.types.map((type) => [type, `${t.file}_${type}`]))]),
    ),
    queries: Object.keys(QUERY_KINDS),
  };
  files.push({ name: 'validators.js', content: compileStandalone(files, schemas.map((s) => s.exports), meta) });
  return { files, skippedKinds, sdkVersion: meta.sdkVersion, schemaVersion };
}

function errorEnumValues(dashboard: SchemaNode | undefined): Record<string, Json[]> {
  const defs = (dashboard?.definitions ?? {}) as Record<string, SchemaNode>;
  return Object.fromEntries(
    ERROR_ENUMS.map((name) => {
      const values = defs[name]?.enum;
      if (!Array.isArray(values)) throw new Error(`ERROR_ENUMS: the dashboard schema has no enum definition ${name}`);
      return [name, values];
    }),
  );
}

function compileStandalone(files: GeneratedFile[], exportLists: Record<string, string>[], meta: object): string {
  // allErrors: report every location, not only the first; messages: false: the runtime writes its own messages,
  // which keeps validators.js small.
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, messages: false, code: { source: true, optimize: true } });
  // Re-parse the written text so the compiled code is exactly what the committed JSON says.
  for (const f of files) ajv.addSchema(JSON.parse(f.content) as object);
  const mapping: Record<string, string> = {};
  for (const list of exportLists) Object.assign(mapping, list);
  const code = standaloneCode(ajv, mapping);
  const header = `// Generated by scripts/generate-schema.ts (ajv standalone code of generated/schema/*.json). Do not edit.\n`;
  return `${header}${code}\nexports.meta = ${JSON.stringify(meta)};\n`;
}

/** Files in SCHEMA_DIR that differ from a fresh generation (missing, changed or extra). */
export function staleFiles(result: GenerateResult, dir = SCHEMA_DIR): string[] {
  const stale: string[] = [];
  const expected = new Set(result.files.map((f) => f.name));
  for (const f of result.files) {
    const file = path.join(dir, f.name);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== f.content) stale.push(f.name);
  }
  if (fs.existsSync(dir)) for (const name of fs.readdirSync(dir)) if (!expected.has(name)) stale.push(name);
  return stale.sort();
}

/** Replaces the stale files as one set (temp file + rename, all or nothing), as the dashboard build does. */
export function writeFiles(result: GenerateResult, dir = SCHEMA_DIR): { written: string[]; removed: string[] } {
  const expected = new Map(result.files.map((f) => [f.name, f.content]));
  const stale = staleFiles(result, dir);
  const written = stale.filter((name) => expected.has(name));
  const removed = stale.filter((name) => !expected.has(name));
  replaceFileSet({
    writes: new Map(written.map((name) => [path.join(dir, name), expected.get(name)!])),
    removals: removed.map((name) => path.join(dir, name)),
    display: (file) => path.relative(PROJECT_ROOT, file),
  });
  syncDirectory(dir);
  return { written, removed };
}
