/**
 * JSON layer: parse, report malformed input with line:column, find duplicate keys, and map
 * RFC 6901 pointers back to positions in the text.
 *
 * Values come from the native JSON.parse (fast). Positions come from one linear scan of the
 * text (`scanJson`) that tracks only the pointers asked for. Malformed input is re-parsed with
 * @humanwhocodes/momoa for its located error message. Momoa is not used for every file: building
 * its full AST took ≈ 550 ms for the 6 MB third-party corpus here, versus ≈ 30 ms for JSON.parse
 * plus this scanner, and the validator's budget for that corpus is 1.5 s in total.
 */
import type { parse as MomoaParse } from '@humanwhocodes/momoa';

export interface Position {
  line: number;
  column: number;
}

export interface DuplicateKey {
  /** Pointer of the second (overriding) member. */
  pointer: string;
  key: string;
  position: Position;
  firstPosition: Position;
}

export type ParsedJson =
  | { ok: true; value: unknown; text: string; duplicates: DuplicateKey[] }
  | { ok: false; text: string; message: string; position: Position; tooDeep?: true };

/** Real dashboards nest < 20 levels; far deeper input is refused before any recursive pass sees it. */
export const MAX_DEPTH = 1000;

/** Offset where nesting first exceeds `max` (brackets outside strings), or -1. Linear, no recursion. */
export function excessDepthAt(text: string, max: number = MAX_DEPTH): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

function tooDeep(text: string, offset: number): ParsedJson {
  return {
    ok: false,
    text,
    tooDeep: true,
    message: `nesting deeper than ${MAX_DEPTH} levels; a dashboard needs far fewer`,
    position: new LineIndex(text).position(offset),
  };
}

export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + escapePointerSegment(s)).join('');
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.includes('~')) return pointer.slice(1).split('/');
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Offsets of line starts, for offset → line:column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

export function parseJson(text: string): ParsedJson {
  // A UTF-8 BOM is legal in files but not in JSON.parse input; strip it without moving columns much.
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (nativeError) {
    // momoa recurses: deep malformed input gets the depth error instead of a stack overflow.
    const deep = excessDepthAt(body);
    if (deep >= 0) return tooDeep(text, deep);
    try {
      // Loaded only for malformed input: valid files never pay for it.
      (require('@humanwhocodes/momoa') as { parse: typeof MomoaParse }).parse(body, { mode: 'json' });
    } catch (e) {
      const err = e as { message?: string; line?: number; column?: number };
      const message = String(err.message ?? 'invalid JSON').replace(/\s*\(\d+:\d+\)\s*$/, '');
      // A truncated file: say so, at the end where the text stops (momoa does not always locate it).
      if (/end of input/i.test(message)) return { ok: false, text, message: 'unexpected end of input (the file is cut short)', position: new LineIndex(body).position(body.trimEnd().length) };
      if (typeof err.line === 'number' && typeof err.column === 'number') {
        return { ok: false, text, message, position: { line: err.line, column: err.column } };
      }
    }
    return { ok: false, text, message: (nativeError as Error).message, position: { line: 1, column: 1 } };
  }
  const duplicates: DuplicateKey[] = [];
  // The exact scan below costs several times JSON.parse; skip it when the text provably holds no
  // duplicate: every key is a string followed by ':', so `"`-then-':' sites bound the key count from
  // above, and JSON.parse keeps one member per distinct key. Equal counts leave no room for a duplicate.
  // V8's JSON.parse is not recursive, so depth is checked here, on the value (cheaper than a
  // character scan of every file); the slow text scan only locates the offending bracket.
  const members = countMembers(value, MAX_DEPTH);
  if (members < 0) return tooDeep(text, Math.max(0, excessDepthAt(body)));
  if (countKeySites(body) === members) return { ok: true, value, text: body, duplicates };
  let index: LineIndex | undefined;
  const lines = { position: (off: number): Position => (index ??= new LineIndex(body)).position(off) };
  scanJson(body, (path, key, offset, firstOffset) => {
    duplicates.push({
      pointer: pointerOf([...path, key]),
      key,
      position: lines.position(offset),
      firstPosition: lines.position(firstOffset),
    });
  });
  return { ok: true, value, text: body, duplicates };
}

