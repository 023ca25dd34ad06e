/**
 * The JSON layer's shortcuts must report exactly what the full scans report: duplicate keys are
 * searched only when key sites in the text outnumber the parsed members, and positions are found
 * by skipping every subtree no wanted pointer enters. Expected values are those of the full scans.
 */
import { locatePointers, parseJson } from '../../src/validate/json';

const duplicatesOf = (text: string) => {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.duplicates.map((d) => [d.pointer, d.position.line, d.position.column, d.firstPosition.line, d.firstPosition.column]);
};

describe('duplicate keys behind the key-count shortcut', () => {
  test.each([
    ['no duplicate, colon right after a string value', '{"a": ":x", "b": "\\": y"}', []],
    ['no duplicate, blanks before the colon', '{"a" :\n 1, "b"\t: {"c"  : 2}}', []],
    ['duplicate hidden by a string value that looks like a key', '{"a": 1, "s": "\\":", "a": 2}', [['/a', 1, 22, 1, 2]]],
    ['duplicate with blanks before the colon', '{"a" : 1,\n "a"\n : 2}', [['/a', 2, 2, 1, 2]]],
    ['duplicate deep in an array', '[{"x": [{"k": 1, "k": 2}]}]', [['/0/x/0/k', 1, 18, 1, 10]]],
    ['duplicate __proto__ keys', '{"__proto__": 1, "__proto__": 2}', [['/__proto__', 1, 18, 1, 2]]],
    ['empty keys', '{"": 1, "": 2}', [['/', 1, 9, 1, 2]]],
    ['no duplicate, escaped quotes before colons inside strings', '{"expr": "x{a=\\"b\\":c} \\" :", "b": 1}', []],
    ['duplicate key ending in an escaped backslash', '{"k\\\\": 1, "k\\\\": 2}', [['/k\\', 1, 12, 1, 2]]],
  ])('%s', (_name, text, expected) => {
    expect(duplicatesOf(text)).toEqual(expected);
  });
});

describe('pointer positions with skipped subtrees', () => {
  const text = [
    '{',
    '  "skip": {"s": "has } and ] and \\" and {", "arr": [[1, 2], {"x": "[["}]},',
    '  "panels": [',
    '    {"title": "a \\"quoted\\" } title", "targets": [{"expr": "rate(x[5m])"}]},',
    '    {"title": "b", "targets": [{"expr": "up"}, {"expr": "sum(x)"}]}',
    '  ],',
    '  "n": -1.5e3,',
    '  "t": true',
    '}',
  ].join('\n');

  test('values after skipped strings, brackets in strings and nested arrays', () => {
    expect(parseJson(text).ok).toBe(true);
    const pos = locatePointers(text, ['/panels/1/targets/1/expr', '/panels/0/title', '/n', '/t', '/panels/0', '/skip/arr/1/x']);
    expect(pos.get('/panels/1/targets/1/expr')).toEqual({ line: 5, column: 57 });
    expect(pos.get('/panels/0/title')).toEqual({ line: 4, column: 15 });
    expect(pos.get('/panels/0')).toEqual({ line: 4, column: 5 });
    expect(pos.get('/n')).toEqual({ line: 7, column: 8 });
    expect(pos.get('/t')).toEqual({ line: 8, column: 8 });
    expect(pos.get('/skip/arr/1/x')).toEqual({ line: 2, column: 67 });
  });

  test('a pointer below a missing member falls back to the nearest present parent', () => {
    const pos = locatePointers(text, ['/panels/1', '/panels/1/targets/5/expr']);
    expect(pos.get('/panels/1/targets/5/expr')).toEqual({ line: 5, column: 31 });
  });
});
