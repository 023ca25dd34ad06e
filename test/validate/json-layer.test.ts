import { locatePointers, parseJson } from '../../src/validate/json';
import { validateDashboard } from '../../src/validate/engine';
import { substituteValues, substituteVariables, findVariableRefs } from '../../src/grafana/variables';
import { parseQuery } from '../../src/validate/query/parsers';

describe('JSON layer', () => {
  test.each([
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['trailing comma', '{\n  "a": [1, 2,]\n}', 2, 14],
    ['unterminated string (reported at end of input)', '{"a": "x', 1, 9],
    ['empty file', '', 1, 1],
  ])('malformed JSON (%s) is reported at line:column', (_n, text, line, column) => {
    const [f] = validateDashboard(text, { file: 'd.json' });
    expect(f).toMatchObject({ rule: 'json/syntax', severity: 'error', file: 'd.json', line, column });
  });

  test('duplicate keys are errors at the second key, naming the first', () => {
    const found = validateDashboard('{\n  "uid": "a",\n  "title": "T",\n  "panels": [{"id": 1, "id": 2}],\n  "uid": "b"\n}').filter((f) => f.rule === 'json/duplicate-key');
    expect(found.map((f) => [f.pointer, f.line, f.column])).toEqual([
      ['/panels/0/id', 4, 24],
      ['/uid', 5, 3],
    ]);
    expect(found[1]!.message).toContain('first at line 2:3');
  });

  test.each([['[]', 'an array'], ['42', 'number'], ['null', 'null'], ['"x"', 'string']])('top level %s is an error', (text, what) => {
    expect(validateDashboard(text)).toEqual([expect.objectContaining({ rule: 'json/not-object', severity: 'error', message: expect.stringContaining(what) })]);
  });

  test('pointers map to positions, escaped segments and missing members included', () => {
    const text = '{\n "a/b": {"c~d": [10, {"e": true}]},\n "x": 1\n}';
    expect(parseJson(text).ok).toBe(true);
    const pos = locatePointers(text, ['/a~1b/c~0d/1/e', '/x', '/x/missing', '']);
    expect(pos.get('/a~1b/c~0d/1/e')).toEqual({ line: 2, column: 28 });
    expect(pos.get('/x')).toEqual({ line: 3, column: 7 });
    expect(pos.get('/x/missing')).toEqual({ line: 3, column: 7 });
    expect(pos.get('')).toEqual({ line: 1, column: 1 });
  });
});

describe('variable substitution keeps columns', () => {
  test.each([
    ['rate(x[$__rate_interval])', 'rate(x[000000000000001m])'],
    ['rate(x[${__interval}])', 'rate(x[000000000001m])'],
    ['rate(x[[[interval]]])', 'rate(x[00000000001m])'],
    ['x offset $off', 'x offset 001s'],
    ['x offset -$__interval', 'x offset -0000000001m'],
    ['topk($k, $metric{a="$v"})', 'topk(xx, xxxxxxx{a="$v"})'],
    ['sum by ($group) (x) # it\'s $fine', 'sum by (xxxxxx) (x) # it\'s $fine'],
    ['{job="${job:regex}"} |= `$x`', '{job="${job:regex}"} |= `$x`'],
  ])('%s', (input, output) => {
    const s = substituteVariables(input);
    expect(s.text).toBe(output);
    expect(s.text.length).toBe(input.length);
  });

  test.each([
    ['sum(a) $op sum(b)', { op: 'or' }, 'sum(a) or  sum(b)'],
    ['topk($k, x)', { k: '5' }, 'topk(5 , x)'],
    ['rate(x[$w])', { w: '5m' }, 'rate(x[5m])'],
    ['rate(x[$window])', { window: '5m' }, 'rate(x[000005m])'],
    ['x > $min', { min: 'a much too long value' }, 'x > xxxx'],
  ])('by value: %s with %j', (input, values, output) => {
    const s = substituteVariables(input, (name) => (values as Record<string, string>)[name]);
    expect(s.text).toBe(output);
  });

  test.each([
    // [query, values given, substituted text, offset in text → original offset]
    ['sum($fn(x))', { fn: 'foo bar' }, 'sum(foo bar(x))', [[8, 4], [12, 8], [15, 11]]],
    ['rate(x[$w]) > $t', { w: '5m', t: '> 0' }, 'rate(x[5m]) > > 0', [[14, 14], [16, 14]]],
    ['x{a="$v"} + $q', { v: 'plain' }, 'x{a="$v"} + xx', [[12, 12]]],
    ['x{a="$v"} + 1', { v: 'say "hi"' }, 'x{a="say "hi""} + 1', [[10, 5], [16, 10]]],
    ['x{a=`$v`}', { v: 'a\\b"' }, 'x{a=`$v`}', []],
  ])('by exact value: %s with %j', (input, values, output, offsets) => {
    const v = values as Record<string, string>;
    const s = substituteValues(input, undefined, (ref) => v[ref.name]);
    expect(s.text).toBe(output);
    for (const [at, original] of offsets as [number, number][]) expect([at, s.original(at)]).toEqual([at, original]);
  });

  test('formats and forms are recognised; $1 is not a variable', () => {
    expect(findVariableRefs('$a ${b} ${c:csv} [[d]] [[e:regex]] ${f.g} $1 ${2}').map((r) => [r.name, r.format])).toEqual([
      ['a', undefined],
      ['b', undefined],
      ['c', 'csv'],
      ['d', undefined],
      ['e', 'regex'],
      ['f', undefined],
    ]);
  });

  test('a parse error after a macro is reported at the original column', () => {
    const q = parseQuery('promql', 'rate(x[$__rate_interval]) +');
    expect(q.errors[0]!.offset).toBe('rate(x[$__rate_interval]) +'.length);
    const ok = parseQuery('promql', 'sum(rate(x{a=~"$a"}[$__rate_interval])) by ($g)');
    expect(ok.errors).toEqual([]);
  });
});
