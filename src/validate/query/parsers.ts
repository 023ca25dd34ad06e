/**
 * Lazily loaded query parsers with a per-expression cache. Loading both lezer grammars costs
 * tens of milliseconds, so a run without queries of a language never loads it; dashboards
 * repeat the same expressions (per-panel copies, repeated rows), so trees are cached by text.
 */
import type { LRParser } from '@lezer/lr';
import type { SyntaxNode, Tree, TreeBuffer } from '@lezer/common';
import { findVariableRefs, substituteVariables, type ValueOf, type VariableRef } from '../../grafana/variables';

export type QueryLanguage = 'promql' | 'logql';

export interface ParseError {
  /** 0-based offset in the expression. */
  offset: number;
  message: string;
}

export interface ParsedQuery {
  lang: QueryLanguage;
  original: string;
  /** Same length as `original`, variables replaced by placeholders. */
  text: string;
  refs: VariableRef[];
  tree: Tree;
  errors: ParseError[];
  /** Set when the expression is past what the grammar parses reliably (see tooComplex). */
  tooComplex?: { offset: number; reason: string };
}

/**
 * Limits of the lezer grammars: past about 500 chained binary operators (or a few thousand nested
 * parentheses) they report valid PromQL as a syntax error. No real dashboard comes near (the
 * corpus peaks at a few dozen), so past these the query is reported as too complex to check
 * instead of being misjudged.
 */
export const MAX_BINARY_OPERATORS = 400;
export const MAX_NESTING = 1000;

const OPERATOR = /==|!=(?!~)|<=|>=|[-+*/%^<>]|\b(?:and|or|unless)\b/y;
const OPERATOR_START = new Set('=!<>-+*/%^aou');

/** One linear pass: the offset where a limit is first passed, skipping string literals. */
export function tooComplex(text: string): { offset: number; reason: string } | undefined {
  let operators = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\' && c !== '`') i++;
      continue;
    }
    if (c === '(') {
      if (++depth > MAX_NESTING) return { offset: i, reason: `nested more than ${MAX_NESTING} parentheses deep` };
      continue;
    }
    if (c === ')') {
      depth--;
      continue;
    }
    // Only these characters can start an operator: no regex run at every other one.
    if (!OPERATOR_START.has(c)) continue;
    OPERATOR.lastIndex = i;
    const m = OPERATOR.exec(text);
    if (m && (m[0].length > 1 || !/[a-z]/i.test(m[0]))) {
      if (++operators > MAX_BINARY_OPERATORS) return { offset: i, reason: `more than ${MAX_BINARY_OPERATORS} operators` };
      i += m[0].length - 1;
    }
  }
  return undefined;
}

let promParser: LRParser | undefined;
let logParser: LRParser | undefined;

function parserFor(lang: QueryLanguage): LRParser {
  if (lang === 'promql') {
    // Loaded on first use only (see file comment); the package is CommonJS-compatible via its `require` export.
    promParser ??= (require('@prometheus-io/lezer-promql') as { parser: LRParser }).parser;
    return promParser;
  }
  logParser ??= (require('@grafana/lezer-logql') as { parser: LRParser }).parser;
  return logParser;
}

const CACHE_LIMIT = 10_000;
/** One cache per language, keyed by the expression itself (no key string to build per lookup). */
const caches: Record<QueryLanguage, Map<string, ParsedQuery>> = { promql: new Map(), logql: new Map() };

/**
 * Parses an expression after substitution; `valueOf` gives the values of the dashboard's variables
 * (the same expression may parse differently in two dashboards, so they are part of the cache key).
 */
export function parseQuery(lang: QueryLanguage, original: string, valueOf?: ValueOf): ParsedQuery {
  const cache = caches[lang];
  let key = original;
  if (valueOf) for (const r of findVariableRefs(original)) key += `\u0000${valueOf(r.name) ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { text, refs } = substituteVariables(original, valueOf);
  const tree = parserFor(lang).parse(text);
  const complex = tooComplex(text);
  const parsed: ParsedQuery = { lang, original, text, refs, tree, errors: collectErrors(tree, text), ...(complex ? { tooComplex: complex } : {}) };
  // Bounded so a run over thousands of dashboards keeps flat memory.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed);
  rememberErrors(lang, text, parsed.errors);
  return parsed;
}

/** Parse errors by substituted text: a substitution by value often gives the text already parsed. */
const errorCaches: Record<QueryLanguage, Map<string, ParseError[]>> = { promql: new Map(), logql: new Map() };

function rememberErrors(lang: QueryLanguage, text: string, errors: ParseError[]): void {
  const cache = errorCaches[lang];
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, errors);
}

