import * as zlib from 'node:zlib';
import { encodeProtobufPush, parseLabelSet, startLokiReceiver, type LokiReceiver } from '../helpers/loki-receiver';

async function post(url: string, body: Uint8Array | string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', body, headers, signal: AbortSignal.timeout(5000) });
  return { status: res.status, text: await res.text() };
}

describe('Loki push receiver', () => {
  let receiver: LokiReceiver;
  beforeEach(async () => {
    receiver = await startLokiReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  test('binds loopback on an ephemeral port', () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('decodes a protobuf + snappy PushRequest encoded here', async () => {
    const body = encodeProtobufPush([
      {
        labels: '{service_name="compile-pipeline", environment="offline", host_region="airgap-lab"}',
        entries: [
          { tsNs: 1_700_000_000_123_456_789n, line: '{"event":"verify.block"}', structuredMetadata: { trace_id: 'ab'.repeat(16) } },
          { tsNs: 1_700_000_001_000_000_000n, line: 'second' },
        ],
      },
    ]);
    // Snappy block format starts with the uncompressed length as a varint, never with '{'.
    expect(body[0]).not.toBe('{'.charCodeAt(0));
    const res = await post(receiver.url, body, { 'content-type': 'application/x-protobuf' });
    expect(res.status).toBe(204);
    expect(receiver.pushes[0]!.contentType).toBe('application/x-protobuf');
    expect(receiver.streams()).toEqual([
      {
        labels: { service_name: 'compile-pipeline', environment: 'offline', host_region: 'airgap-lab' },
        entries: [
          { tsNs: '1700000000123456789', line: '{"event":"verify.block"}', structuredMetadata: { trace_id: 'ab'.repeat(16) } },
          { tsNs: '1700000001000000000', line: 'second', structuredMetadata: {} },
        ],
      },
    ]);
  });

  test('decodes JSON pushes, also gzip-encoded, and merges equal streams', async () => {
    const push = (line: string) => JSON.stringify({ streams: [{ stream: { a: 'b' }, values: [['1700000000000000000', line]] }] });
    expect((await post(receiver.url, push('one'), { 'content-type': 'application/json' })).status).toBe(204);
    expect((await post(receiver.url, zlib.gzipSync(push('two')), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(204);
    expect(receiver.streams()).toEqual([{ labels: { a: 'b' }, entries: [expect.objectContaining({ line: 'one' }), expect.objectContaining({ line: 'two' })] }]);
    await receiver.waitForEntries(2, 1000);
  });

  test.each([
    ['JSON without streams', '{}', 'application/json', 400, /streams/],
    ['JSON with a numeric timestamp', '{"streams":[{"stream":{"a":"b"},"values":[[1,"x"]]}]}', 'application/json', 400, /values\[0\]/],
    ['not snappy', 'hello', 'application/x-protobuf', 400, /snappy|PushRequest/],
    ['other content type', 'x', 'text/plain', 415, /Content-Type/],
  ])('rejects %s', async (_name, body, contentType, status, message) => {
    const res = await post(receiver.url, body, { 'content-type': contentType });
    expect(res.status).toBe(status);
    expect(res.text).toMatch(message);
    expect(receiver.pushes).toHaveLength(0);
  });

  test('other paths are 404', async () => {
    const res = await fetch(`${receiver.url}/loki/api/v1/query`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(404);
  });

  test('waitForEntries is bounded', async () => {
    await expect(receiver.waitForEntries(1, 200)).rejects.toThrow(/0 of 1/);
  });
});

describe('parseLabelSet', () => {
  test('parses quoted values with escapes', () => {
    expect(parseLabelSet('{a="b", c="d\\"e",f=""}')).toEqual({ a: 'b', c: 'd"e', f: '' });
    expect(parseLabelSet('{}')).toEqual({});
  });
  test.each(['a="b"', '{a=b}', '{a="b" c="d"}'])('rejects %s', (text) => expect(() => parseLabelSet(text)).toThrow(/invalid stream labels/));
});
