import { extractJson, LogQLError, matches, parseErrors, parseLogQuery, selectLines } from '../e2e/logql-subset';
import type { PushedStream } from '../helpers/loki-receiver';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const streams: PushedStream[] = [
  {
    labels: { service_name: 'compile-pipeline', environment: 'online', host_region: 'eu-central' },
    entries: [
      { tsNs: '1', line: JSON.stringify({ event: 'verify.block', backend: 'c99', environment: 'online', trace_id: TRACE, checker: 'cbmc' }), structuredMetadata: {} },
      { tsNs: '2', line: JSON.stringify({ event: 'compile.start', backend: 'c99', trace_id: TRACE }), structuredMetadata: {} },
      { tsNs: '3', line: 'not json', structuredMetadata: {} },
    ],
  },
  {
    labels: { service_name: 'compile-pipeline', environment: 'offline', host_region: 'airgap-lab' },
    entries: [{ tsNs: '4', line: JSON.stringify({ event: 'verify.block', backend: 'rust', trace_id: TRACE }), structuredMetadata: {} }],
  },
];

describe('LogQL subset', () => {
  test('reports parse errors', () => {
    expect(parseErrors('{a="b"} | json')).toEqual([]);
    expect(parseErrors('{a="b" | json')).not.toEqual([]);
    expect(() => parseLogQuery('{a=}')).toThrow(LogQLError);
  });

  test('regex matchers are anchored like Loki', () => {
    expect(matches({ label: 'x', op: '=~', value: 'c9' }, 'c99')).toBe(false);
    expect(matches({ label: 'x', op: '=~', value: '(c99|rust)' }, 'rust')).toBe(true);
    expect(matches({ label: 'x', op: '!~', value: 'c.*' }, 'c99')).toBe(false);
    expect(matches({ label: 'x', op: '!=', value: 'a' }, undefined)).toBe(true);
    expect(matches({ label: 'x', op: '=~', value: '.*' }, undefined)).toBe(true);
  });

  test('json renames keys that clash with stream labels and flattens nesting', () => {
    expect(extractJson('{"environment":"x","a":{"b-c":1},"arr":[1]}', { environment: 'y' })).toEqual({ environment_extracted: 'x', a_b_c: '1' });
    expect(extractJson('nope', {})).toBeUndefined();
  });

  test('selector, json, event and variable filters select the right lines', () => {
    const q = parseLogQuery(
      '{service_name="compile-pipeline", environment=~"(online|offline)", host_region=~".*"} | json | event="verify.block" | backend=~"(c99|rust)" | line_format "trace_id={{.trace_id}} backend={{.backend}}"',
    );
    expect(q.stages.map((s) => s.kind)).toEqual(['json', 'labelFilter', 'labelFilter', 'lineFormat']);
    const lines = selectLines(q, streams);
    expect(lines.map((l) => l.line)).toEqual([`trace_id=${TRACE} backend=c99`, `trace_id=${TRACE} backend=rust`]);
  });

  test('narrowing a filter narrows the lines', () => {
    const lines = selectLines(parseLogQuery('{service_name="compile-pipeline"} | json | event="verify.block" | backend=~"rust"'), streams);
    expect(lines.map((l) => l.labels.backend)).toEqual(['rust']);
  });

  test('line filters run on the raw line', () => {
    expect(selectLines(parseLogQuery('{environment="online"} |= "compile" != "xyz"'), streams)).toHaveLength(1);
    expect(selectLines(parseLogQuery('{environment="online"} |~ "^not"'), streams)).toHaveLength(1);
  });

  test.each([
    ['metric queries', 'count_over_time({a="b"}[1m])'],
    ['logfmt', '{a="b"} | logfmt'],
    ['numeric comparisons', '{a="b"} | json | x > 1'],
  ])('rejects %s instead of guessing', (_name, query) => {
    expect(() => parseLogQuery(query)).toThrow(LogQLError);
  });

  test('rejects template functions in line_format', () => {
    expect(() => selectLines(parseLogQuery('{environment="online"} | line_format "{{ .a | upper }}"'), streams)).toThrow(/unsupported line_format/);
  });
});