/** The parse errors of an already substituted text (offsets in that text), cached by text. */
export function parseErrors(lang: QueryLanguage, text: string): readonly ParseError[] {
  let errors = errorCaches[lang].get(text);
  if (errors === undefined) {
    errors = collectErrors(parserFor(lang).parse(text), text);
    rememberErrors(lang, text, errors);
  }
  return errors;
}

/**
 * Whether any node of the tree is an error node, read straight from the tree's buffers (type ids
 * in quads) instead of visiting a node object per node. Most queries parse cleanly, so this spares
 * the full visit of collectErrors for them.
 */
function hasErrorNode(tree: Tree): boolean {
  if (tree.type.isError) return true;
  for (const c of tree.children) {
    if ('buffer' in c) {
      const b = c as TreeBuffer;
      const types = b.set.types;
      const buf = b.buffer;
      for (let i = 0; i < buf.length; i += 4) if (types[buf[i]!]!.isError) return true;
    } else if (hasErrorNode(c as Tree)) return true;
  }
  return false;
}

function collectErrors(tree: Tree, text: string): ParseError[] {
  const errors: ParseError[] = [];
  if (!hasErrorNode(tree)) return errors;
  tree.iterate({
    enter(node) {
      if (!node.type.isError) return;
      const at = node.from;
      // One error per position: lezer's recovery often emits nested error nodes.
      if (errors.length > 0 && errors[errors.length - 1]!.offset === at) return false;
      const found = node.from < node.to ? JSON.stringify(text.slice(node.from, Math.min(node.to, node.from + 20))) : at >= text.length ? 'end of query' : JSON.stringify(text.slice(at, at + 1));
      errors.push({ offset: at, message: `syntax error at ${found}` });
      return false;
    },
  });
  return errors;
}

/** Children of a node, in order. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

export function child(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return null;
}

/** Depth-first visit of every node of a subtree; returning false skips the node's children. */
export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => void | false): void {
  if (visit(node) === false) return;
  for (let c = node.firstChild; c; c = c.nextSibling) walk(c, visit);
}

/**
 * Like walk, but only materialises (and visits) nodes named in `names`: a tree cursor moves over
 * the rest, which is several times faster than building a SyntaxNode for every node.
 */
export function walkNamed(node: SyntaxNode, names: ReadonlySet<string>, visit: (n: SyntaxNode) => void | false): void {
  const c = node.cursor();
  let depth = 0;
  for (;;) {
    const skip = names.has(c.name) && visit(c.node) === false;
    if (!skip && c.firstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === 0) return;
      if (c.nextSibling()) break;
      c.parent();
      depth--;
    }
  }
}

/** Text of a string literal node without its quotes, unescaped where possible. */
export function stringValue(text: string, node: SyntaxNode): string {
  const raw = text.slice(node.from, node.to);
  if (raw.length < 2) return raw;
  const q = raw[0];
  const body = raw.slice(1, -1);
  // Without escapes the body is the value (JSON.parse would return it, or throw and fall back to it).
  if (q === '`' || !body.includes('\\')) return body;
  if (q === '"') {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return body;
    }
  }
  return body.replace(/\\(.)/g, '$1');
}
