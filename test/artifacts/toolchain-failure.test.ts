/**
 * The playbook's proposal end to end: a failed compile's stderr is stored by hash, the span and
 * the compile.end line carry only the id, `npm run artifact -- <id>` prints it, and none of it is
 * in the lines pushed to Loki.
 */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { ArtifactRecorder, LocalDirectoryStore } from '../../src/artifacts';
import { startExporter } from '../../src/exporter';
import { runScript, tempDir } from '../helpers/cli';
import { startLokiReceiver, type LokiReceiver } from '../helpers/loki-receiver';

describe('toolchain output by artefact id', () => {
  let loki: LokiReceiver | undefined;
  afterAll(async () => loki?.close());

  test("a toolchain failure's stderr is retrievable by the id on its span and absent from Loki", async () => {
    loki = await startLokiReceiver();
    const dir = tempDir('artifacts');
    const spans = new InMemorySpanExporter();
    const exporter = await startExporter({
      seed: 11,
      logStream: null,
      autoTick: false,
      lokiUrl: loki.url,
      loki: { flushIntervalMs: 20 },
      spanExporter: spans,
      artifactStore: new LocalDirectoryStore(dir),
    });
    exporter.simulator.tick(300);
    // Read before close: shutting the provider down empties the in-memory exporter.
    await exporter.telemetry.tracing.forceFlush();
    const compiles = spans.getFinishedSpans().filter((s) => s.name === 'compile.execute');
    await exporter.close(3000);

    const failed = compiles.filter((s) => typeof s.attributes['error.code'] === 'string' && s.attributes['error.code'] !== 'E0900');
    expect(failed.length).toBeGreaterThan(3);
    expect(compiles.every((s) => /^[0-9a-f]{64}$/.test(String(s.attributes['artifact.log_id'])))).toBe(true);

    const pushed = loki.streams().flatMap((s) => s.entries.map((e) => e.line));
    expect(pushed.length).toBeGreaterThan(300);
    const ends = pushed.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'compile.end');

    for (const span of failed.slice(0, 3)) {
      const id = String(span.attributes['artifact.log_id']);
      const printed = runScript('artifact.ts', [id, '--dir', dir, '--stream', 'stderr']);
      expect({ code: printed.code, stderr: printed.stderr }).toEqual({ code: 0, stderr: '' });
      expect(printed.stdout).toContain(`error[${String(span.attributes['error.code'])}]`);
      expect(Buffer.byteLength(printed.stdout)).toBe(span.attributes['artifact.stderr_bytes']);
      // The compile.end line of that span points at the same artefact…
      const end = ends.find((l) => l.span_id === span.spanContext().spanId);
      expect(end).toMatchObject({ status: 'failure', artifact_log_id: id });
      // …and no line pushed to Loki holds any of the toolchain's output.
      const stderrLines = printed.stdout.split('\n').filter(Boolean);
      expect(stderrLines.length).toBeGreaterThan(8);
      for (const line of stderrLines) expect(pushed.filter((p) => p.includes(line))).toEqual([]);
    }
    expect(pushed.filter((p) => /note: in expansion|translation unit|error\[E/.test(p))).toEqual([]);
  });

  test('npm run artifact: exit 1 for an id the store does not hold, 2 for a malformed one, control characters escaped', async () => {
    const dir = tempDir('artifacts');
    const store = new LocalDirectoryStore(dir);
    const recorder = new ArtifactRecorder(store);
    const ref = recorder.capture({ stdout: 'ok\n', stderr: '\x1b[31merror\x1b[0m: bad\n' });
    await recorder.flush();
    const shown = runScript('artifact.ts', [ref.id, '--dir', dir]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe('== stdout (3 bytes)\nok\n== stderr (20 bytes)\n\\u001b[31merror\\u001b[0m: bad\n');
    const missing = runScript('artifact.ts', ['0'.repeat(64), '--dir', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/is not in .* \(never stored, or evicted by the size cap\)/);
    const bad = runScript('artifact.ts', ['../etc/passwd', '--dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^artifact: invalid id .*64 lowercase hex/);
    expect(runScript('artifact.ts', []).code).toBe(2);
    expect(runScript('artifact.ts', ['--help']).code).toBe(0);
  });
});
