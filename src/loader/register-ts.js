'use strict';
/**
 * `node -r ./src/loader/register-ts.js scripts/X.ts`: runs the TypeScript entry points without
 * a compile step the user must remember. Transpile-only: types are checked once, by
 * `tsc --noEmit` in `npm test`.
 *
 * Why not `-r sucrase/register/ts` directly (measured by `npm run bench`): loading sucrase and
 * transpiling every project module was ≈ 140 ms of a ≈ 450 ms build, and V8 compiling the
 * ≈ 260 modules of the dashboard SDK another ≈ 35 ms. So, on disk under node_modules/.cache/:
 *  1. each transpiled module, keyed by a hash of its source, the transpiler's version and this
 *     file's format version; sucrase itself is loaded only on a cache miss;
 *  2. V8's code cache of each CommonJS module loaded, keyed by a hash of the code and the Node
 *     version, so a warm start skips parsing and compiling.
 * Output is what sucrase/register/ts produces (same transforms, same inline source map), minus
 * the down-levelling of syntax Node 20 runs natively.
 * PIPELINE_TS_CACHE=0 turns both caches off. Plain JavaScript: this file cannot transpile itself.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/** Bump when the cached formats or the transform options change. */
const FORMAT = 3;
const ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = process.env.PIPELINE_TS_CACHE_DIR || path.join(ROOT, 'node_modules', '.cache', 'pipeline-ts');
const CACHE_ON = process.env.PIPELINE_TS_CACHE !== '0';
// Node's --enable-source-maps only sees modules it compiles itself: leave compiling to Node then.
const CODE_CACHE_ON =
  CACHE_ON && !process.execArgv.includes('--enable-source-maps') && !/--enable-source-maps/.test(process.env.NODE_OPTIONS || '');

let sucrase;
let transpileSalt;
let cacheWritable;

function hash(...parts) {
  const h = crypto.createHash('sha256');
  for (const part of parts) h.update(part).update('\0');
  return h.digest('hex');
}

function cachePath(kind, key, ext) {
  return path.join(CACHE_DIR, kind, key.slice(0, 2), `${key}${ext}`);
}

function readCache(file, encoding) {
  try {
    return fs.readFileSync(file, encoding);
  } catch {
    return undefined;
  }
}

/** Temp file + rename: parallel processes (jest workers, watch + build) never read half a file. */
function writeCache(file, data) {
  if (cacheWritable === false) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
    cacheWritable = true;
  } catch {
    // Read-only install: a cache that cannot be written is only a slower start, never a failure.
    cacheWritable = false;
  }
}

function transpilerVersion() {
  // Part of every key: an upgraded sucrase never serves output of the old one.
  const pkg = path.join(path.dirname(require.resolve('sucrase')), '..', 'package.json');
  return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
}

function transpile(source, filename) {
  // The transforms and output shape of sucrase's own register hook (sucrase/dist/register.js),
  // except that syntax Node 20 runs natively (?., ??, class fields) is kept: sucrase's helper
  // for ?. allocates on every call, and native class fields match tsconfig's ES2022 target.
  sucrase ??= require('sucrase');
  const { code, sourceMap } = sucrase.transform(source, {
    transforms: ['imports', 'typescript'],
    disableESTransforms: true,
    sourceMapOptions: { compiledFilename: filename },
    filePath: filename,
  });
  const map = Buffer.from(JSON.stringify(sourceMap)).toString('base64');
  return `${code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map}`;
}

function transpileCached(source, filename) {
  if (!CACHE_ON) return transpile(source, filename);
  transpileSalt ??= `${FORMAT}:${transpilerVersion()}`;
  // The file name is in the key because it is inside the output (source map).
  const file = cachePath('ts', hash(transpileSalt, filename, source), '.js');
  const cached = readCache(file, 'utf8');
  if (cached !== undefined) return cached;
  const code = transpile(source, filename);
  writeCache(file, code);
  return code;
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(transpileCached(fs.readFileSync(filename, 'utf8'), filename), filename);
};

// ---- V8 code cache for CommonJS modules -------------------------------------------------------

const originalCompile = Module.prototype._compile;
/** Scripts compiled without usable cached data: their code cache is written at exit. */
const pendingCodeCache = [];

function makeRequire(module) {
  // What Node's own makeRequireFunction provides to a CommonJS module.
  const localRequire = (id) => module.require(id);
  localRequire.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  localRequire.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  localRequire.main = process.mainModule;
  localRequire.extensions = Module._extensions;
  localRequire.cache = Module._cache;
  return localRequire;
}

Module.prototype._compile = function compileWithCodeCache(content, filename, format) {
  // Left to Node: the entry module (Node keeps per-load state around it), ES modules, and code
  // using import() (a vm.Script needs an experimental option for it).
  if (!CODE_CACHE_ON || format === 'module' || this.id === '.' || content.includes('import(')) {
    return originalCompile.call(this, content, filename, format);
  }
  const file = cachePath('v8', hash(String(FORMAT), process.version, process.arch, filename, content), '.bin');
  const cachedData = readCache(file);
  let script;
  try {
    script = new vm.Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
  } catch {
    // Syntax Node handles differently (ES module syntax in a .js file, say): let Node report or load it.
    return originalCompile.call(this, content, filename, format);
  }
  if (!cachedData || script.cachedDataRejected) pendingCodeCache.push({ script, file });
  const wrapper = script.runInThisContext({ displayErrors: true });
  return Reflect.apply(wrapper, this.exports, [this.exports, makeRequire(this), this, filename, path.dirname(filename)]);
};

process.once('exit', () => {
  // After the run, so the cache also holds the functions compiled lazily while running.
  for (const { script, file } of pendingCodeCache) writeCache(file, script.createCachedData());
});
