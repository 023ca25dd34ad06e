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
import { parse as momoaParse } from '@humanwhocodes/momoa';

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
  | { ok: false; text: string; message: string; position: Position };

export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + escapePointerSegment(s)).join('');
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
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
    try {
      momoaParse(body, { mode: 'json' });
    } catch (e) {
      const err = e as { message?: string; line?: number; column?: number };
      if (typeof err.line === 'number' && typeof err.column === 'number') {
        const message = String(err.message ?? 'invalid JSON').replace(/\s*\(\d+:\d+\)\s*$/, '');
        return { ok: false, text, message, position: { line: err.line, column: err.column } };
      }
    }
    return { ok: false, text, message: (nativeError as Error).message, position: { line: 1, column: 1 } };
  }
  const duplicates: DuplicateKey[] = [];
  let index: LineIndex | undefined;
  const lines = { position: (off: number): Position => (index ??= new LineIndex(body)).position(off) };
  scanJson(body, null, (path, key, offset, firstOffset) => {
    duplicates.push({
      pointer: pointerOf([...path, key]),
      key,
      position: lines.position(offset),
      firstPosition: lines.position(firstOffset),
    });
  });
  return { ok: true, value, text: body, duplicates };
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
  const lines = new LineIndex(text);
  const offsets = new Map<string, number>();
  scanJson(text, { trie, found: offsets }, undefined);
  for (const [p, off] of offsets) out.set(p, lines.position(off));
  // A pointer below a missing member (a rule pointing at an absent key) falls back to its nearest present parent.
  for (const p of wanted) {
    if (out.has(p)) continue;
    const segs = splitPointer(p);
    while (segs.length > 0) {
      segs.pop();
      const parent = pointerOf(segs);
      const off = offsets.get(parent);
      if (off !== undefined) {
        out.set(p, lines.position(off));
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

interface LocateState {
  trie: Trie;
  found: Map<string, number>;
}

type DuplicateCallback = (path: readonly (string | number)[], key: string, offset: number, firstOffset: number) => void;

/**
 * Linear scan of already-valid JSON (JSON.parse accepted it). Reports duplicate keys and, when
 * `locate` is given, records the start offset of every wanted pointer's value. Every wanted
 * prefix is recorded too, for the nearest-parent fallback.
 */
function scanJson(text: string, locate: LocateState | null, onDuplicate: DuplicateCallback | undefined): void {
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
  /** Offset of the closing quote of the string opening at `open` (native indexOf, then escape check). */
  const closingQuote = (open: number): number => {
    let q = text.indexOf('"', open + 1);
    for (;;) {
      let back = 0;
      while (text.charCodeAt(q - 1 - back) === 92) back++;
      if (back % 2 === 0) return q;
      q = text.indexOf('"', q + 1);
    }
  };
  const readString = (): string => {
    // i at opening quote
    const close = closingQuote(i);
    const raw = text.slice(i + 1, close);
    i = close + 1;
    return raw.indexOf('\\') >= 0 ? (JSON.parse('"' + raw + '"') as string) : raw;
  };
  const skipString = (): void => {
    i = closingQuote(i) + 1;
  };

  const value = (node: Trie | undefined): void => {
    skipWs();
    if (node && locate) locate.found.set(pointerOf(path), i);
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      const seen = onDuplicate ? new Map<string, number>() : null;
      skipWs();
      if (text.charCodeAt(i) === 125) {
        i++;
        return;
      }
      for (;;) {
        skipWs();
        const keyOffset = i;
        const key = readString();
        if (seen) {
          const first = seen.get(key);
          if (first !== undefined) onDuplicate!(path, key, keyOffset, first);
          else seen.set(key, keyOffset);
        }
        skipWs();
        i++; // colon
        path.push(key);
        value(node?.get(key));
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
        value(node?.get(String(index)));
        path.pop();
        skipWs();
        const d = text.charCodeAt(i++);
        if (d === 93) return;
      }
    } else if (c === 34) {
      skipString();
    } else {
      // number, true, false, null
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
    }
  };
  value(locate ? locate.trie : undefined);
}
