/**
 * Rebuild on save. Watches the dashboard modules and the project sources they import; on a
 * change, forgets the project's modules (not node_modules: the SDK stays loaded, which keeps a
 * rebuild to a few milliseconds) and runs the same plan → write cycle as a normal build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './build';

export interface WatchOptions {
  /** Folders to watch recursively. */
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
  const watchers = options.dirs
    .filter((dir) => fs.existsSync(dir))
    .map((dir) =>
      fs.watch(dir, { recursive: true }, (_event, name) => {
        if (!name || !/\.(ts|json)$/.test(name.toString())) return;
        pending.add(path.join(dir, name.toString()));
        if (timer) clearTimeout(timer);
        timer = setTimeout(flush, options.debounceMs ?? 15);
      }),
    );
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
