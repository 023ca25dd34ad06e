import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The TypeScript loader the npm scripts use, so tests run what users run. */
export const LOADER = path.join(ROOT, 'src', 'loader', 'register-ts.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry under scripts/ as a real child process, the way npm scripts do. */
export function runScript(script: string, args: string[] = [], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, ['-r', LOADER, path.join(ROOT, 'scripts', script), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    // JSON findings of a folder of dashboards exceed spawnSync's 1 MB default, which kills the child.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/**
 * Every file under a folder, relative path → sha256 of its bytes. Digests, not Buffers: jest's
 * deep equality walks a Buffer byte by byte, which made comparing two generated/ trees slow; a
 * difference still names the file, as the key.
 */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
  }
  return out;
}

export function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}
