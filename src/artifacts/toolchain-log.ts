/**
 * One toolchain invocation's output as one artefact: stdout and stderr, each capped, in a
 * length-prefixed framing that survives any bytes (toolchains print non-UTF-8 too):
 *
 *   toolchain-log 1\n
 *   stdout <stored bytes> <original bytes>\n<stored bytes>\n
 *   stderr <stored bytes> <original bytes>\n<stored bytes>\n
 *
 * A stream longer than the cap keeps its head and its tail (where compilers put the error
 * summary) around a marker naming how many bytes were left out.
 */
export const DEFAULT_MAX_STREAM_BYTES = 64 * 1024;
const MAGIC = 'toolchain-log 1\n';
export const STREAMS = ['stdout', 'stderr'] as const;
export type StreamName = (typeof STREAMS)[number];

export interface ToolchainOutput {
  readonly stdout: string | Buffer;
  readonly stderr: string | Buffer;
}

export interface DecodedLog {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** Sizes before the cap. */
  readonly originalBytes: Readonly<Record<StreamName, number>>;
}

export class ToolchainLogFormatError extends Error {
  override readonly name = 'ToolchainLogFormatError';
}

/** Head (a quarter of the cap) + elision marker + tail, never more than maxBytes in all. */
export function capStream(data: Buffer, maxBytes: number): Buffer {
  if (data.length <= maxBytes) return data;
  const marker = Buffer.from(`\n[… ${data.length} bytes, middle left out …]\n`);
  const room = Math.max(0, maxBytes - marker.length);
  const head = Math.floor(room / 4);
  return Buffer.concat([data.subarray(0, head), marker, data.subarray(data.length - (room - head))]);
}

export function encodeToolchainLog(
  output: ToolchainOutput,
  maxStreamBytes = DEFAULT_MAX_STREAM_BYTES,
): { data: Buffer; originalBytes: Record<StreamName, number> } {
  const parts: Buffer[] = [Buffer.from(MAGIC)];
  const originalBytes = { stdout: 0, stderr: 0 };
  for (const stream of STREAMS) {
    const raw = Buffer.isBuffer(output[stream]) ? output[stream] : Buffer.from(output[stream]);
    const kept = capStream(raw, maxStreamBytes);
    originalBytes[stream] = raw.length;
    parts.push(Buffer.from(`${stream} ${kept.length} ${raw.length}\n`), kept, Buffer.from('\n'));
  }
  return { data: Buffer.concat(parts), originalBytes };
}

export function decodeToolchainLog(data: Buffer): DecodedLog {
  if (!data.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) throw new ToolchainLogFormatError('not a toolchain log artefact (missing "toolchain-log 1" header)');
  let at = MAGIC.length;
  const out: Partial<Record<StreamName, Buffer>> = {};
  const originalBytes = { stdout: 0, stderr: 0 };
  for (const stream of STREAMS) {
    const eol = data.indexOf(0x0a, at);
    const header = eol < 0 ? '' : data.subarray(at, eol).toString('latin1');
    const m = /^(stdout|stderr) (\d{1,12}) (\d{1,15})$/.exec(header);
    if (!m || m[1] !== stream) throw new ToolchainLogFormatError(`toolchain log: bad ${stream} header at byte ${at}`);
    const length = Number(m[2]);
    const start = eol + 1;
    if (start + length + 1 > data.length || data[start + length] !== 0x0a) throw new ToolchainLogFormatError(`toolchain log: ${stream} is truncated`);
    out[stream] = data.subarray(start, start + length);
    originalBytes[stream] = Number(m[3]);
    at = start + length + 1;
  }
  if (at !== data.length) throw new ToolchainLogFormatError(`toolchain log: ${data.length - at} unexpected bytes after stderr`);
  return { stdout: out.stdout!, stderr: out.stderr!, originalBytes };
}
