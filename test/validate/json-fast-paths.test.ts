/**
 * The JSON layer's shortcuts must report exactly what the full scans report: duplicate keys are
 * searched only when key sites in the text outnumber the parsed members, and positions are found
 * by skipping every subtree no wanted pointer enters. Expected values are those of the full scans.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateFile } from '../../src/validate/engine';
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

describe('decoding files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-decode-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const text = '{\n  "title": "T",\n  "uid": "u",\n  "panels": [{"id": 1, "type": "timeseries", "title": "p", "gridPos": {"x": 0, "y": 0, "w": 30, "h": 4}}]\n}';
  const findingsOf = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return validateFile(file, { catalogue: null, file: 'd.json' }).map((f) => [f.rule, f.line, f.column, f.message]);
  };

  test('a byte order mark moves no position', () => {
    const plain = findingsOf('plain.json', Buffer.from(text));
    expect(plain.some(([rule]) => rule === 'dashboard/grid-pos')).toBe(true);
    expect(findingsOf('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual(plain);
  });

  test('invalid UTF-8 is reported where the first bad byte is, and the rest still checked', () => {
    const bytes = Buffer.from(text.replace('"T"', '"T\xe9"'), 'latin1');
    const found = findingsOf('latin1.json', bytes);
    expect(found.filter(([rule]) => rule === 'json/encoding').map(([, line, column]) => [line, column])).toEqual([[2, 14]]);
    expect(found.some(([rule]) => rule === 'dashboard/grid-pos')).toBe(true);
  });
});