/**
 * Upper bound of the number of object keys in valid JSON text: quotes followed (after blanks) by ':',
 * except escaped ones (`\\":` inside a string, common in PromQL label matchers), which never close a key.
 */
function countKeySites(text: string): number {
  let n = 0;
  for (let q = text.indexOf('"'); q >= 0; q = text.indexOf('"', q + 1)) {
    let c = text.charCodeAt(q + 1);
    for (let j = q + 1; c === 32 || c === 10 || c === 13 || c === 9; ) c = text.charCodeAt(++j);
    if (c !== 58) continue;
    let back = 0;
    while (text.charCodeAt(q - 1 - back) === 92) back++;
    if (back % 2 === 0) n++;
  }
  return n;
}

/**
 * Number of object members in a JSON.parse result (one per distinct key of each object), or -1
 * when nesting exceeds `maxDepth`. Recursive, but never deeper than `maxDepth` frames (far below
 * the stack limit), however deep the value JSON.parse accepted.
 */
function countMembers(root: unknown, maxDepth: number): number {
  return typeof root === 'object' && root !== null ? membersBelow(root, 0, maxDepth) : 0;
}

function membersBelow(v: object, depth: number, maxDepth: number): number {
  if (depth >= maxDepth) return -1;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item !== 'object' || item === null) continue;
      const below = membersBelow(item, depth + 1, maxDepth);
      if (below < 0) return -1;
      n += below;
    }
    return n;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    n++;
    const item = o[k];
    if (typeof item !== 'object' || item === null) continue;
    const below = membersBelow(item, depth + 1, maxDepth);
    if (below < 0) return -1;
    n += below;
  }
  return n;
}

/** Positions of the given pointers (of their values), in one pass over the text. */
export function locatePointers(text: string, pointers: Iterable<string>): Map<string, Position> {
  const wanted = new Set<string>(pointers);
  const out = new Map<string, Position>();
  if (wanted.size === 0) return out;
  const trie: Trie = new Map();
  for (const p of wanted) {
    let node = trie;
    for (const seg of splitPointer(p)) {
      let next = node.get(seg);
      if (!next) node.set(seg, (next = new Map()));
      node = next;
    }
    node.set(END, new Map());
  }
  const offsets = locateScan(text, trie);
  const positions = positionsOf(text, offsets.values());
  const found = new Map<string, Position>();
  for (const [p, off] of offsets) found.set(p, positions.get(off)!);
  for (const [p, pos] of found) out.set(p, pos);
  // A pointer below a missing member (a rule pointing at an absent key) falls back to its nearest present parent.
  for (const p of wanted) {
    if (out.has(p)) continue;
    const segs = splitPointer(p);
    while (segs.length > 0) {
      segs.pop();
      const parent = pointerOf(segs);
      const pos = found.get(parent);
      if (pos !== undefined) {
        out.set(p, pos);
        break;
      }
      if (segs.length === 0) out.set(p, { line: 1, column: 1 });
    }
    if (!out.has(p)) out.set(p, { line: 1, column: 1 });
  }
  return out;
}

const END = '\u0000end';
type Trie = Map<string, Trie>;

