/**
 * A read-only view of one dashboard that every rule shares: panels (nested rows and legacy
 * top-level rows included) with their pointers, targets with their resolved datasource and
 * query language, template variables, and lazily parsed queries.
 */
import { layOut, type GridItem } from '../grafana/grid';
import { asArray, asString, isObject, panelsOf, targetsOf, variablesOf, type Json, type PanelRef } from '../grafana/dashboard';
import { logPipelines, type LogPipeline } from './query/logql';
import { parseQuery, type ParsedQuery, type QueryLanguage } from './query/parsers';
import { promSelectors, type PromSelector } from './query/promql';
import { findVariableRefs, substituteVariables } from '../grafana/variables';
import { parseVariableQuery, type Span, type VariableQuery } from '../grafana/variable-query';
import { listedValues, type DashboardVariable } from '../grafana/interpolate';
import { listedVariable, valueTrials, type ListedVariable, type ValueTrials } from './query/values';
import type { ProvisionedDatasource } from './types';

export { asArray, asString, isObject, type Json } from '../grafana/dashboard';

export interface PanelInfo {
  panel: Json;
  pointer: string;
  title?: string;
  id?: number;
  type?: string;
  /** Row panel (new layout) that holds this panel while collapsed. */
  row?: PanelInfo;
  /** From the legacy top-level `rows` array (schemaVersion < 16). */
  legacyRow: boolean;
}

export interface ResolvedDatasource {
  /** Pointer of the datasource reference used (target, panel), or '' for the dashboard default. */
  pointer: string;
  kind: 'default' | 'variable' | 'uid' | 'name' | 'builtin' | 'mixed';
  /** Plugin type, when known. */
  type?: string;
  uid?: string;
  variable?: string;
}

export interface TargetInfo {
  target: Json;
  pointer: string;
  panel: PanelInfo;
  refId?: string;
  datasource: ResolvedDatasource;
  /** Query language when the datasource is Prometheus or Loki, 'guess' when the type is unknown. */
  lang?: QueryLanguage | 'guess';
  expr?: string;
  /** Set when the datasource (a variable) selects one language but the query is only valid in the other. */
  otherLanguage?: QueryLanguage;
}

export interface VariableInfo {
  name: string;
  type?: string;
  pointer: string;
  def: Json;
  /** For datasource variables: the plugin type they select. */
  pluginType?: string;
}

/** One independently laid-out set of panels: the top level, or a collapsed row's panels. */
export interface LayoutGroup {
  row?: PanelInfo;
  items: GridItem<PanelInfo>[];
}

/**
 * A query that parsed in a language, with the pointer of its expression string: a panel target's, or
 * the expression inside a template variable's query (offsets still index the whole string there).
 */
export interface QueryTarget {
  /** The panel target; absent for a variable's query. */
  target?: TargetInfo;
  /** The template variable query it is embedded in. */
  variable?: VariableQueryUse;
  q: ParsedQuery;
  exprPointer: string;
  /** The datasource type is unknown: parsed as PromQL (or LogQL) by guess. */
  guessed: boolean;
}

/** The query of a Prometheus or Loki query variable, read with Grafana's grammar (src/grafana/variable-query.ts). */
export interface VariableQueryUse {
  variable: VariableInfo;
  /** Pointer of the query string: `/templating/list/N/query`, or `…/query/query` (`…/query/stream` for Loki) in the object form. */
  pointer: string;
  text: string;
  lang: QueryLanguage;
  guessed: boolean;
  /** The query as Grafana reads it; absent for Loki's object form, whose fields say what it is. */
  parsed?: VariableQuery;
  /** For label_values: the label whose values it lists (absent when a variable names it). */
  label?: { name: string; pointer: string; offset?: number };
  /** The PromQL/LogQL it embeds (label_values selector, series selector, query_result expression), parsed. */
  query?: QueryTarget;
  /** The embedded text must be a single series selector (label_values, series queries: Prometheus' match[]). */
  selectorOnly: boolean;
}

