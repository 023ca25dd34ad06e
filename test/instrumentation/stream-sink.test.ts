import { Writable } from 'node:stream';
import { StreamSink } from '../../src/instrumentation';
import type { LogLine } from '../../src/instrumentation/types';

test('a stdout reader that stops draining bounds the buffer and counts every skipped line', () => {
  // A real stream whose first write never completes: pending bytes only grow, as with a stalled pipe.
  const stream = new Writable({ write: () => undefined });
  let dropped = 0;
  const sink = new StreamSink(stream, 1024, (n) => (dropped += n));
  const line = 'x'.repeat(100);
  for (let i = 0; i < 100; i++) sink.write({} as LogLine, line);
  expect(stream.writableLength).toBeLessThanOrEqual(1024 + 2 * line.length);
  expect(dropped).toBeGreaterThan(80);
  expect(dropped).toBe(sink.skipped);
});
