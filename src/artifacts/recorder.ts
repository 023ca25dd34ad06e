/**
 * Captures toolchain output into an ArtifactStore without making the caller wait: the id is the
 * sha256 of the encoded log, computed at once (so the span and the compile.end event can carry
 * it), and the write happens in the background. Writes in flight are bounded; past the bound an
 * artefact is dropped and counted (the id on the span then does not resolve, which the probe and
 * `npm run artifact` report), rather than memory growing.
 */
import { artifactIdOf, type ArtifactStore } from './store';
import { DEFAULT_MAX_STREAM_BYTES, encodeToolchainLog, type ToolchainOutput } from './toolchain-log';

export interface ArtifactRef {
  readonly id: string;
  /** Bytes the toolchain printed, before the cap. */
  readonly stdoutBytes: number;
  readonly stderrBytes: number;
  /** Size of the stored artefact (framing and cap included). */
  readonly storedBytes: number;
  /** true when this id had been stored before (nothing new written). */
  readonly deduplicated: boolean;
}

export interface RecorderStats {
  captured: number;
  /** Artefacts actually written (captured − deduplicated − dropped − failed). */
  written: number;
  writtenBytes: number;
  deduplicated: number;
  dropped: number;
  failed: number;
}

export interface RecorderOptions {
  maxStreamBytes?: number;
  /** Writes in flight before new artefacts are dropped. */
  maxPendingWrites?: number;
  onError?: (message: string) => void;
}

export class ArtifactRecorder {
  readonly stats: RecorderStats = { captured: 0, written: 0, writtenBytes: 0, deduplicated: 0, dropped: 0, failed: 0 };
  private readonly known = new Set<string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    readonly store: ArtifactStore,
    private readonly options: RecorderOptions = {},
  ) {}

  capture(output: ToolchainOutput): ArtifactRef {
    const { data, originalBytes } = encodeToolchainLog(output, this.options.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES);
    const id = artifactIdOf(data);
    this.stats.captured++;
    const ref = { id, stdoutBytes: originalBytes.stdout, stderrBytes: originalBytes.stderr, storedBytes: data.length };
    if (this.known.has(id)) {
      this.stats.deduplicated++;
      return { ...ref, deduplicated: true };
    }
    if (this.pending.size >= (this.options.maxPendingWrites ?? 256)) {
      this.stats.dropped++;
      return { ...ref, deduplicated: false };
    }
    this.known.add(id);
    // Bounded too: forgetting old ids only costs a redundant (idempotent) put.
    if (this.known.size > 100_000) this.known.delete(this.known.values().next().value!);
    const write = this.store.put(id, data).then(
      () => {
        this.stats.written++;
        this.stats.writtenBytes += data.length;
      },
      (error: unknown) => {
        this.known.delete(id);
        this.stats.failed++;
        this.options.onError?.(`artefact ${id} not stored in ${this.store.description}: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
    return { ...ref, deduplicated: false };
  }

  /** Waits for the writes in flight (bounded by timeoutMs). */
  async flush(timeoutMs = 1500): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.pending]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
    if (timer) clearTimeout(timer);
  }
}
