/**
 * ArtifactStore on a local directory: `<dir>/<id[0..2]>/<id>`, written atomically (temp file +
 * rename, so a reader never sees a partial artefact), deduplicated by id, and capped in total
 * size: past maxTotalBytes the oldest artefacts are deleted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkId, isArtifactId, type ArtifactStore } from './store';

/** Relative to the working directory; the exporter writes there and `npm run artifact` reads there. */
export const DEFAULT_ARTIFACT_DIR = '.artifacts';
export const DEFAULT_MAX_TOTAL_BYTES = 256 * 1024 * 1024;

export class LocalDirectoryStore implements ArtifactStore {
  /** Oldest first (by modification time at start-up, then insertion order). */
  private readonly index = new Map<string, number>();
  private totalBytes = 0;
  private counter = 0;

  constructor(
    readonly dir: string,
    private readonly maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    const found: Array<{ id: string; size: number; mtime: number }> = [];
    for (const fan of fs.readdirSync(dir)) {
      if (!/^[0-9a-f]{2}$/.test(fan)) continue;
      for (const name of fs.readdirSync(path.join(dir, fan))) {
        if (!isArtifactId(name) || name.slice(0, 2) !== fan) continue;
        const stat = fs.statSync(path.join(dir, fan, name));
        if (stat.isFile()) found.push({ id: name, size: stat.size, mtime: stat.mtimeMs });
      }
    }
    found.sort((a, b) => a.mtime - b.mtime);
    for (const f of found) this.remember(f.id, f.size);
  }

  get description(): string {
    return this.dir;
  }

  /** Bytes currently held (after eviction). */
  get bytes(): number {
    return this.totalBytes;
  }

  private file(id: string): string {
    checkId(id);
    return path.join(this.dir, id.slice(0, 2), id);
  }

  private remember(id: string, size: number): void {
    this.index.set(id, size);
    this.totalBytes += size;
  }

  async put(id: string, data: Buffer): Promise<void> {
    const file = this.file(id);
    if (this.index.has(id)) return;
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${this.counter++}.tmp`;
    await fs.promises.writeFile(temp, data, { flag: 'wx' });
    await fs.promises.rename(temp, file);
    this.remember(id, data.length);
    await this.evict(id);
  }

  private async evict(keep: string): Promise<void> {
    for (const [id, size] of this.index) {
      if (this.totalBytes <= this.maxTotalBytes || id === keep) break;
      this.index.delete(id);
      this.totalBytes -= size;
      await fs.promises.rm(this.file(id), { force: true });
    }
  }

  async get(id: string): Promise<Buffer | undefined> {
    try {
      return await fs.promises.readFile(this.file(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async has(id: string): Promise<boolean> {
    try {
      return (await fs.promises.stat(this.file(id))).isFile();
    } catch {
      return false;
    }
  }
}
