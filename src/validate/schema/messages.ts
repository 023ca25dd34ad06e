/**
 * Turns ajv's raw error objects into one human message per location: `expected number, got string`,
 * `must be one of: list, table, hidden (got "tabel")`, `missing required property "title"`.
 */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export interface Described {
  pointer: string;
  message: string;
  severity: 'error' | 'warning';
}

/** JSON type name of a value, as a reader of the dashboard would say it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Value at an RFC 6901 pointer (ajv's instancePath), or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function list(values: unknown): string[] {
  if (Array.isArray(values)) return values.map(String);
  return typeof values === 'string' ? values.split(',') : [String(values)];
}

/** An enum error is an error when its allowed values are those of one of the error enums (see src/build/schema/generate.ts). */
function isErrorEnum(allowed: unknown[], errorEnums: Record<string, unknown[]>): boolean {
  const key = JSON.stringify(allowed);
  return Object.values(errorEnums).some((values) => JSON.stringify(values) === key);
}

function describeOne(e: AjvError, data: unknown, errorEnums: Record<string, unknown[]>): Described | undefined {
  const value = valueAt(data, e.instancePath);
  switch (e.keyword) {
    case 'type': {
      // null is accepted for unset optional values by policy; naming it in every message is noise.
      const expected = list(e.params.type).filter((t) => t !== 'null');
      const got = jsonType(value);
      if (typeof value === 'string' && expected.includes('number') && NUMERIC.test(value.trim())) {
        return { pointer: e.instancePath, message: `expected number, got numeric string ${show(value)} (Grafana coerces it; write a number)`, severity: 'warning' };
      }
      if (value === '' && expected.includes('number')) {
        // Old query-options editors saved a cleared number field as "": falsy, so Grafana uses its default.
        return { pointer: e.instancePath, message: 'expected number, got empty string (Grafana treats it as unset; remove it)', severity: 'warning' };
      }
      return { pointer: e.instancePath, message: `expected ${expected.join(' or ')}, got ${got === 'integer' ? 'number' : got}`, severity: 'error' };
    }
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? (e.params.allowedValues as unknown[]) : [e.params.allowedValue];
      const shown = allowed.filter((a) => a !== null).map((a) => (typeof a === 'string' ? a : show(a)));
      return {
        pointer: e.instancePath,
        message: `must be one of: ${shown.join(', ')} (got ${show(value)})`,
        severity: isErrorEnum(allowed, errorEnums) ? 'error' : 'warning',
      };
    }
    case 'required':
      return { pointer: e.instancePath, message: `missing required property "${String(e.params.missingProperty)}"`, severity: 'error' };
    case 'if':
      return undefined; // the failing then/else branch already reported the real problem
    default:
      return { pointer: e.instancePath, message: `fails the "${e.keyword}" check of the Grafana model`, severity: 'error' };
  }
}

/**
 * One finding per location and message. An anyOf/oneOf (the generator removes almost all of them) is reported
 * once at its location instead of once per failed branch: its branch errors precede it and lie under its path.
 */
export function describeErrors(errors: AjvError[], data: unknown, errorEnums: Record<string, unknown[]>): Described[] {
  const kept: AjvError[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      while (kept.length && isUnder((kept[kept.length - 1] as AjvError).instancePath, e.instancePath)) kept.pop();
    }
    kept.push(e);
  }
  // A wrong type already says it all; the enum of the same location would only repeat it.
  const typeErrors = new Set(kept.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: Described[] = [];
  for (const e of kept) {
    if ((e.keyword === 'enum' || e.keyword === 'const') && typeErrors.has(e.instancePath)) continue;
    const d =
      e.keyword === 'anyOf' || e.keyword === 'oneOf'
        ? { pointer: e.instancePath, message: `does not match any allowed shape (got ${jsonType(valueAt(data, e.instancePath))})`, severity: 'error' as const }
        : describeOne(e, data, errorEnums);
    if (!d) continue;
    const key = `${d.pointer}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function isUnder(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(`${base}/`);
}
