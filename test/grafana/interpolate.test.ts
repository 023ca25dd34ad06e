import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ALL,
  customOptions,
  listedValues,
  dashboardTargets,
  dashboardVariables,
  formatDuration,
  interpolate,
  intervalFor,
  labelValuesQuery,
  parseDuration,
  queryKind,
  rateInterval,
  referencedVariables,
  roundInterval,
  unresolvedVariables,
  type DashboardVariable,
  type InterpolationContext,
} from '../../src/grafana/interpolate';

const ROOT = path.resolve(__dirname, '..', '..');

const vars: DashboardVariable[] = [
  { name: 'env', type: 'query', multi: true, includeAll: true, allValue: '.*' },
  { name: 'backend', type: 'query', multi: true, includeAll: true },
  { name: 'single', type: 'custom', multi: false, includeAll: false },
  { name: 'chained', type: 'custom', multi: true, includeAll: true, allValue: '$env-x' },
];

function ctx(selection: InterpolationContext['selection'], datasource: 'prometheus' | 'loki' = 'prometheus'): InterpolationContext {
  return {
    variables: vars,
    options: { env: ['online', 'offline'], backend: ['c99', 'cuda', 'rust'] },
    selection,
    datasource,
    time: { rangeMs: 3_600_000, intervalMs: 2000, scrapeIntervalMs: 15_000 },
  };
}

describe('interpolate', () => {
  const all = ctx({ env: [ALL], backend: [ALL], single: ['a.b'], chained: [ALL] });

  test.each([
    ['All with allValue is used verbatim', 'x{env=~"$env"}', 'x{env=~".*"}'],
    ['All without allValue is a regex alternation of every option', 'x{b=~"$backend"}', 'x{b=~"(c99|cuda|rust)"}'],
    ['${var} syntax', 'x{b=~"${backend}"}', 'x{b=~"(c99|cuda|rust)"}'],
    ['[[var]] syntax', 'x{b=~"[[backend]]"}', 'x{b=~"(c99|cuda|rust)"}'],
    ['${var:regex}', 'x{b=~"${backend:regex}"}', 'x{b=~"(c99|cuda|rust)"}'],
    ['${var:pipe}', '${backend:pipe}', 'c99|cuda|rust'],
    ['${var:csv}', '${backend:csv}', 'c99,cuda,rust'],
    ['single-value variable is not regex-escaped', 'x{s="$single"}', 'x{s="a.b"}'],
    ['allValue containing a variable is interpolated again', '$chained', '.*-x'],
    ['unknown variables stay as they are', '$nope ${nope}', '$nope ${nope}'],
  ])('%s', (_name, expr, expected) => {
    expect(interpolate(expr, all)).toBe(expected);
  });

  test('built-in time variables', () => {
    const t = ctx({});
    // rate interval = max(2s + 15s, 4 × 15s) = 60s
    expect(interpolate('rate(x[$__rate_interval])', t)).toBe('rate(x[60s])');
    expect(interpolate('[$__interval] $__interval_ms', t)).toBe('[2s] 2000');
    expect(interpolate('increase(x[$__range]) $__range_s $__range_ms', t)).toBe('increase(x[3600s]) 3600 3600000');
  });

  test('rate interval grows with $__interval when that dominates', () => {
    expect(rateInterval({ intervalMs: 120_000, scrapeIntervalMs: 15_000 })).toBe(135_000);
    expect(rateInterval({ intervalMs: 1000, scrapeIntervalMs: 1000 })).toBe(4000);
  });

  test('a selected multi-value is a regex alternation, a single value stands alone', () => {
    expect(interpolate('$backend', ctx({ backend: ['c99', 'rust'] }))).toBe('(c99|rust)');
    expect(interpolate('$backend', ctx({ backend: ['c99'] }))).toBe('c99');
  });

  test('regex metacharacters in values are escaped for a quoted PromQL/LogQL regex', () => {
    // Grafana doubles the backslash: one for the regex, one for the string literal.
    expect(interpolate('"$backend"', ctx({ backend: ['a.b', 'c|d'] }))).toBe('"(a\\\\.b|c\\\\|d)"');
    expect(interpolate('"$backend"', ctx({ backend: ['a.b'] }, 'loki'))).toBe('"a\\\\.b"');
    expect(interpolate('${backend:regex}', ctx({ backend: ['a.b'] }))).toBe('a\\.b');
  });

  test('a variable without a selection is an error naming it', () => {
    expect(() => interpolate('$backend', ctx({}))).toThrow(/backend/);
  });

  test('unsupported formats are reported', () => {
    expect(() => interpolate('${backend:sqlstring}', ctx({ backend: ['a'] }))).toThrow(/sqlstring/);
  });

  test('unresolved and referenced variables', () => {
    expect(unresolvedVariables('a $x [[y]] ${z:csv} b')).toEqual(['$x', '[[y]]', '${z:csv}']);
    expect(referencedVariables('$__rate_interval $env ${backend} [[env]]')).toEqual(['env', 'backend']);
  });
});

