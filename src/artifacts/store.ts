/**
 * Content-addressed storage for large raw outputs (toolchain stdout/stderr) that must not go into
 * the log stream. An artefact's id is the sha256 of its bytes (64 lowercase hex), so the same
 * output is stored once, and a reader can verify what it got. Backends implement ArtifactStore:
 * a local directory (default), memory (probe, tests), or an S3-compatible bucket (key = id;
 * `put` may skip the upload when `has` says the object exists, since equal ids mean equal bytes).
 */
import { createHash } from 'node:crypto';

export const ARTIFACT_ID_PATTERN = '^[0-9a-f]{64}$';
const ID = new RegExp(ARTIFACT_ID_PATTERN);

export function isArtifactId(value: string): boolean {
  return ID.test(value);
}

export function artifactIdOf(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface ArtifactStore {
  /** Stores data under id (= artifactIdOf(data)); storing an id that exists is a no-op. */
  put(id: string, data: Buffer): Promise<void>;
  /** The bytes stored under id, or undefined when the store does not hold it (never stored, or evicted). */
  get(id: string): Promise<Buffer | undefined>;
  has(id: string): Promise<boolean>;
  /** Human-readable location for messages, e.g. the directory. */
  readonly description: string;
}

/** Thrown for a malformed id, so no caller ever builds a path or key from arbitrary text. */
export class ArtifactIdError extends Error {
  override readonly name = 'ArtifactIdError';
  constructor(id: string) {
    super(`invalid artefact id ${JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id)}: expected 64 lowercase hex digits (sha256)`);
  }
}

export function checkId(id: string): void {
  if (!isArtifactId(id)) throw new ArtifactIdError(id);
}

/** Bounded in-memory store: the oldest artefacts go first when maxBytes is exceeded. */
export class MemoryArtifactStore implements ArtifactStore {
  readonly description = 'memory';
  private readonly items = new Map<string, Buffer>();
  private bytes = 0;
  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  async put(id: string, data: Buffer): Promise<void> {
    checkId(id);
    if (!this.items.has(id)) {
      this.items.set(id, Buffer.from(data));
      this.bytes += data.length;
      for (const [oldest, buf] of this.items) {
        if (this.bytes <= this.maxBytes || oldest === id) break;
        this.items.delete(oldest);
        this.bytes -= buf.length;
      }
    }
  }

  async get(id: string): Promise<Buffer | undefined> {
    checkId(id);
    return this.items.get(id);
  }

  async has(id: string): Promise<boolean> {
    checkId(id);
    return this.items.has(id);
  }
}
