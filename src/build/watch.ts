/**
 * Rebuild on save. Watches the folders of the dashboard modules and of the project sources they
 * import (folders, not files: an editor's atomic save writes a temporary file and renames it over
 * the old one, which a watch on the file's inode would never see again; new and deleted files
 * are folder events too). On a change it forgets the project's modules (not node_modules: the SDK
 * stays loaded, which keeps a rebuild to a few milliseconds) and runs the same plan → write cycle
 * as a normal build. A background `tsc --incremental` reports type errors of the changed files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './build';

export interface WatchOptions {
  /** Folders to watch, with every sub-folder (new ones included). */
  readonly dirs: readonly string[];
  /** Runs one build; must not throw (report errors itself). */
  readonly rebuild: (changed: readonly string[]) => void;
  /** Coalesces bursts of events from one save. */
  readonly debounceMs?: number;
}

export function forgetProjectModules(root: string = PROJECT_ROOT): void {
  const nodeModules = `${path.sep}node_modules${path.sep}`;
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(root) && !id.includes(nodeModules)) delete require.cache[id];
  }
}

const WATCHED = /\.(ts|json)$/;

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** One non-recursive watcher per folder under each root; folders created later are added when they appear. */
function watchFolders(roots: readonly string[], onFile: (file: string) => void): () => void {
  const watchers = new Map<string, fs.FSWatcher>();
  const add = (dir: string): void => {
    if (watchers.has(dir) || !isDirectory(dir)) return;
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(dir, (_event, name) => {
        if (!name) return;
        const full = path.join(dir, name.toString());
        if (isDirectory(full)) add(full);
        else if (watchers.has(full)) {
          watchers.get(full)!.close();
          watchers.delete(full);
        }
        if (WATCHED.test(full)) onFile(full);
      });
    } catch {
      return;
    }
    // A deleted folder ends its watcher; it is added again if it comes back.
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) add(path.join(dir, entry.name));
    }
  };
  for (const root of roots) add(root);
  return () => {
    for (const w of watchers.values()) w.close();
    watchers.clear();
  };
}

/** Starts watching; returns a function that stops it. */
export function watch(options: WatchOptions): () => void {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const changed = [...pending].sort();
    pending.clear();
    forgetProjectModules();
    options.rebuild(changed);
  };
  const stop = watchFolders(options.dirs, (file) => {
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, options.debounceMs ?? 15);
  });
  return () => {
    if (timer) clearTimeout(timer);
    stop();
  };
}

/**
 * `tsc --noEmit --incremental` of the whole project in a child process, restarted on each change
 * (an older run is stopped): reports the errors in the changed files, then a one-line summary.
 */
export class BackgroundTypeCheck {
  private child: ChildProcess | undefined;

  constructor(
    private readonly report: (text: string) => void,
    private readonly root: string = PROJECT_ROOT,
  ) {}

  run(changed: readonly string[]): void {
    this.stop();
    const started = Date.now();
    const tsc = path.join(this.root, 'node_modules', 'typescript', 'bin', 'tsc');
    const buildInfo = path.join(this.root, 'node_modules', '.cache', 'pipeline-ts', 'watch.tsbuildinfo');
    const child = spawn(process.execPath, [tsc, '--noEmit', '--incremental', '--tsBuildInfoFile', buildInfo, '--pretty', 'false', '-p', this.root], {
      cwd: this.root,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.child = child;
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', () => {
      if (this.child !== child) return;
      this.child = undefined;
      const rel = new Set(changed.map((f) => path.relative(this.root, f)));
      const errors = out.split('\n').filter((line) => /^\S.*\(\d+,\d+\): error TS\d+/.test(line));
      const mine = errors.filter((line) => rel.has(line.slice(0, line.indexOf('('))));
      for (const line of mine) this.report(`types: ${line}\n`);
      const others = errors.length - mine.length;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.report(`types: ${mine.length} error(s) in changed files${others ? `, ${others} elsewhere` : ''} (${seconds} s)\n`);
    });
  }

  stop(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill();
  }
}
