/**
 * A deliberately small LogQL evaluator for the end-to-end test: stream selectors (`=`, `!=`,
 * `=~`, `!~`, regexes anchored as Loki anchors them), line filters (`|=`, `!=`, `|~`, `!~`),
 * the `json` parser (Loki's flattening and `_extracted` renaming of keys that clash with stream
 * labels), label-filter matchers and `line_format` with plain `{{.field}}` placeholders.
 * Anything else (metric queries, logfmt, numeric comparisons, template functions) is rejected
 * with an error rather than guessed at. JavaScript regexes stand in for Go's RE2: equal for
 * the alternations and character classes dashboards use, not in general.
 */
import { parser } from '@grafana/lezer-logql';
import type { PushedStream } from '../helpers/loki-receiver';

/** The parser's own node type (importing @lezer/common directly resolves a different copy of the types). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
}

export type Stage =
  | { readonly kind: 'lineFilter'; readonly op: '|=' | '!=' | '|~' | '!~'; readonly value: string; readonly text: string }
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'labelFilter'; readonly matcher: LabelMatcher; readonly text: string }
  | { readonly kind: 'lineFormat'; readonly template: string; readonly text: string };

export interface ParsedLogQuery {
  readonly selector: LabelMatcher[];
  readonly stages: Stage[];
}

export class LogQLError extends Error {}

function stringLiteral(raw: string): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  return JSON.parse(raw) as string;
}

/** Error nodes (with their offsets) in the lezer-logql parse tree; empty when the query parses. */
export function parseErrors(query: string): string[] {
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`parse error at offset ${node.from}: ${JSON.stringify(query.slice(Math.max(0, node.from - 10), node.to + 10))}`);
    },
  });
  return errors;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function collect(node: SyntaxNode, name: string, out: SyntaxNode[] = []): SyntaxNode[] {
  for (const c of children(node)) {
    if (c.name === name) out.push(c);
    else collect(c, name, out);
  }
  return out;
}

const OPS: Record<string, MatchOp> = { Eq: '=', Neq: '!=', Re: '=~', Nre: '!~' };

function matcherOf(node: SyntaxNode, query: string): LabelMatcher {
  const parts = children(node);
  const ident = parts.find((p) => p.name === 'Identifier');
  const op = parts.find((p) => p.name in OPS);
  const str = parts.find((p) => p.name === 'String');
  if (!ident || !op || !str) throw new LogQLError(`unsupported matcher ${JSON.stringify(query.slice(node.from, node.to))}`);
  return { label: query.slice(ident.from, ident.to), op: OPS[op.name]!, value: stringLiteral(query.slice(str.from, str.to)) };
}

/** Splits a log query into selector matchers and pipeline stages; rejects what the subset cannot evaluate. */
export function parseLogQuery(query: string): ParsedLogQuery {
  const errors = parseErrors(query);
  if (errors.length) throw new LogQLError(errors.join('; '));
  const top = parser.parse(query).topNode;
  const logExpr = collect(top, 'LogExpr')[0];
  if (!logExpr) throw new LogQLError('not a log query (metric queries are not supported by the receiver)');
  const selectorNode = collect(logExpr, 'Selector')[0];
  if (!selectorNode) throw new LogQLError('no stream selector');
  const selector = collect(selectorNode, 'Matcher').map((m) => matcherOf(m, query));
  const stages: Stage[] = [];
  for (const stage of collect(logExpr, 'PipelineStage')) {
    const text = query.slice(stage.from, stage.to);
    const parts = children(stage).filter((c) => c.name !== 'Pipe');
    const head = parts[0];
    if (!head) throw new LogQLError(`empty stage ${JSON.stringify(text)}`);
    if (head.name === 'LineFilters') {
      for (const lf of collect(head, 'LineFilter')) {
        const lfText = query.slice(lf.from, lf.to);
        const m = /^(\|=|!=|\|~|!~)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)$/.exec(lfText.trim());
        if (!m) throw new LogQLError(`unsupported line filter ${JSON.stringify(lfText)}`);
        stages.push({ kind: 'lineFilter', op: m[1] as '|=', value: stringLiteral(m[2]!), text: lfText });
      }
    } else if (head.name === 'LabelParser') {
      if (!children(head).some((c) => c.name === 'Json') || /json\s+\w/.test(text)) throw new LogQLError(`unsupported parser stage ${JSON.stringify(text)}`);
      stages.push({ kind: 'json', text });
    } else if (head.name === 'LabelFilter') {
      const m = children(head);
      if (m.length !== 1 || m[0]!.name !== 'Matcher') throw new LogQLError(`unsupported label filter ${JSON.stringify(text)}`);
      stages.push({ kind: 'labelFilter', matcher: matcherOf(m[0]!, query), text });
    } else if (head.name === 'LineFormatExpr') {
      const str = children(head).find((c) => c.name === 'String');
      if (!str) throw new LogQLError(`unsupported line_format ${JSON.stringify(text)}`);
      stages.push({ kind: 'lineFormat', template: stringLiteral(query.slice(str.from, str.to)), text });
    } else {
      throw new LogQLError(`unsupported stage ${head.name}: ${JSON.stringify(text)}`);
    }
  }
  return { selector, stages };
}

