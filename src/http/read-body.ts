/**
 * Reading a response body from a peer we do not control (Loki, a live Prometheus): at most
 * `maxBytes`, then the stream is cancelled. `Response.text()` / `arrayBuffer()` would buffer an
 * endless or huge body whole (gigabytes) before anything could look at its size.
 */

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`response body larger than ${formatBytes(maxBytes)}`);
  }
}

export function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${n / (1 << 20)} MiB` : n >= 1 << 10 ? `${n / (1 << 10)} KiB` : `${n} bytes`;
}

/** The whole body if it fits in maxBytes; throws BodyTooLargeError (stream cancelled) or the read error. */
export async function readBodyCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** A JSON body of at most maxBytes. */
export async function readJsonCapped(response: Response, maxBytes: number): Promise<unknown> {
  return JSON.parse((await readBodyCapped(response, maxBytes)).toString('utf8')) as unknown;
}
