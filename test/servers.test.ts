/**
 * The server build cache: where it lives, what counts as a complete build, and the command line.
 * Real builds take minutes (.ci/run does them); these tests use a temporary XDG_CACHE_HOME.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildServer, builtBinary, cacheRoot, goVersion, main, serverDir, servers, SERVER_NAMES, TOOLS_DIR } from '../src/servers/servers';

function tempCache(): { env: NodeJS.ProcessEnv; dir: string; done: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servers-cache-'));
  return { env: { ...process.env, XDG_CACHE_HOME: dir }, dir, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A complete cached build as buildServer leaves it (manifest plus executables). */
function fakeBuild(env: NodeJS.ProcessEnv, name: keyof typeof servers, go: string, binaries: readonly string[]): string {
  const dir = serverDir(name, go, env);
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  for (const b of binaries) fs.writeFileSync(path.join(dir, 'bin', b), '#!/bin/sh\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ server: name, version: servers[name].version, go, binaries: Object.fromEntries(binaries.map((b) => [b, 10])), buildSeconds: 1 }));
  return dir;
}

function io(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (t) => (out += t), stderr: (t) => (err += t) }, out: () => out, err: () => err };
}

const go = goVersion();

describe('server build cache', () => {
  test('lives under XDG_CACHE_HOME, else ~/.cache, outside the repository', () => {
    expect(cacheRoot({ XDG_CACHE_HOME: '/x/cache', HOME: '/h' })).toBe('/x/cache/pipeline-dashboards/servers');
    expect(cacheRoot({ HOME: '/h' })).toBe('/h/.cache/pipeline-dashboards/servers');
    expect(path.relative(path.resolve(__dirname, '..'), cacheRoot()).startsWith('..')).toBe(true);
  });

  test('is keyed by server version and Go version', () => {
    expect(serverDir('prometheus', 'go1.26.8', { XDG_CACHE_HOME: '/c' })).toBe('/c/pipeline-dashboards/servers/prometheus-3.4.1-go1.26.8');
    expect(serverDir('jaeger', 'go1.24.0', { XDG_CACHE_HOME: '/c' })).toBe('/c/pipeline-dashboards/servers/jaeger-2.13.0-go1.24.0');
  });

  test.each(SERVER_NAMES)('%s: the version stamped into the binary is the pinned release', (name) => {
    expect(servers[name].versionValue.replace(/^v/, '')).toBe(servers[name].version);
  });

  test.each(SERVER_NAMES)('%s has a wrapper module with a go.sum', (name) => {
    expect(fs.existsSync(path.join(TOOLS_DIR, name, 'go.mod'))).toBe(true);
    expect(fs.readFileSync(path.join(TOOLS_DIR, name, 'go.sum'), 'utf8')).toContain(`${servers[name].module} ${servers[name].moduleVersion} h1:`);
    for (const pkg of Object.values(servers[name].binaries)) expect(fs.readFileSync(path.join(TOOLS_DIR, name, 'go.mod'), 'utf8')).toContain(pkg);
  });

  (go ? test : test.skip)('a complete build is reused; a partial or manifest-less folder is not', async () => {
    const c = tempCache();
    try {
      expect(builtBinary('jaeger', 'jaeger', c.env)).toBeUndefined();
      // An interrupted build leaves only a .partial- sibling: not found.
      fs.mkdirSync(path.join(cacheRoot(c.env), `jaeger-${servers.jaeger.version}-${go}.partial-x`, 'bin'), { recursive: true });
      expect(builtBinary('jaeger', 'jaeger', c.env)).toBeUndefined();
      // Binaries without the manifest (written last) are not a build either.
      const dir = serverDir('jaeger', go!, c.env);
      fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'bin', 'jaeger'), '', { mode: 0o755 });
      expect(builtBinary('jaeger', 'jaeger', c.env)).toBeUndefined();
      fakeBuild(c.env, 'jaeger', go!, ['jaeger']);
      expect(builtBinary('jaeger', 'jaeger', c.env)).toBe(path.join(dir, 'bin', 'jaeger'));
      const started = Date.now();
      const result = await buildServer('jaeger', c.env);
      expect(result.cached).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
      // A build for another Go version is not taken while Go is on PATH.
      expect(builtBinary('prometheus', 'prometheus', c.env)).toBeUndefined();
      fakeBuild(c.env, 'prometheus', 'go1.0.1', ['prometheus', 'promtool']);
      expect(builtBinary('prometheus', 'prometheus', c.env)).toBeUndefined();
    } finally {
      c.done();
    }
  });

  test('without Go on PATH, a cached build of the pinned version is still found', () => {
    const c = tempCache();
    try {
      fakeBuild(c.env, 'prometheus', 'go1.25.0', ['prometheus', 'promtool']);
      const env = { ...c.env, PATH: '' };
      expect(builtBinary('prometheus', 'promtool', env)).toBe(path.join(serverDir('prometheus', 'go1.25.0', env), 'bin', 'promtool'));
    } finally {
      c.done();
    }
  });
});

describe('npm run servers', () => {
  test('no command: usage, exit 2; --help: exit 0', async () => {
    const a = io();
    expect(await main([], a.io)).toBe(2);
    expect(a.out()).toContain('build [server...]');
    expect(await main(['--help'], io().io)).toBe(0);
  });

  test('unknown server or command: one line, exit 2', async () => {
    const a = io();
    expect(await main(['build', 'grafana'], a.io)).toBe(2);
    expect(a.err()).toBe(`servers: unknown server "grafana" (known: ${SERVER_NAMES.join(', ')})\n`);
    const b = io();
    expect(await main(['frobnicate'], b.io)).toBe(2);
    expect(b.err()).toMatch(/^servers: unknown command "frobnicate" \(see --help\)\n$/);
  });

  test('path: exit 1 with the build command when not built, the binary path when built', async () => {
    const c = tempCache();
    try {
      const a = io();
      expect(await main(['path', 'jaeger'], a.io, c.env)).toBe(1);
      expect(a.err()).toContain('npm run servers -- build jaeger');
      if (go) {
        const dir = fakeBuild(c.env, 'jaeger', go, ['jaeger']);
        const b = io();
        expect(await main(['path', 'jaeger'], b.io, c.env)).toBe(0);
        expect(b.out()).toBe(`${path.join(dir, 'bin', 'jaeger')}\n`);
      }
    } finally {
      c.done();
    }
  });
});
