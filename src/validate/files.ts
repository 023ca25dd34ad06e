/** Expands CLI arguments (files, directories, globs) into dashboard file paths, in a stable order. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

export interface Expanded {
  files: string[];
  /** Arguments that matched nothing or could not be read. */
  problems: string[];
}

export function expandInputs(args: readonly string[], cwd: string): Expanded {
  const files: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (f: string): void => {
    const abs = path.resolve(cwd, f);
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push(f);
  };
  for (const arg of args) {
    if (isDynamicPattern(arg) && !fs.existsSync(path.resolve(cwd, arg))) {
      const matches = globSync(arg, { cwd, onlyFiles: true, expandDirectories: false }).sort();
      if (matches.length === 0) problems.push(`${arg}: glob matched no files`);
      matches.forEach(add);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.resolve(cwd, arg));
    } catch (e) {
      problems.push((e as { code?: string }).code === 'ENOENT' ? `${arg}: no such file or directory` : `${arg}: ${(e as Error).message}`);
      continue;
    }
    if (stat.isDirectory()) {
      const found = walkJson(path.resolve(cwd, arg)).map((f) => path.join(arg, path.relative(path.resolve(cwd, arg), f)));
      if (found.length === 0) problems.push(`${arg}: directory contains no .json files`);
      found.forEach(add);
    } else add(arg);
  }
  return { files, problems };
}

function walkJson(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkJson(full));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}