/** Offset of the closing quote of the string opening at `open` (native indexOf, then escape check). */
function closingQuote(text: string, open: number): number {
  let q = text.indexOf('"', open + 1);
  for (;;) {
    let back = 0;
    while (text.charCodeAt(q - 1 - back) === 92) back++;
    if (back % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
}

/** Decoded content of the JSON string whose opening quote is at `open`, and the offset after it. */
function readString(text: string, open: number): [string, number] {
  const close = closingQuote(text, open);
  const raw = text.slice(open + 1, close);
  return [raw.indexOf('\\') >= 0 ? (JSON.parse('"' + raw + '"') as string) : raw, close + 1];
}

// Sticky searches run in the regexp engine's native code: a cold process scans each file once, so
// native skipping beats a JavaScript loop over every character (indentation included).
const NON_BLANK = /[^ \t\n\r]/g;
const STRUCTURAL = /["[\]{}]/g;
const SCALAR_END = /[,}\] \t\n\r]/g;

/** Index of the first match of a global regexp at or after `from` (or `end` when there is none). */
function nextMatch(re: RegExp, text: string, from: number, end: number): number {
  re.lastIndex = from;
  return re.test(text) ? re.lastIndex - 1 : end;
}

/**
 * Start offsets of the values of every trie node present in already-valid JSON: the wanted
 * pointers and their prefixes (for the nearest-parent fallback). Only members on a wanted path
 * are read key by key; every other value, and the inside of a wanted leaf, is skipped by bracket
 * depth from one structural character to the next.
 */
function locateScan(text: string, trie: Trie): Map<string, number> {
  const found = new Map<string, number>();
  const path: (string | number)[] = [];
  const n = text.length;
  let i = 0;

  const skipWs = (): void => {
    i = nextMatch(NON_BLANK, text, i, n);
  };
  const readKey = (): string => {
    const [key, end] = readString(text, i);
    i = end;
    return key;
  };
  /** Moves past the value starting at `i` (no blank before it). */
  const skipValue = (): void => {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = closingQuote(text, i) + 1;
    } else if (c === 123 || c === 91) {
      let depth = 1;
      i++;
      while (depth > 0) {
        const at = nextMatch(STRUCTURAL, text, i, n);
        const d = text.charCodeAt(at);
        if (d === 34) i = closingQuote(text, at) + 1;
        else {
          i = at + 1;
          depth += d === 123 || d === 91 ? 1 : -1;
        }
      }
    } else {
      i = nextMatch(SCALAR_END, text, i, n);
    }
  };
  const value = (node: Trie): void => {
    skipWs();
    found.set(pointerOf(path), i);
    const c = text.charCodeAt(i);
    // A leaf (nothing wanted below it) or a scalar: no member needs reading.
    if ((node.size === 1 && node.has(END)) || (c !== 123 && c !== 91)) {
      skipValue();
      return;
    }
    i++;
    skipWs();
    if (text.charCodeAt(i) === (c === 123 ? 125 : 93)) {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      let child: Trie | undefined;
      if (c === 123) {
        skipWs();
        const key = readKey();
        skipWs();
        i++; // colon
        path.push(key);
        child = node.get(key);
      } else {
        path.push(index);
        child = node.get(String(index));
      }
      if (child) value(child);
      else {
        skipWs();
        skipValue();
      }
      path.pop();
      skipWs();
      const d = text.charCodeAt(i++);
      if (d === 125 || d === 93) return;
    }
  };
  value(trie);
  return found;
}

/** line:column of each offset, from one sweep over the newlines up to the last offset. */
function positionsOf(text: string, offsets: Iterable<number>): Map<number, Position> {
  const out = new Map<number, Position>();
  let line = 1;
  let lineStart = 0;
  let nl = text.indexOf('\n');
  for (const off of [...new Set(offsets)].sort((a, b) => a - b)) {
    while (nl >= 0 && nl < off) {
      line++;
      lineStart = nl + 1;
      nl = text.indexOf('\n', lineStart);
    }
    out.set(off, { line, column: off - lineStart + 1 });
  }
  return out;
}

type DuplicateCallback = (path: readonly (string | number)[], key: string, offset: number, firstOffset: number) => void;

/** Linear scan of already-valid JSON (JSON.parse accepted it) that reports every duplicate key. */
function scanJson(text: string, onDuplicate: DuplicateCallback): void {
  let i = 0;
  const path: (string | number)[] = [];
  const n = text.length;

  const skipWs = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const readKey = (): string => {
    const [key, end] = readString(text, i);
    i = end;
    return key;
  };

  const value = (): void => {
    skipWs();
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      const seen = new Map<string, number>();
      skipWs();
      if (text.charCodeAt(i) === 125) {
        i++;
        return;
      }
      for (;;) {
        skipWs();
        const keyOffset = i;
        const key = readKey();
        const first = seen.get(key);
        if (first !== undefined) onDuplicate(path, key, keyOffset, first);
        else seen.set(key, keyOffset);
        skipWs();
        i++; // colon
        path.push(key);
        value();
        path.pop();
        skipWs();
        const d = text.charCodeAt(i++);
        if (d === 125) return;
      }
    } else if (c === 91) {
      i++;
      skipWs();
      if (text.charCodeAt(i) === 93) {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        path.push(index);
        value();
        path.pop();
        skipWs();
        const d = text.charCodeAt(i++);
        if (d === 93) return;
      }
    } else if (c === 34) {
      i = closingQuote(text, i) + 1;
    } else {
      // number, true, false, null
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
    }
  };
  value();
}
