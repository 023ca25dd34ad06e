import { ExpositionSyntaxError, parseExposition } from '../../src/instrumentation/exposition-parse';

describe('parseExposition', () => {
  test('groups samples under the family block they follow, with exemplars and escapes undone once', () => {
    const text = [
      '# HELP lat_seconds Latency \\\\ with a backslash\\nand a newline.',
      '# TYPE lat_seconds histogram',
      'lat_seconds_bucket{le="0.5",path="a}b",note="say \\"hi\\"",raw="C:\\\\new"} 3 # {trace_id="abc"} 0.25 1700000000.123',
      'lat_seconds_bucket{le="+Inf",path="a}b",note="say \\"hi\\"",raw="C:\\\\new"} 4',
      'lat_seconds_sum{path="a}b"} 1.5',
      'lat_seconds_count{path="a}b"} 4',
      '# TYPE jobs counter',
      'jobs_total 7',
      '# EOF',
    ].join('\n');
    const families = parseExposition(text);
    expect([...families.keys()]).toEqual(['lat_seconds', 'jobs']);
    const lat = families.get('lat_seconds')!;
    expect(lat.help).toBe('Latency \\ with a backslash\nand a newline.');
    expect(lat.samples.map((s) => s.name)).toEqual(['lat_seconds_bucket', 'lat_seconds_bucket', 'lat_seconds_sum', 'lat_seconds_count']);
    expect(lat.samples[0]).toEqual({
      name: 'lat_seconds_bucket',
      labels: { le: '0.5', path: 'a}b', note: 'say "hi"', raw: 'C:\\new' },
      value: 3,
      exemplar: { labels: { trace_id: 'abc' }, value: 0.25, timestamp: 1700000000.123 },
    });
    expect(lat.samples[1]!.value).toBe(3 + 1);
    expect(families.get('jobs')!.samples).toEqual([{ name: 'jobs_total', labels: {}, value: 7 }]);
  });

  test('reads +Inf, -Inf and NaN values', () => {
    const values = parseExposition('a 1\nb +Inf\nc -Inf\nd NaN\n');
    expect([...values.values()].map((f) => f.samples[0]!.value)).toEqual([1, Infinity, -Infinity, NaN]);
  });

  test.each([
    ['an unterminated label set', 'x{a="1" 2', /line 1: expected "," or "}"/],
    ['a bad value', 'ok 1\nx{a="1"} one', /line 2: bad number "one"/],
    ['no metric name', '{a="1"} 2', /line 1: expected a metric name/],
  ])('rejects %s with the line number', (_what, text, message) => {
    expect(() => parseExposition(text)).toThrow(ExpositionSyntaxError);
    expect(() => parseExposition(text)).toThrow(message);
  });
});
