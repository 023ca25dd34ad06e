/**
 * Crash-safe file replacement. Grafana reads generated/ live, so a reader must only ever see a
 * complete old file or a complete new one: write a temp file in the same directory, fsync it,
 * then rename over the target (atomic on POSIX within one file system).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const TEMP_MARK = '.tmp-';

export function writeFileAtomic(file: string, content: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  // Leading dot and no .json/.yaml suffix: Grafana's file provider ignores the temp file.
  const temp = path.join(dir, `.${path.basename(file)}${TEMP_MARK}${process.pid}`);
  const fd = fs.openSync(temp, 'w', 0o644);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Removes temp files a killed earlier run left behind (none of them is ever read). */
export function removeStaleTempFiles(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.startsWith('.') && entry.name.includes(TEMP_MARK)) {
      fs.rmSync(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name), { force: true });
    }
  }
}
