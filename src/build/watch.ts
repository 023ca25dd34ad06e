/**
 * Rebuild on save. Watches the folders of the dashboard modules and of the project sources they
 * import (folders, not files: an editor's atomic save writes a temporary file and renames it over
 * the old one, which a watch on the file's inode would never see again; new and deleted files
 * are folder events too). On a change it forgets the project's modules (not node_modules: the SDK
 * stays loaded, which keeps a rebuild to a few milliseconds) and runs the same plan → write cycle
 * as a normal build. BackgroundTypeCheck reports the type errors of the changed files.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { printable } from '../text/safe-text';
import { PROJECT_ROOT } from './build';
import type { CheckReply, CheckRequest, TypeCheckOptions, TypeCheckError } from './type-check-child';

export interface WatchOptions {
  /** Folders to watch, with every sub-folder (new ones included). */
  readonly dirs: readonly string[];
  /** Runs one build; must not throw (report errors itself). */
  readonly rebuild: (changed: readonly string[]) => void;
  /** Coalesces bursts of events from one save. */
  readonly debounceMs?: number;
  /** A folder that appeared later and cannot be watched. */
  readonly warn?: (message: string) => void;
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

/** Not node_modules nor dot folders (.git, editors' and tools' state). */
const watchable = (folder: string) => folder !== 'node_modules' && !folder.startsWith('.');

/**
 * One non-recursive watcher per folder under each root; folders created later are added when they
 * appear. The watchers are in place when this returns (inotify watches are added synchronously), so
 * a caller may announce "watching" then and no save after that is missed. A root that cannot be
 * watched throws (watch mode would silently do nothing); a sub-folder that cannot is reported.
 */
function watchFolders(roots: readonly string[], onFile: (file: string) => void, warn: (message: string) => void): () => void {
  const watchers = new Map<string, fs.FSWatcher>();
  /** `late`: the folder appeared after the watch started, so files may have been written into it before its watcher existed. */
  const add = (dir: string, late: boolean): void => {
    if (watchers.has(dir) || !isDirectory(dir)) return;
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(dir, (_event, name) => {
        if (!name) return;
        const full = path.join(dir, name.toString());
        if (isDirectory(full)) {
          if (watchable(name.toString())) add(full, true);
        } else {
          // A folder deleted or moved away: a moved one's watchers would go on reporting under the old path.
          for (const [watched, w] of watchers) {
            if (watched === full || watched.startsWith(full + path.sep)) {
              w.close();
              watchers.delete(watched);
            }
          }
        }
        if (WATCHED.test(full)) onFile(full);
      });
    } catch (error) {
      // ENOSPC/EMFILE: the inotify limits (fs.inotify.max_user_watches / max_user_instances) are used up.
      const message = `cannot watch ${path.relative(PROJECT_ROOT, dir) || dir}: ${(error as Error).message}`;
      if (!late && roots.includes(dir)) throw new Error(message, { cause: error });
      warn(message);
      return;
    }
    // A deleted folder ends its watcher; it is added again if it comes back.
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (watchable(entry.name)) add(full, late);
      } else if (late && WATCHED.test(full)) onFile(full);
    }
  };
  try {
    for (const root of roots) add(root, false);
  } catch (error) {
    for (const w of watchers.values()) w.close();
    throw error;
  }
  return () => {
    for (const w of watchers.values()) w.close();
    watchers.clear();
  };
}

/** Starts watching (every folder is watched when it returns); returns a function that stops it. */
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
  const stop = watchFolders(
    options.dirs,
    (file) => {
      pending.add(file);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, options.debounceMs ?? 15);
    },
    options.warn ?? (() => undefined),
  );
  return () => {
    if (timer) clearTimeout(timer);
    stop();
  };
}

const TYPE_CHECK_CHILD = path.join(__dirname, 'type-check-child.ts');
const LOADER = path.join(PROJECT_ROOT, 'src', 'loader', 'register-ts.js');
const CHECKER_NICE = 10;

function formatError(e: TypeCheckError): string {
  const where = e.file !== undefined ? `${e.file}:${e.line}:${e.column} ` : '';
  return `types: ${printable(where)}error TS${e.code}: ${printable(e.message)}\n`;
}

/**
 * Type errors after each change, from one long-lived child process holding a TypeScript language
 * service (type-check-child.ts). start() forks it and has it check the whole project once, so that
 * the first save already finds its program and the lib and SDK declarations in memory (a cold
 * check is ≈ 10 s on a busy 2-core machine, a warm one well under 1 s); run() starts it if needed.
 * Reports the changed files' errors and a summary line, then those of the files importing them.
 */
export class BackgroundTypeCheck {
  private child: ChildProcess | undefined;
  private nextId = 1;
  /** When each request was sent. */
  private readonly sent = new Map<number, number>();

  constructor(
    private readonly report: (text: string) => void,
    private readonly options: { readonly root?: string; readonly dashboardsDir?: string } = {},
  ) {}

  private get root(): string {
    return this.options.root ?? PROJECT_ROOT;
  }

  /** Forks the checker (if not running) and has it check every file. */
  start(): void {
    if (!this.child) this.send([]);
  }

  run(changed: readonly string[]): void {
    this.send(changed);
  }

  private send(changed: readonly string[]): void {
    const id = this.nextId++;
    this.sent.set(id, Date.now());
    const request: CheckRequest = { type: 'check', id, changed };
    // A child that died a moment ago: its exit handler reports it, the next change starts a new one.
    (this.child ?? this.fork()).send(request, () => undefined);
  }

  private fork(): ChildProcess {
    const settings: TypeCheckOptions = { root: this.root, extraDirs: this.options.dashboardsDir ? [this.options.dashboardsDir] : [] };
    const child = fork(TYPE_CHECK_CHILD, [JSON.stringify(settings)], {
      cwd: this.root,
      execArgv: ['-r', LOADER],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.child = child;
    // Background work: on a busy machine the rebuild and the validator (the JSON on disk) go first.
    try {
      os.setPriority(child.pid!, CHECKER_NICE);
    } catch {
      // Not permitted here (some containers): it just competes at the same priority.
    }
    child.on('message', (reply: CheckReply) => this.onReply(reply));
    child.on('error', (error) => this.report(`types: the type checker failed: ${printable(error.message)}\n`));
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.report(`types: the type checker stopped (${signal ?? `exit ${code}`}); the next change starts it again\n`);
    });
    return child;
  }

  private seconds(id: number): string {
    return ((Date.now() - (this.sent.get(id) ?? Date.now())) / 1000).toFixed(1);
  }

  private onReply(reply: CheckReply): void {
    if (reply.type === 'failed') {
      this.report(`types: the type check failed: ${printable(reply.message)}\n`);
      return;
    }
    // The request start() sends has no changed files: its errors are the whole project's.
    const changes = reply.changes > 0;
    for (const e of reply.errors) this.report(formatError(e));
    if (reply.type === 'rest') {
      this.report(`types: ${reply.errors.length} error(s) in ${reply.files}${changes ? ' other' : ''} file(s) checked (${this.seconds(reply.id)} s)\n`);
      return;
    }
    // Replies come in order: an older request's passes are over (answered or given up).
    for (const id of this.sent.keys()) if (id < reply.id) this.sent.delete(id);
    if (changes) {
      const elsewhere = reply.elsewhere ? `, ${reply.elsewhere} elsewhere` : '';
      this.report(`types: ${reply.errors.length} error(s) in changed files${elsewhere} (${this.seconds(reply.id)} s)\n`);
    }
  }

  stop(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill();
  }
}