/** One selector of one PromQL query: what most catalogue and live rules judge. */
export interface SelectorUse extends QueryTarget {
  sel: PromSelector;
}

/** One stream selector with its pipeline, of one LogQL query. */
export interface PipelineUse extends QueryTarget {
  pipe: LogPipeline;
}

/** Datasource uids/names Grafana resolves by itself. */
export const BUILTIN_DATASOURCES = new Set(['grafana', '-- Grafana --', '-- Mixed --', '-- Dashboard --', 'dashboard']);
const MIXED = new Set(['-- Mixed --', 'mixed']);

export class DashboardModel {
  readonly panels: PanelInfo[] = [];
  readonly targets: TargetInfo[] = [];
  readonly variables = new Map<string, VariableInfo>();
  /** `__inputs` of dashboards exported for sharing: `${DS_X}` placeholders filled on import. */
  readonly inputs = new Map<string, { type?: string; pluginId?: string }>();
  private readonly parsed = new Map<TargetInfo, ParsedQuery | null>();

  constructor(
    readonly root: Json,
    readonly provisioned?: readonly ProvisionedDatasource[],
  ) {
    for (const input of asArray(root['__inputs'])) {
      if (!isObject(input) || typeof input['name'] !== 'string') continue;
      this.inputs.set(input['name'], { type: asString(input['type']), pluginId: asString(input['pluginId']) });
    }
    for (const { def: v, name, pointer } of variablesOf(root)) {
      const type = asString(v['type']);
      const info: VariableInfo = { name, pointer, def: v, ...(type ? { type } : {}) };
      if (type === 'datasource') {
        const q = asString(v['query']) ?? (isObject(v['query']) ? asString(v['query']['query']) : undefined);
        if (q) info.pluginType = q;
      }
      this.variables.set(info.name, info);
    }
    const infos = new Map<PanelRef, PanelInfo>();
    for (const ref of panelsOf(root)) {
      const info = this.addPanel(ref, ref.row && infos.get(ref.row));
      infos.set(ref, info);
    }
  }

  private addPanel(ref: PanelRef, row: PanelInfo | undefined): PanelInfo {
    const p = ref.panel;
    const info: PanelInfo = { panel: p, pointer: ref.pointer, legacyRow: ref.legacyRow };
    if (typeof p['title'] === 'string') info.title = p['title'];
    if (typeof p['id'] === 'number') info.id = p['id'];
    if (typeof p['type'] === 'string') info.type = p['type'];
    if (row) info.row = row;
    this.panels.push(info);
    if (info.type === 'row') return info;
    for (const { target: t, pointer } of targetsOf(ref)) {
      const datasource = this.resolveTarget(t, pointer, info);
      const target: TargetInfo = { target: t, pointer, panel: info, datasource };
      if (typeof t['refId'] === 'string') target.refId = t['refId'];
      if (typeof t['expr'] === 'string') target.expr = t['expr'];
      const lang = languageOf(datasource.type);
      if (lang) target.lang = lang;
      else if (datasource.type === undefined && target.expr !== undefined) target.lang = 'guess';
      this.targets.push(target);
    }
    return info;
  }

  private resolveTarget(t: Json, pointer: string, panel: PanelInfo): ResolvedDatasource {
    const own = t['datasource'];
    if (own !== undefined && own !== null) {
      const r = this.resolveRef(own, `${pointer}/datasource`);
      if (r.kind !== 'mixed') return r;
    }
    const fromPanel = panel.panel['datasource'];
    if (fromPanel !== undefined && fromPanel !== null) {
      const r = this.resolveRef(fromPanel, `${panel.pointer}/datasource`);
      if (r.kind !== 'mixed') return r;
    }
    return this.defaultDatasource();
  }

  defaultDatasource(): ResolvedDatasource {
    const def = this.provisioned?.find((d) => d.isDefault === true);
    return { pointer: '', kind: 'default', ...(def ? { type: def.type, uid: def.uid } : {}) };
  }

