import { isObject, type ResolvedDatasource } from '../../model';
import type { RawFinding, Rule, RuleContext } from '../../types';
import { list } from '../util';

export const rule: Rule = {
  id: 'dashboard/datasource',
  severity: 'error',
  doc: 'Every datasource reference resolves: to a datasource variable (of the type its query needs) or __inputs entry, or (with --datasources) to a provisioned uid of the same type.',
  check(ctx) {
    const out: RawFinding[] = [];
    const seen = new Set<string>();
    const check = (r: ResolvedDatasource): void => {
      if (r.pointer === '' || seen.has(r.pointer)) return;
      seen.add(r.pointer);
      const problem = problemOf(ctx, r);
      if (problem) out.push({ pointer: r.pointer, message: problem });
    };
    for (const p of ctx.model.panels) {
      const ref = p.panel['datasource'];
      if (ref !== undefined && ref !== null) check(ctx.model.resolveRef(ref, `${p.pointer}/datasource`));
    }
    for (const t of ctx.model.targets) {
      if (t.otherLanguage && !seen.has(t.datasource.pointer)) {
        seen.add(t.datasource.pointer);
        const lang = t.otherLanguage === 'logql' ? 'LogQL' : 'PromQL';
        const wrong = t.datasource.type;
        out.push({ pointer: t.datasource.pointer || t.pointer, message: `the query is ${lang}, but datasource variable "${t.datasource.variable}" selects ${wrong} datasources: the query is sent to ${wrong} and fails` });
        continue;
      }
      check(t.datasource);
    }
    for (const v of ctx.model.variables.values()) {
      const ref = v.def['datasource'];
      if (ref !== undefined && ref !== null && v.type !== 'datasource') check(ctx.model.resolveRef(ref, `${v.pointer}/datasource`));
    }
    for (const [i, a] of (Array.isArray((ctx.model.root['annotations'] as { list?: unknown })?.['list']) ? ((ctx.model.root['annotations'] as { list: unknown[] }).list) : []).entries()) {
      if (isObject(a) && a['datasource'] !== undefined && a['datasource'] !== null) check(ctx.model.resolveRef(a['datasource'], `/annotations/list/${i}/datasource`));
    }
    return out;
  },
};

function problemOf(ctx: RuleContext, r: ResolvedDatasource): string | undefined {
  const provisioned = ctx.options.datasources;
  if (r.kind === 'variable') {
    const v = ctx.model.variables.get(r.variable!);
    if (!v && !ctx.model.inputs.has(r.variable!)) return `datasource "${r.uid}" refers to variable "${r.variable}", which is not defined in templating or __inputs`;
    if (v && v.type === 'datasource' && provisioned && v.pluginType && !provisioned.some((d) => d.type === v.pluginType)) {
      return `datasource variable "${r.variable}" selects ${v.pluginType} datasources, but none is provisioned (provisioned: ${list(provisioned.map((d) => `${d.uid ?? d.name} (${d.type})`))})`;
    }
    return undefined;
  }
  if ((r.kind === 'uid' || r.kind === 'name') && provisioned) {
    const found = provisioned.find((d) => d.uid === r.uid || (r.kind === 'name' && d.name === r.uid));
    if (!found) return `datasource ${r.kind} "${r.uid}" is not provisioned (provisioned: ${list(provisioned.map((d) => d.uid ?? d.name))})`;
    if (r.type && r.type !== found.type) return `datasource "${r.uid}" is declared as type "${r.type}" but the provisioned one is "${found.type}"`;
  }
  return undefined;
}