/** Loki anchors label regexes: `=~"a|b"` means the whole value is a or b. */
export function matches(m: LabelMatcher, value: string | undefined): boolean {
  const v = value ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`, 's').test(v);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`, 's').test(v);
  }
}

export function selectorMatches(selector: readonly LabelMatcher[], labels: Readonly<Record<string, string>>): boolean {
  return selector.every((m) => matches(m, labels[m.label]));
}

/** Loki's json parser: nested keys joined with `_`, invalid characters replaced, clashes with stream labels renamed `<key>_extracted`. */
export function extractJson(line: string, streamLabels: Readonly<Record<string, string>>): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const out: Record<string, string> = {};
  const walk = (obj: Record<string, unknown>, prefix: string): void => {
    for (const [key, value] of Object.entries(obj)) {
      const name = `${prefix}${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
      if (value && typeof value === 'object' && !Array.isArray(value)) walk(value as Record<string, unknown>, `${name}_`);
      else if (Array.isArray(value)) continue;
      else {
        const label = name in streamLabels ? `${name}_extracted` : name;
        out[label] = value === null ? '' : String(value);
      }
    }
  };
  walk(parsed as Record<string, unknown>, '');
  return out;
}

function renderLineFormat(template: string, labels: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_whole, inner: string) => {
    const m = /^\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(inner);
    if (!m) throw new LogQLError(`unsupported line_format template action {{${inner}}}`);
    return labels[m[1]!] ?? '';
  });
}

export interface SelectedLine {
  readonly streamLabels: Readonly<Record<string, string>>;
  /** Stream labels plus everything the pipeline extracted. */
  readonly labels: Readonly<Record<string, string>>;
  readonly original: string;
  readonly line: string;
}

/** Runs a parsed log query over recorded streams; returns the lines Loki would return. */
export function selectLines(query: ParsedLogQuery, streams: readonly PushedStream[]): SelectedLine[] {
  const out: SelectedLine[] = [];
  for (const stream of streams) {
    if (!selectorMatches(query.selector, stream.labels)) continue;
    for (const entry of stream.entries) {
      let labels: Record<string, string> = { ...stream.labels, ...entry.structuredMetadata };
      let line = entry.line;
      let keep = true;
      for (const stage of query.stages) {
        if (stage.kind === 'lineFilter') {
          const re = stage.op === '|~' || stage.op === '!~' ? new RegExp(stage.value) : undefined;
          const hit = re ? re.test(line) : line.includes(stage.value);
          keep = stage.op === '|=' || stage.op === '|~' ? hit : !hit;
        } else if (stage.kind === 'json') {
          const extracted = extractJson(line, stream.labels);
          // Loki keeps unparsable lines but marks them with __error__; a label filter then drops them.
          labels = extracted ? { ...labels, ...extracted } : { ...labels, __error__: 'JSONParserErr' };
        } else if (stage.kind === 'labelFilter') {
          keep = matches(stage.matcher, labels[stage.matcher.label]);
        } else {
          line = renderLineFormat(stage.template, labels);
        }
        if (!keep) break;
      }
      if (keep) out.push({ streamLabels: stream.labels, labels, original: entry.line, line });
    }
  }
  return out;
}
