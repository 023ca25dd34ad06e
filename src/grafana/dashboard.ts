/**
 * Walking a Grafana dashboard JSON: panels (rows' nested panels and the legacy top-level `rows`
 * layout included), their targets and the template variables, each with its RFC 6901 pointer.
 * The build, the validator and the preview all read dashboards through these.
 */
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface PanelRef {
  panel: Json;
  pointer: string;
  /** The row panel whose `panels` list holds this one (a collapsed row). */
  row?: PanelRef;
  /** From the legacy top-level `rows` array (schemaVersion < 16), laid out by Grafana itself. */
  legacyRow: boolean;
}

export interface TargetRef {
  target: Json;
  pointer: string;
  panel: PanelRef;
}

export interface VariableRef {
  def: Json;
  name: string;
  pointer: string;
}

/** Every panel in document order: a row, then the panels it holds; legacy rows' panels last. */
export function panelsOf(root: Json): PanelRef[] {
  const out: PanelRef[] = [];
  const add = (p: unknown, pointer: string, row: PanelRef | undefined, legacyRow: boolean): void => {
    if (!isObject(p)) return;
    const ref: PanelRef = { panel: p, pointer, legacyRow, ...(row ? { row } : {}) };
    out.push(ref);
    // Grafana rows hold panels but not rows: one level only.
    if (p['type'] === 'row' && !row) asArray(p['panels']).forEach((c, j) => add(c, `${pointer}/panels/${j}`, ref, legacyRow));
  };
  asArray(root['panels']).forEach((p, i) => add(p, `/panels/${i}`, undefined, false));
  asArray(root['rows']).forEach((r, i) => {
    if (isObject(r)) asArray(r['panels']).forEach((p, j) => add(p, `/rows/${i}/panels/${j}`, undefined, true));
  });
  return out;
}

/** The targets (queries) of a panel that are objects. */
export function targetsOf(panel: PanelRef): TargetRef[] {
  const out: TargetRef[] = [];
  asArray(panel.panel['targets']).forEach((t, k) => {
    if (isObject(t)) out.push({ target: t, pointer: `${panel.pointer}/targets/${k}`, panel });
  });
  return out;
}

/** Template variables (`templating.list`) that have a name. */
export function variablesOf(root: Json): VariableRef[] {
  const list = isObject(root['templating']) ? asArray(root['templating']['list']) : [];
  const out: VariableRef[] = [];
  list.forEach((v, i) => {
    if (isObject(v) && typeof v['name'] === 'string') out.push({ def: v, name: v['name'], pointer: `/templating/list/${i}` });
  });
  return out;
}