describe('durations and intervals', () => {
  test.each([
    [1000, '1s'],
    [60_000, '60s'],
    [1500, '1500ms'],
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  test.each([
    ['1s', 1000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
  ])('parseDuration(%s) = %d', (text, ms) => expect(parseDuration(text)).toBe(ms));

  test.each(['', '1', 'abc', '1s2'])('parseDuration rejects %j', (text) => expect(() => parseDuration(text)).toThrow(/invalid duration/));

  test('roundInterval snaps to nice values', () => {
    expect(roundInterval(3600)).toBe(5000);
    expect(roundInterval(14_000)).toBe(15_000);
    expect(roundInterval(1e13)).toBe(31_536_000_000);
  });

  test('$__interval never goes below the minimum interval', () => {
    expect(intervalFor(3_600_000, 1000, 15_000)).toBe(15_000);
    expect(intervalFor(3_600_000, 1000, 1000)).toBe(5000);
  });
});

describe('query kind', () => {
  test.each([
    ['timeseries', {}, 'range'],
    ['heatmap', {}, 'range'],
    ['barchart', {}, 'range'],
    ['barchart', { instant: true, range: false }, 'instant'],
    ['table', {}, 'instant'],
    ['stat', {}, 'instant'],
    ['gauge', {}, 'instant'],
    ['timeseries', { instant: true }, 'instant'],
    ['stat', { range: true }, 'range'],
    ['logs', { queryType: 'range' }, 'range'],
  ] as const)('%s %j → %s', (panelType, target, kind) => expect(queryKind(panelType, target)).toBe(kind));
});

describe('dashboard targets and variables', () => {
  const dashboard = {
    uid: 'd',
    title: 'D',
    templating: { list: [{ name: 'env', type: 'query', query: { query: 'label_values(up{job="x"}, env)' } }] },
    panels: [
      { id: 1, type: 'row', title: 'Row', panels: [{ id: 2, type: 'stat', title: 'Nested', targets: [{ refId: 'A', expr: 'up', datasource: { type: 'prometheus' } }] }] },
      {
        id: 3,
        type: 'timeseries',
        title: 'TS',
        datasource: { type: 'prometheus', uid: '${prometheus_ds}' },
        targets: [
          { refId: 'A', expr: 'rate(x[1m])', exemplar: true },
          { refId: 'B', expr: 'hidden', hide: true },
        ],
      },
      { id: 4, type: 'logs', title: 'Logs', targets: [{ refId: 'A', expr: '{a="b"}', datasource: { type: 'loki' } }] },
      { id: 5, type: 'text', title: 'Text' },
    ],
  };

  test('lists PromQL and LogQL targets with pointers, skipping hidden ones', () => {
    const targets = dashboardTargets(dashboard);
    expect(targets.map((t) => [t.panelTitle, t.pointer, t.datasource, t.kind, t.exemplar])).toEqual([
      ['Nested', '/panels/0/panels/0/targets/0', 'prometheus', 'instant', false],
      ['TS', '/panels/1/targets/0', 'prometheus', 'range', true],
      ['Logs', '/panels/2/targets/0', 'loki', 'range', false],
    ]);
  });

  test('parses label_values variable queries', () => {
    expect(labelValuesQuery(dashboardVariables(dashboard)[0]!)).toEqual({ label: 'env', match: 'up{job="x"}' });
    expect(labelValuesQuery({ name: 'x', type: 'query', query: 'label_values(job)' })).toEqual({ label: 'job', match: undefined });
    expect(labelValuesQuery({ name: 'x', type: 'query', query: 'query_result(up)' })).toBeUndefined();
  });

  test('every target of the generated dashboards interpolates completely', () => {
    const dir = path.join(ROOT, 'generated', 'dashboards');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
      const variables = dashboardVariables(json);
      const selection = Object.fromEntries(variables.map((v) => [v.name, [ALL]]));
      const options = Object.fromEntries(variables.map((v) => [v.name, ['a', 'b']]));
      for (const t of dashboardTargets(json)) {
        const time = { rangeMs: 3_600_000, intervalMs: 5000, scrapeIntervalMs: 1000 };
        const out = interpolate(t.expr, { variables, options, selection, datasource: t.datasource, time });
        expect({ where: `${file} ${t.panelTitle} ${t.refId}`, left: unresolvedVariables(out) }).toEqual({ where: `${file} ${t.panelTitle} ${t.refId}`, left: [] });
      }
    }
  });
});

describe('values a dashboard lists for a variable', () => {
  test('custom options: commas (\\, escapes one), "text : value" pairs, trimmed, empty ones dropped', () => {
    expect(customOptions('a, b\\,c ,, native : -1,x : y : z')).toEqual([
      { text: 'a', value: 'a' },
      { text: 'b,c', value: 'b,c' },
      { text: 'native', value: '-1' },
      { text: 'x : y', value: 'z' },
    ]);
  });

  test.each([
    [{ name: 'v', type: 'custom', query: '1m, 5m' }, ['1m', '5m']],
    [{ name: 'v', type: 'interval', query: '1m,,1h ' }, ['1m', '1h']],
    [{ name: 'v', type: 'constant', query: 'job!=""' }, ['job!=""']],
    [{ name: 'v', type: 'textbox', query: 'default', current: { value: 'typed' } }, ['typed']],
    [{ name: 'v', type: 'textbox', query: '' }, undefined],
    [{ name: 'v', type: 'query', query: 'label_values(job)' }, undefined],
  ])('%j lists %j', (variable, values) => {
    expect(listedValues(variable as DashboardVariable)).toEqual(values);
  });
});
