import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ArtifactIdError,
  ArtifactRecorder,
  artifactIdOf,
  capStream,
  decodeToolchainLog,
  encodeToolchainLog,
  LocalDirectoryStore,
  MemoryArtifactStore,
  ToolchainLogFormatError,
  type ArtifactStore,
} from '../../src/artifacts';
import { tempDir } from '../helpers/cli';

const bytes = (text: string): Buffer => Buffer.from(text);
const put = async (store: ArtifactStore, data: Buffer): Promise<string> => {
  const id = artifactIdOf(data);
  await store.put(id, data);
  return id;
};

describe.each([
  ['LocalDirectoryStore', (max: number) => new LocalDirectoryStore(tempDir('artifacts'), max)],
  ['MemoryArtifactStore', (max: number) => new MemoryArtifactStore(max)],
] as const)('%s', (_name, make) => {
  test('stores by sha256 and reads back the same bytes', async () => {
    const store = make(1 << 20);
    // FIPS 180-2 test vector: sha256("abc").
    expect(await put(store, bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const id = await put(store, Buffer.from([0, 255, 10]));
    expect(await store.get(id)).toEqual(Buffer.from([0, 255, 10]));
    expect(await store.has(id)).toBe(true);
    expect(await store.get(artifactIdOf(bytes('other')))).toBeUndefined();
  });

  test('evicts the oldest artefacts past the size cap, never the one just stored', async () => {
    const store = make(25);
    const ids = [];
    for (const text of ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc']) ids.push(await put(store, bytes(text)));
    expect(await store.has(ids[0]!)).toBe(false);
    expect(await store.has(ids[1]!)).toBe(true);
    expect(await store.has(ids[2]!)).toBe(true);
    const big = await put(store, bytes('x'.repeat(100)));
    expect(await store.has(big)).toBe(true);
  });

  test.each(['../../etc/passwd', 'ABCDEF'.repeat(11).slice(0, 64), 'a'.repeat(63), `${'a'.repeat(64)}\n`])('rejects the malformed id %j', async (id) => {
    const store = make(100);
    await expect(store.get(id)).rejects.toThrow(ArtifactIdError);
    await expect(store.put(id, bytes('x'))).rejects.toThrow(ArtifactIdError);
  });
});

describe('LocalDirectoryStore on disk', () => {
  test('writes <dir>/<2 hex>/<id> atomically, once per id, and re-indexes an existing directory', async () => {
    const dir = tempDir('artifacts');
    const store = new LocalDirectoryStore(dir, 1000);
    const id = await put(store, bytes('output'));
    await store.put(id, bytes('output'));
    const files = fs.readdirSync(dir, { recursive: true }).map(String).sort();
    expect(files).toEqual([id.slice(0, 2), path.join(id.slice(0, 2), id)]);
    const reopened = new LocalDirectoryStore(dir, 1000);
    expect(reopened.bytes).toBe(6);
    expect(await reopened.get(id)).toEqual(bytes('output'));
  });
});

describe('toolchain log encoding', () => {
  test('round-trips arbitrary bytes of both streams with their sizes', () => {
    const stderr = Buffer.from([0, 1, 2, 255, 10, 10, 0x1b]);
    const { data, originalBytes } = encodeToolchainLog({ stdout: 'line 1\nline 2', stderr });
    expect(originalBytes).toEqual({ stdout: 13, stderr: 7 });
    const log = decodeToolchainLog(data);
    expect(log.stdout.toString()).toBe('line 1\nline 2');
    expect(log.stderr).toEqual(stderr);
    expect(log.originalBytes).toEqual({ stdout: 13, stderr: 7 });
  });

  test('a stream over the cap keeps head and tail (the error summary) within the cap', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    const capped = capStream(Buffer.from(lines), 1000);
    expect(capped.length).toBeLessThanOrEqual(1000);
    expect(capped.toString()).toMatch(/^line 0\n/);
    expect(capped.toString()).toMatch(/line 1999$/);
    expect(capped.toString()).toContain(`[… ${Buffer.byteLength(lines)} bytes, middle left out …]`);
    const { data, originalBytes } = encodeToolchainLog({ stdout: '', stderr: lines }, 1000);
    expect(originalBytes.stderr).toBe(Buffer.byteLength(lines));
    expect(data.length).toBeLessThan(1100);
  });

  test.each([
    ['no header', 'stdout 0 0\n\n'],
    ['wrong order', 'toolchain-log 1\nstderr 0 0\n\nstdout 0 0\n\n'],
    ['short stream', 'toolchain-log 1\nstdout 10 10\nabc\n'],
    ['trailing bytes', 'toolchain-log 1\nstdout 0 0\n\nstderr 0 0\n\nextra'],
  ])('rejects %s with a located message', (_case, text) => {
    expect(() => decodeToolchainLog(Buffer.from(text))).toThrow(ToolchainLogFormatError);
  });
});

describe('ArtifactRecorder', () => {
  test('gives the id at once, stores each distinct output once and counts duplicates', async () => {
    const store = new MemoryArtifactStore();
    const recorder = new ArtifactRecorder(store);
    const a = recorder.capture({ stdout: 'gcc: done\n', stderr: '' });
    const b = recorder.capture({ stdout: 'gcc: done\n', stderr: '' });
    const c = recorder.capture({ stdout: '', stderr: 'error[E0101]\n' });
    expect(b.id).toBe(a.id);
    expect(b.deduplicated).toBe(true);
    expect(c.id).not.toBe(a.id);
    expect(c).toMatchObject({ stdoutBytes: 0, stderrBytes: 13, deduplicated: false });
    await recorder.flush();
    expect(recorder.stats).toMatchObject({ captured: 3, written: 2, deduplicated: 1, dropped: 0, failed: 0 });
    expect(decodeToolchainLog((await store.get(c.id))!).stderr.toString()).toBe('error[E0101]\n');
  });

  test('past the bound of writes in flight new artefacts are dropped and counted, not queued', async () => {
    const never: ArtifactStore = { description: 'stalled', put: () => new Promise<void>(() => undefined), get: () => Promise.resolve(undefined), has: () => Promise.resolve(false) };
    const recorder = new ArtifactRecorder(never, { maxPendingWrites: 2 });
    for (let i = 0; i < 5; i++) recorder.capture({ stdout: `run ${i}`, stderr: '' });
    expect(recorder.stats).toMatchObject({ captured: 5, dropped: 3 });
    const started = Date.now();
    await recorder.flush(100);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('a failing store is reported once per artefact, and the id is retried next time', async () => {
    const messages: string[] = [];
    let fail = true;
    const inner = new MemoryArtifactStore();
    const flaky: ArtifactStore = { description: 'flaky', put: (id, d) => (fail ? Promise.reject(new Error('disk full')) : inner.put(id, d)), get: (id) => inner.get(id), has: (id) => inner.has(id) };
    const recorder = new ArtifactRecorder(flaky, { onError: (m) => messages.push(m) });
    const ref = recorder.capture({ stdout: 'x', stderr: '' });
    await recorder.flush();
    expect(messages).toEqual([`artefact ${ref.id} not stored in flaky: disk full`]);
    fail = false;
    recorder.capture({ stdout: 'x', stderr: '' });
    await recorder.flush();
    expect(await inner.has(ref.id)).toBe(true);
  });
});