  /** Resolves a datasource reference: legacy string (name or variable) or {type, uid}. */
  resolveRef(ref: unknown, pointer: string): ResolvedDatasource {
    let uid: string | undefined;
    let type: string | undefined;
    let byName = false;
    if (typeof ref === 'string') {
      uid = ref;
      byName = true;
    } else if (isObject(ref)) {
      uid = asString(ref['uid']);
      type = asString(ref['type']);
      if (type === 'datasource' && uid !== undefined && !BUILTIN_DATASOURCES.has(uid)) type = undefined;
    }
    if (uid === undefined || uid === '') return { pointer, kind: 'default', ...(type ? { type } : {}) };
    if (MIXED.has(uid)) return { pointer, kind: 'mixed', type: 'datasource', uid };
    if (BUILTIN_DATASOURCES.has(uid)) return { pointer, kind: 'builtin', type: type ?? 'datasource', uid };
    const refs = findVariableRefs(uid);
    if (refs.length === 1 && refs[0]!.from === 0 && refs[0]!.to === uid.length) {
      const name = refs[0]!.name;
      const variable = this.variables.get(name);
      const input = this.inputs.get(name);
      const varType = variable?.pluginType ?? input?.pluginId;
      const t = type ?? varType;
      return { pointer, kind: 'variable', variable: name, uid, ...(t ? { type: t } : {}) };
    }
    if (byName) {
      const found = this.provisioned?.find((d) => d.name === uid || d.uid === uid);
      return { pointer, kind: 'name', uid, ...(found ? { type: found.type } : {}) };
    }
    const found = type ? undefined : this.provisioned?.find((d) => d.uid === uid);
    const t = type ?? found?.type;
    return { pointer, kind: 'uid', uid, ...(t ? { type: t } : {}) };
  }

  /** The parsed query of a Prometheus/Loki target (cached; null when it has none). */
  query(t: TargetInfo): ParsedQuery | null {
    if (this.parsed.has(t)) return this.parsed.get(t)!;
    let q: ParsedQuery | null = null;
    if (t.expr !== undefined && t.expr.trim() !== '' && t.lang) {
      if (t.lang === 'guess') {
        // Type unknown (default datasource of an old dashboard): PromQL unless only LogQL parses it.
        q = parseQuery('promql', t.expr, this.valueOf);
        if (q.errors.length > 0) {
          const l = parseQuery('logql', t.expr, this.valueOf);
          if (l.errors.length === 0) q = l;
        }
      } else {
        q = parseQuery(t.lang, t.expr, this.valueOf);
        if (q.errors.length > 0 && t.datasource.kind === 'variable') {
          // `${prometheus_ds}` on a LogQL query: the variable of the wrong type, not a syntax error.
          const other: QueryLanguage = t.lang === 'promql' ? 'logql' : 'promql';
          if (parseQuery(other, t.expr, this.valueOf).errors.length === 0) t.otherLanguage = other;
        }
      }
    }
    this.parsed.set(t, q);
    return q;
  }

  /**
   * The value a variable takes when Grafana sends a query, where the dashboard says it: the current
   * value of a custom, constant, textbox or interval variable (else its first option). Query variables
   * get their values from a datasource, so they have none here.
   */
  readonly valueOf = (name: string): string | undefined => {
    if (!this.values) {
      this.values = new Map();
      for (const v of this.variables.values()) {
        const value = staticValue(v);
        if (value !== undefined) this.values.set(v.name, value);
      }
    }
    return this.values.get(name);
  };
  private values: Map<string, string> | undefined;

  /**
   * The query parsed once per value its custom, interval, constant and textbox variables can take
   * (src/validate/query/values.ts); undefined when it references none.
   */
  valueTrials(qt: QueryTarget): ValueTrials | undefined {
    if (this.trials.has(qt)) return this.trials.get(qt);
    const found = qt.q.refs.length === 0 ? undefined : valueTrials(qt.q, this.listedOf, this.valueOf);
    this.trials.set(qt, found);
    return found;
  }
  private readonly trials = new Map<QueryTarget, ValueTrials | undefined>();

