/**
 * Pinned server builds for the end-to-end tests: each server is a small wrapper Go module under
 * tools/servers/<name> that requires the upstream module at the version docker-compose.yml pins.
 * Binaries are built once into a cache folder outside the repository, keyed by server version and
 * Go version, so a second run (or CI on the same machine, from a fresh clone) costs nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const TOOLS_DIR = path.join(ROOT, 'tools', 'servers');

export interface ServerSpec {
  /** Release version, as the docker-compose.yml image tag names it. */
  readonly version: string;
  /** docker-compose.yml image the build stands in for (image:tag, tag without a leading v). */
  readonly image: string;
  /** Upstream Go module and the module version that release is published as. */
  readonly module: string;
  readonly moduleVersion: string;
  /** Binary name → Go package built into it. */
  readonly binaries: Readonly<Record<string, string>>;
  /** Go variable the upstream release build sets to the version (`--version` shows it). */
  readonly versionVariable: string;
  readonly versionValue: string;
}

export const servers = {
  prometheus: {
    version: '3.4.1',
    image: 'prom/prometheus',
    module: 'github.com/prometheus/prometheus',
    moduleVersion: 'v0.304.1',
    binaries: { prometheus: 'github.com/prometheus/prometheus/cmd/prometheus', promtool: 'github.com/prometheus/prometheus/cmd/promtool' },
    versionVariable: 'github.com/prometheus/common/version.Version',
    versionValue: '3.4.1',
  },
  jaeger: {
    version: '2.13.0',
    image: 'jaegertracing/jaeger',
    module: 'github.com/jaegertracing/jaeger',
    moduleVersion: 'v1.76.0',
    binaries: { jaeger: 'github.com/jaegertracing/jaeger/cmd/jaeger' },
    versionVariable: 'github.com/jaegertracing/jaeger/internal/version.latestVersion',
    versionValue: 'v2.13.0',
  },
} as const satisfies Record<string, ServerSpec>;

export type ServerName = keyof typeof servers;
export const SERVER_NAMES = Object.keys(servers) as ServerName[];

export function isServerName(name: string): name is ServerName {
  return Object.prototype.hasOwnProperty.call(servers, name);
}

/** `${XDG_CACHE_HOME:-$HOME/.cache}/pipeline-dashboards/servers`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'pipeline-dashboards', 'servers');
}

export class GoNotFoundError extends Error {}

/** `go1.26.8`, or undefined without a Go toolchain. */
export function goVersion(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const r = spawnSync('go', ['env', 'GOVERSION'], { env, encoding: 'utf8', timeout: 30_000 });
  const v = r.status === 0 ? r.stdout.trim() : '';
  return /^go\d+\.\d+(\.\d+)?$/.test(v) ? v : undefined;
}

export function serverDir(name: ServerName, go: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), `${name}-${servers[name].version}-${go}`);
}

export interface BuildManifest {
  readonly server: ServerName;
  readonly version: string;
  readonly module: string;
  readonly go: string;
  readonly builtAt: string;
  readonly buildSeconds: number;
  readonly binaries: Readonly<Record<string, number>>;
}

const MANIFEST = 'manifest.json';

function readManifest(dir: string): BuildManifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as BuildManifest;
    return Object.keys(m.binaries).every((b) => isExecutable(path.join(dir, 'bin', b))) ? m : undefined;
  } catch {
    return undefined;
  }
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Path of a built binary for the Go on PATH, or undefined when it is not built (or there is no
 * Go: then any cached build of that server version is taken, newest Go first).
 */
export function builtBinary(name: ServerName, binary: string = name, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const go = goVersion(env);
  const dirs = go
    ? [serverDir(name, go, env)]
    : (() => {
        const prefix = `${name}-${servers[name].version}-go`;
        try {
          return fs
            .readdirSync(cacheRoot(env))
            .filter((d) => d.startsWith(prefix))
            .sort()
            .reverse()
            .map((d) => path.join(cacheRoot(env), d));
        } catch {
          return [];
        }
      })();
  for (const dir of dirs) {
    const m = readManifest(dir);
    if (m && binary in m.binaries) return path.join(dir, 'bin', binary);
  }
  return undefined;
}

