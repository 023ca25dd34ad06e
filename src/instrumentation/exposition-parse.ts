/**
 * Parser of the text exposition formats this project serves (Prometheus 0.0.4 and OpenMetrics 1.0.0 with
 * exemplars): the inverse of `renderExposition`, used wherever an exposition is read back (tests, bench).
 * Samples belong to the family of the `# TYPE`/`# HELP` block they follow, so `x_bucket`, `x_sum`, `x_count`
 * and OpenMetrics counter samples (`x_total` under family `x`) are grouped as the formats define.
 */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  exemplar?: { labels: Record<string, string>; value: number; timestamp?: number };
}

export interface ParsedFamily {
  name: string;
  type?: string;
  help?: string;
  samples: ParsedSample[];
}

export class ExpositionSyntaxError extends Error {}

/** `\\`, `\"` and `\n` are the only escapes of both formats; one pass, so `\\n` stays a backslash + n. */
function unescape(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseNumber(text: string, lineNo: number): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) throw new ExpositionSyntaxError(`line ${lineNo}: bad number "${text}"`);
  return n;
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,?)/y;

/** Reads `{a="1",b="2"}` at `at`; returns the labels and the index after `}`. */
function readLabels(line: string, at: number, lineNo: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = at + 1;
  for (;;) {
    while (line[i] === ' ') i++;
    if (line[i] === '}') return [labels, i + 1];
    LABEL.lastIndex = i;
    const m = LABEL.exec(line);
    if (!m) throw new ExpositionSyntaxError(`line ${lineNo}: bad label set at column ${i + 1}`);
    labels[m[1]!] = unescape(m[2]!);
    i = LABEL.lastIndex;
    if (m[3] !== ',' && line[i] !== '}') throw new ExpositionSyntaxError(`line ${lineNo}: expected "," or "}" at column ${i + 1}`);
  }
}

function parseSample(line: string, lineNo: number): ParsedSample {
  NAME.lastIndex = 0;
  const name = NAME.exec(line)?.[0];
  if (!name) throw new ExpositionSyntaxError(`line ${lineNo}: expected a metric name`);
  let i = name.length;
  let labels: Record<string, string> = {};
  if (line[i] === '{') [labels, i] = readLabels(line, i, lineNo);
  const [valuePart = '', exemplarPart] = splitExemplar(line.slice(i));
  const fields = valuePart.trim().split(/\s+/);
  const sample: ParsedSample = { name, labels, value: parseNumber(fields[0] ?? '', lineNo) };
  if (exemplarPart !== undefined) {
    const rest = exemplarPart.trimStart();
    if (rest[0] !== '{') throw new ExpositionSyntaxError(`line ${lineNo}: exemplar without labels`);
    const [exemplarLabels, end] = readLabels(rest, 0, lineNo);
    const [value = '', timestamp] = rest.slice(end).trim().split(/\s+/);
    sample.exemplar = { labels: exemplarLabels, value: parseNumber(value, lineNo), ...(timestamp ? { timestamp: parseNumber(timestamp, lineNo) } : {}) };
  }
  return sample;
}

/** Splits `value [timestamp] # {exemplar} value [ts]` at the exemplar marker (labels are already consumed). */
function splitExemplar(text: string): [string, string?] {
  const at = text.indexOf(' # ');
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 3)];
}

export function parseExposition(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  const family = (name: string): ParsedFamily => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, samples: [] }));
    return f;
  };
  let current: ParsedFamily | undefined;
  text.split('\n').forEach((line, index) => {
    const lineNo = index + 1;
    if (line === '' || line === '# EOF') return;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!meta) return; // other comments carry no data
      current = family(meta[2]!);
      if (meta[1] === 'HELP') current.help = unescape(meta[3]!);
      else current.type = meta[3]!;
      return;
    }
    const sample = parseSample(line, lineNo);
    const owner = current && (sample.name === current.name || sample.name.startsWith(`${current.name}_`)) ? current : family(sample.name);
    owner.samples.push(sample);
  });
  return families;
}
