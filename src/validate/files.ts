/** Expands CLI arguments (files, directories, globs) into dashboard file paths, in a stable order. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Expanded {
  files: string[];
  /** Arguments that matched nothing or could not be read. */
  problems: string[];
  /** Files found by walking a directory (not named or globbed): non-dashboard JSON among them is skipped. */
  walked: Set<string>;
}

export function expandInputs(args: readonly string[], cwd: string): Expanded {
  const files: string[] = [];
  const problems: string[] = [];
  const walked = new Set<string>();
  const seen = new Set<string>();
  const add = (f: string): void => {
    const abs = path.resolve(cwd, f);
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push(f);
  };
  for (const arg of args) {
    if (isDynamicPattern(arg) && !fs.existsSync(path.resolve(cwd, arg))) {
      const matches = tinyglobby().globSync(arg, { cwd, onlyFiles: true, expandDirectories: false }).sort();
      if (matches.length === 0) problems.push(`${arg}: glob matched no files`);
      matches.forEach(add);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.resolve(cwd, arg));
    } catch (e) {
      problems.push((e as { code?: string }).code === 'ENOENT' ? `${arg}: no such file or directory` : `${arg}: ${fsReason(e)}`);
      continue;
    }
    if (stat.isDirectory()) {
      const root = path.resolve(cwd, arg);
      const shown = (f: string): string => path.join(arg, path.relative(root, f));
      const unreadable: Unreadable[] = [];
      const found = walkJson(root, unreadable).map(shown);
      // A folder that cannot be listed is reported on its own; the rest of the tree is still checked.
      for (const u of unreadable) problems.push(`${shown(u.dir)}: cannot read folder: ${u.reason}`);
      if (found.length === 0 && unreadable.length === 0) problems.push(`${arg}: directory contains no .json files`);
      for (const f of found) {
        if (!seen.has(path.resolve(cwd, f))) walked.add(f);
        add(f);
      }
    } else add(arg);
  }
  return { files, problems, walked };
}

/** tinyglobby (and picomatch) are loaded only for arguments that may be globs. */
function tinyglobby(): typeof import('tinyglobby') {
  return require('tinyglobby') as typeof import('tinyglobby');
}

/** Plain paths (no glob syntax character at all) are never patterns: no need to load the glob library for them. */
function isDynamicPattern(arg: string): boolean {
  return /[*?[\]{}()!@+]/.test(arg) && tinyglobby().isDynamicPattern(arg);
}

/** What `a.localeCompare(b)` uses, built once: the same order, without a collator lookup per comparison. */
const collator = new Intl.Collator();

/** `permission denied (EACCES)` rather than Node's message with the absolute path and syscall. */
export function fsReason(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = /^[A-Z]+: ([^,]+)/.exec(message ?? '')?.[1];
  return code && text ? `${text} (${code})` : (message ?? String(error));
}

interface Unreadable {
  dir: string;
  reason: string;
}

/** Every .json file under dir; folders that cannot be listed go to `unreadable`. */
function walkJson(dir: string, unreadable: Unreadable[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    unreadable.push({ dir, reason: fsReason(error) });
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => collator.compare(a.name, b.name))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkJson(full, unreadable));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}