export interface BuildResult {
  readonly dir: string;
  readonly cached: boolean;
  readonly manifest: BuildManifest;
}

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  log(`$ (cd ${path.relative(ROOT, cwd) || '.'} && ${cmd} ${args.join(' ')})`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${signal ?? code}`))));
  });
}

/**
 * Builds one server into its cache folder unless a complete build is there already. The build
 * goes to a temporary sibling folder renamed into place at the end, so an interrupted build never
 * looks complete.
 */
export async function buildServer(name: ServerName, env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = () => undefined): Promise<BuildResult> {
  const go = goVersion(env);
  if (!go) throw new GoNotFoundError('go not found on PATH: install Go 1.24 or newer to build the test servers');
  const dir = serverDir(name, go, env);
  const existing = readManifest(dir);
  if (existing) return { dir, cached: true, manifest: existing };

  const spec: ServerSpec = servers[name];
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = fs.mkdtempSync(`${dir}.partial-`);
  try {
    const started = Date.now();
    const sizes: Record<string, number> = {};
    for (const [binary, pkg] of Object.entries(spec.binaries)) {
      const out = path.join(tmp, 'bin', binary);
      // -mod=readonly: the committed go.sum is the lock file; a mismatch fails instead of re-resolving.
      const ldflags = `-X ${spec.versionVariable}=${spec.versionValue}`;
      await run('go', ['build', '-mod=readonly', '-trimpath', `-ldflags=${ldflags}`, '-o', out, pkg], path.join(TOOLS_DIR, name), env, log);
      sizes[binary] = fs.statSync(out).size;
    }
    const manifest: BuildManifest = {
      server: name,
      version: spec.version,
      module: `${spec.module}@${spec.moduleVersion}`,
      go,
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 100) / 10,
      binaries: sizes,
    };
    fs.writeFileSync(path.join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    return { dir, cached: false, manifest };
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `Usage: npm run servers -- <command> [server...]

Commands:
  build [server...]        build the named servers (default: all) unless cached
  path <server> [binary]   print the path of a built binary (exit 1 when not built)
  list                     print each server, its version and cache state

Servers: ${SERVER_NAMES.join(', ')}
Cache:   \${XDG_CACHE_HOME:-$HOME/.cache}/pipeline-dashboards/servers/<server>-<version>-go<version>/
`;

/** Command line: exit 0 ok, 1 not built / build failed, 2 usage error. */
export async function main(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || rest.includes('--help')) {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  const unknown = (command === 'path' ? rest.slice(0, 1) : rest).filter((n) => !isServerName(n));
  if (unknown.length > 0) {
    io.stderr(`servers: unknown server ${unknown.map((n) => JSON.stringify(n)).join(', ')} (known: ${SERVER_NAMES.join(', ')})\n`);
    return 2;
  }
  switch (command) {
    case 'build': {
      const names = rest.length > 0 ? (rest as ServerName[]) : SERVER_NAMES;
      for (const name of names) {
        try {
          const r = await buildServer(name, env, (line) => io.stderr(`${line}\n`));
          const size = Object.values(r.manifest.binaries).reduce((a, b) => a + b, 0);
          io.stdout(`${name} ${servers[name].version}: ${r.cached ? 'cached' : `built in ${r.manifest.buildSeconds} s`} (${(size / 2 ** 20).toFixed(0)} MiB) ${r.dir}\n`);
        } catch (error) {
          io.stderr(`servers: ${name} ${servers[name].version}: ${(error as Error).message}\n`);
          return 1;
        }
      }
      return 0;
    }
    case 'path': {
      const [name, binary, ...extra] = rest;
      if (!name || extra.length > 0) {
        io.stderr('servers: path takes <server> [binary] (see --help)\n');
        return 2;
      }
      const file = builtBinary(name as ServerName, binary ?? name, env);
      if (!file) {
        io.stderr(`servers: ${name} ${servers[name as ServerName].version} is not built: run npm run servers -- build ${name}\n`);
        return 1;
      }
      io.stdout(`${file}\n`);
      return 0;
    }
    case 'list': {
      if (rest.length > 0) {
        io.stderr('servers: list takes no arguments (see --help)\n');
        return 2;
      }
      for (const name of SERVER_NAMES) {
        const file = builtBinary(name, name, env);
        io.stdout(`${name} ${servers[name].version} (${servers[name].module}@${servers[name].moduleVersion}): ${file ? path.dirname(path.dirname(file)) : 'not built'}\n`);
      }
      return 0;
    }
    default:
      io.stderr(`servers: unknown command ${JSON.stringify(command)} (see --help)\n`);
      return 2;
  }
}
