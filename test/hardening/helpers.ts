/** Shared pieces of the hardening suite: seeded randomness, budgets, tree inspection. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCommand, type Io } from '../../src/cli/command';
import { main } from '../../src/cli/validate-dashboards';
import { LOADER, ROOT } from '../helpers/cli';

export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'hardening');
/** `HARDENING_FULL=1` runs the long variants (more kills, more fuzz cases, longer load). */
export const FULL = process.env.HARDENING_FULL === '1';

/** Seed for every random choice in a run; printed so a failure can be replayed with HARDENING_SEED. */
export const SEED = Number(process.env.HARDENING_SEED ?? Date.now() % 2 ** 31);

/** uid and gid of `nobody`: root runs children as this user where permissions must bite. */
export const NOBODY = 65534;

/**
 * Whether a child can run this checkout's TypeScript as nobody: it takes root, and a checkout nobody may
 * read (a clone inside a 0700 folder, e.g. a home directory or `mktemp -d`, is not). Answers once per suite.
 */
export function canRunAsNobody(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync(process.execPath, ['-r', LOADER, '-e', ''], { cwd: ROOT, uid: NOBODY, gid: NOBODY, timeout: 30_000 }).status === 0;
}

/** The simulation's seeded PRNG: spreads kill moments and picks mutations reproducibly. */
export { createRng as prng } from '../../src/instrumentation/rng';

/** The validator's CLI run in process, output captured. */
export async function validatorCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, colour: false };
  const code = await runCommand('validate_dashboards', io, () => main(args, io));
  return { code, stdout, stderr };
}

/** Temp files of the atomic writer: `.<name>.tmp-<pid>`. */
export const TEMP_FILE = /^\..*\.tmp-\d+$/;

export interface TreeEntry {
  readonly rel: string;
  readonly bytes: Buffer;
}

export function listTree(dir: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.push({ rel: path.relative(dir, full), bytes: fs.readFileSync(full) });
  }
  return out.sort((a, b) => a.rel.localeCompare(b.rel));
}

/** True when `child` resolves inside `parent` (no `..` escape, no absolute jump). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