  /** A variable's values as the dashboard lists them (computed once per variable: lists can be long). */
  readonly listedOf = (name: string): ListedVariable | undefined => {
    let found = this.listed.get(name);
    if (found === undefined && !this.listed.has(name)) {
      const v = this.variables.get(name);
      found = v && listedVariable(asVariable(v), this.valueOf(name));
      this.listed.set(name, found);
    }
    return found;
  };
  private readonly listed = new Map<string, ListedVariable | undefined>();

  /** Every query that parsed in the given language, panel targets then variable queries (computed once per dashboard). */
  queries(lang: QueryLanguage): readonly QueryTarget[] {
    let list = this.byLanguage.get(lang);
    if (!list) {
      list = [];
      for (const t of this.targets) {
        const q = this.query(t);
        if (q && q.lang === lang) list.push({ target: t, q, exprPointer: `${t.pointer}/expr`, guessed: t.lang === 'guess' });
      }
      for (const v of this.variableQueries()) if (v.query && v.query.q.lang === lang) list.push(v.query);
      this.byLanguage.set(lang, list);
    }
    return list;
  }
  private readonly byLanguage = new Map<QueryLanguage, QueryTarget[]>();

  /** The queries of query variables on a Prometheus or Loki datasource (or of unknown type, in the function form). */
  variableQueries(): readonly VariableQueryUse[] {
    if (this.variableUses) return this.variableUses;
    this.variableUses = [];
    for (const v of this.variables.values()) {
      if (v.type !== 'query') continue;
      const ref = v.def['datasource'];
      const type = ref === undefined || ref === null ? this.defaultDatasource().type : this.resolveRef(ref, `${v.pointer}/datasource`).type;
      const lang = type === undefined ? 'guess' : languageOf(type);
      if (!lang) continue;
      const use = this.variableQuery(v, lang === 'guess' ? 'promql' : lang, lang === 'guess');
      if (use) this.variableUses.push(use);
    }
    return this.variableUses;
  }
  private variableUses: VariableQueryUse[] | undefined;

  private variableQuery(v: VariableInfo, lang: QueryLanguage, guessed: boolean): VariableQueryUse | undefined {
    const q = v.def['query'];
    if (isObject(q) && lang === 'logql' && typeof q['query'] !== 'string') {
      // Loki's object form: { type, label, stream }.
      const stream = asString(q['stream']);
      const label = asString(q['label']);
      const use: VariableQueryUse = { variable: v, pointer: `${v.pointer}/query/stream`, text: stream ?? '', lang, guessed, selectorOnly: true };
      if (label && findVariableRefs(label).length === 0) use.label = { name: label, pointer: `${v.pointer}/query/label` };
      if (stream && stream.trim() !== '') use.query = this.embedded(use, { from: 0, to: stream.length });
      return use;
    }
    const text = typeof q === 'string' ? q : isObject(q) ? asString(q['query']) : undefined;
    if (text === undefined || text.trim() === '') return undefined;
    const pointer = typeof q === 'string' ? `${v.pointer}/query` : `${v.pointer}/query/query`;
    // Same-length placeholders stand for variables: `$label` reads as a label name, offsets stay put.
    const parsed = parseVariableQuery(substituteVariables(text).text, lang === 'logql' ? 'loki' : 'prometheus');
    // Of unknown type only the function forms are surely Prometheus (or Loki) queries.
    if (guessed && (parsed.kind === 'series' && !parsed.call)) return undefined;
    const use: VariableQueryUse = { variable: v, pointer, text, lang, guessed, parsed, selectorOnly: parsed.kind === 'label_values' || parsed.kind === 'series' };
    if (parsed.kind === 'label_values' && findVariableRefs(text.slice(parsed.label.from, parsed.label.to)).length === 0) {
      use.label = { name: text.slice(parsed.label.from, parsed.label.to), pointer, offset: parsed.label.from };
    }
    const span = parsed.kind === 'label_values' ? parsed.selector : parsed.kind === 'query_result' ? parsed.expr : parsed.kind === 'series' && !parsed.call ? parsed.selector : undefined;
    if (span) use.query = this.embedded(use, span);
    return use;
  }

