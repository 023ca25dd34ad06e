import { registryFamilies } from '../../src/bench/exposition';
import { makeRow, markdownTable, textTable } from '../../src/bench/report';
import { quantile, summarize } from '../../src/bench/stats';

const s = (median: number) => ({ median, min: median, max: median, runs: 1 });

describe('bench statistics', () => {
  test.each([
    [[3, 1, 2], 2, 1, 3],
    [[4, 1, 3, 2], 2.5, 1, 4],
    [[7], 7, 7, 7],
  ])('summarize(%j) → median %d, min %d, max %d', (values, median, min, max) => {
    expect(summarize(values)).toEqual({ median, min, max, runs: values.length });
  });

  test('quantile is nearest-rank: p99 of 1..100 is 99, p50 is 50', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile([5], 0.99)).toBe(5);
  });
});

describe('bench rows', () => {
  test.each([
    [{ maxRatio: 1.5 }, 140, 100, true, '≤ 1.5×'],
    [{ maxRatio: 1.5 }, 160, 100, false, '≤ 1.5×'],
    [{ maxRatio: 4, maxMedian: 1000 }, 900, 300, true, '≤ 4× and ≤ 1.00 s'],
    [{ maxRatio: 4, maxMedian: 1000 }, 1100, 300, false, '≤ 4× and ≤ 1.00 s'],
  ])('target %j with %d ms over a %d ms floor', (target, value, floor, pass, text) => {
    const row = makeRow({ id: 'x', what: 'x', unit: 'ms', value: s(value), floor: { what: 'f', value: s(floor) } }, target);
    expect(row.pass).toBe(pass);
    expect(row.ratio).toBeCloseTo(value / floor);
    expect(row.target).toBe(text);
  });

  test('a row without target is informational, and tables mark failures', () => {
    const info = makeRow({ id: 'i', what: 'info row', unit: 'MB', value: s(10) });
    const fail = makeRow({ id: 'f', what: 'failing row', unit: 'ms', value: s(300) }, { maxMedian: 200 });
    expect(info.pass).toBeNull();
    expect(textTable([info, fail])).toMatch(/failing row\s+300 ms.*≤ 200 ms\s+FAIL/);
    expect(markdownTable([info, fail]).split('\n')).toHaveLength(4);
  });
});

describe('exposition parser (floor registry input)', () => {
  const text = [
    '# HELP jobs_total Jobs done.',
    '# TYPE jobs_total counter',
    'jobs_total{kind="a"} 3',
    'jobs_total{kind="b \\"q\\""} 4',
    '# HELP lat_seconds Latency.',
    '# TYPE lat_seconds histogram',
    'lat_seconds_bucket{le="0.1",op="x"} 1',
    'lat_seconds_bucket{le="1",op="x"} 2',
    'lat_seconds_bucket{le="+Inf",op="x"} 2',
    'lat_seconds_sum{op="x"} 1.2',
    'lat_seconds_count{op="x"} 2',
    '# TYPE size summary',
    'size{quantile="0.5"} 10',
    'size_sum 30',
    'size_count 3',
    '',
  ].join('\n');

  test('keeps families, types, label sets, buckets and quantiles', () => {
    const families = new Map(registryFamilies(text).map((f) => [f.name, f]));
    expect(families.get('jobs_total')).toMatchObject({ type: 'counter', help: 'Jobs done.', labelNames: ['kind'] });
    expect(families.get('jobs_total')?.series.map((x) => x.labels.kind)).toEqual(['a', 'b "q"']);
    expect(families.get('lat_seconds')).toMatchObject({ type: 'histogram', buckets: [0.1, 1], labelNames: ['op'], series: [{ labels: { op: 'x' }, value: 0.6 }] });
    expect(families.get('size')).toMatchObject({ type: 'summary', quantiles: [0.5], series: [{ labels: {}, value: 10 }] });
    expect(families.size).toBe(3);
  });
});