  /** Parses the span of a variable query as PromQL/LogQL, the rest blanked so offsets index the whole string. */
  private embedded(use: VariableQueryUse, span: Span): QueryTarget {
    const t = use.text;
    const blanked = ' '.repeat(span.from) + t.slice(span.from, span.to) + ' '.repeat(t.length - span.to);
    return { variable: use, q: parseQuery(use.lang, blanked, this.valueOf), exprPointer: use.pointer, guessed: use.guessed };
  }

  /** Every selector of every PromQL query, in document order. */
  selectors(): readonly SelectorUse[] {
    this.selectorUses ??= this.queries('promql').flatMap((qt) => promSelectors(qt.q).map((sel) => ({ ...qt, sel })));
    return this.selectorUses;
  }
  private selectorUses: SelectorUse[] | undefined;

  /** Every stream selector and its pipeline of every LogQL query, in document order. */
  pipelines(): readonly PipelineUse[] {
    this.pipelineUses ??= this.queries('logql').flatMap((qt) => logPipelines(qt.q).map((pipe) => ({ ...qt, pipe })));
    return this.pipelineUses;
  }
  private pipelineUses: PipelineUse[] | undefined;

  /**
   * The grid as Grafana renders it (src/grafana/grid.ts): the top level, then each collapsed row's
   * panels as laid out on expand. Legacy `rows` layouts are not here: Grafana computes their positions.
   */
  layout(): readonly LayoutGroup[] {
    if (!this.groups) {
      const members = new Map<PanelInfo | undefined, PanelInfo[]>();
      for (const p of this.panels) {
        if (p.legacyRow || (p.row && p.row.panel['collapsed'] !== true)) continue;
        const list = members.get(p.row) ?? [];
        list.push(p);
        members.set(p.row, list);
      }
      this.groups = [...members].map(([row, panels]) => ({ ...(row ? { row } : {}), items: layOut(panels.map((p) => ({ key: p, panel: p.panel }))) }));
    }
    return this.groups;
  }
  private groups: LayoutGroup[] | undefined;

  /** Panel containing a pointer (innermost), for finding titles: the longest prefix that is a panel's pointer. */
  panelAt(pointer: string): PanelInfo | undefined {
    if (!this.byPointer) {
      this.byPointer = new Map();
      for (const p of this.panels) this.byPointer.set(p.pointer, p);
    }
    for (let end = pointer.length; end > 0; end = pointer.lastIndexOf('/', end - 1)) {
      const p = this.byPointer.get(end === pointer.length ? pointer : pointer.slice(0, end));
      if (p) return p;
    }
    return undefined;
  }
  private byPointer: Map<string, PanelInfo> | undefined;
}

export function languageOf(type: string | undefined): QueryLanguage | undefined {
  if (type === 'prometheus') return 'promql';
  if (type === 'loki') return 'logql';
  return undefined;
}

const STATIC_TYPES = new Set(['custom', 'constant', 'textbox', 'interval']);

function staticValue(v: VariableInfo): string | undefined {
  if (!v.type || !STATIC_TYPES.has(v.type)) return undefined;
  const current = isObject(v.def['current']) ? v.def['current']['value'] : undefined;
  const one = Array.isArray(current) ? (current.length === 1 ? current[0] : undefined) : current;
  if (typeof one === 'string' && one !== '' && !one.startsWith('$__')) return one;
  return listedValues(asVariable(v))?.[0];
}

/** The variable as the interpolation grammar reads it (its JSON, named). */
function asVariable(v: VariableInfo): DashboardVariable {
  return { ...(v.def as Partial<DashboardVariable>), name: v.name, type: v.type ?? '' };
}
