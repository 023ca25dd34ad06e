import fc from 'fast-check';
import { checkSchema, type SchemaFinding } from '../../src/validate/schema';

const base = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: 'Minimal',
  uid: 'minimal',
  schemaVersion: 42,
  panels: [],
  templating: { list: [] },
  annotations: { list: [] },
  ...extra,
});

const timeseries = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'timeseries',
  id: 1,
  title: 'Rate',
  gridPos: { h: 8, w: 12, x: 0, y: 0 },
  ...extra,
});

const brief = (fs: SchemaFinding[]) => fs.map((f) => `${f.severity} ${f.rule} ${f.pointer}: ${f.message}`);

describe('checkSchema: clean input', () => {
  it('a minimal dashboard has no findings', () => {
    expect(checkSchema(base())).toEqual([]);
  });

  it('a realistic panel with options, field config, prometheus and loki targets has no findings', () => {
    const d = base({
      templating: { list: [{ type: 'datasource', name: 'loki_ds', query: 'loki' }] },
      panels: [
        timeseries({
          datasource: { type: 'prometheus', uid: 'p' },
          options: { legend: { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: ['mean'] }, tooltip: { mode: 'multi', sort: 'none' } },
          fieldConfig: { defaults: { unit: 's', decimals: null, custom: { lineWidth: 2, drawStyle: 'line' } }, overrides: [] },
          targets: [{ refId: 'A', expr: 'rate(x[5m])', legendFormat: '{{job}}', format: 'time_series' }],
        }),
        { type: 'logs', id: 2, datasource: { uid: '${loki_ds}' }, options: { showTime: true }, targets: [{ refId: 'A', expr: '{job="x"}', maxLines: 100 }] },
      ],
    });
    expect(checkSchema(d)).toEqual([]);
  });

  it('accepts legacy shapes Grafana migrates: string datasource, null scalars, gnetId number, refresh false', () => {
    const d = base({ gnetId: 1860, refresh: false, panels: [timeseries({ datasource: 'Prometheus', interval: null, fieldConfig: { defaults: { max: null }, overrides: [] } })] });
    expect(checkSchema(d)).toEqual([]);
  });

  it('accepts unknown extra keys at every level', () => {
    const d = base({ someTool: { x: 1 }, panels: [timeseries({ legacyKey: true, options: { legend: { dispalyMode: 'x' } } })] });
    expect(checkSchema(d)).toEqual([]);
  });
});

describe('checkSchema: errors at the exact pointer', () => {
  const cases: { name: string; dashboard: unknown; expected: string[] }[] = [
    { name: 'dashboard title of the wrong type', dashboard: base({ title: 5 }), expected: ['error schema /title: expected string, got number'] },
    { name: 'missing dashboard title', dashboard: { schemaVersion: 42 }, expected: ['error schema : missing required property "title"'] },
    {
      name: 'gridPos width as a boolean',
      dashboard: base({ panels: [timeseries({ gridPos: { h: 8, w: true, x: 0, y: 0 } })] }),
      expected: ['error schema /panels/0/gridPos/w: expected number, got boolean'],
    },
    {
      name: 'panel type missing',
      dashboard: base({ panels: [{ id: 1, title: 'no type' }] }),
      expected: ['error schema /panels/0: missing required property "type"'],
    },
    {
      name: 'panels item that is not an object',
      dashboard: base({ panels: ['oops'] }),
      expected: ['error schema /panels/0: expected object, got string'],
    },
    {
      name: 'timeseries legend displayMode as a number (panel options)',
      dashboard: base({ panels: [timeseries({ options: { legend: { displayMode: 5 } } })] }),
      expected: ['error schema /panels/0/options/legend/displayMode: expected string, got number'],
    },
    {
      name: 'custom field config inside a row (nested panel)',
      dashboard: base({
        panels: [{ type: 'row', id: 9, collapsed: true, panels: [timeseries({ fieldConfig: { defaults: { custom: { lineWidth: 'thick' } }, overrides: [] } })] }],
      }),
      expected: ['error schema /panels/0/panels/0/fieldConfig/defaults/custom/lineWidth: expected number, got string'],
    },
    {
      name: 'prometheus expr as a number (panel datasource)',
      dashboard: base({ panels: [timeseries({ datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: 42 }] })] }),
      expected: ['error schema /panels/0/targets/0/expr: expected string, got number'],
    },
    {
      name: 'loki maxLines as text (datasource resolved through a datasource variable)',
      dashboard: base({
        templating: { list: [{ type: 'datasource', name: 'logs', query: 'loki' }] },
        panels: [{ type: 'logs', id: 1, targets: [{ refId: 'A', expr: '{a="b"}', maxLines: 'many', datasource: { uid: '$logs' } }] }],
      }),
      expected: ['error schema /panels/0/targets/0/maxLines: expected number, got string'],
    },
    {
      name: 'unknown template variable type (Grafana cannot load it)',
      dashboard: base({ templating: { list: [{ type: 'bogus', name: 'v' }] } }),
      expected: [
        'error schema /templating/list/0/type: must be one of: query, adhoc, groupby, constant, datasource, interval, textbox, custom, system, snapshot, switch (got "bogus")',
      ],
    },
    {
      name: 'unknown field colour mode (Grafana throws)',
      dashboard: base({ panels: [timeseries({ fieldConfig: { defaults: { color: { mode: 'rainbow' } }, overrides: [] } })] }),
      expected: [expect.stringMatching(/^error schema \/panels\/0\/fieldConfig\/defaults\/color\/mode: must be one of: thresholds, palette-classic, .* \(got "rainbow"\)$/) as unknown as string],
    },
    {
      name: 'pointer escaping of a key with a slash (RFC 6901)',
      dashboard: base({
        panels: [timeseries({ fieldConfig: { defaults: { mappings: [{ type: 'value', options: { 'a/b~c': { text: 5 } } }] }, overrides: [] } })],
      }),
      expected: ['error schema /panels/0/fieldConfig/defaults/mappings/0/options/a~1b~0c/text: expected string, got number'],
    },
    {
      name: 'legacy rows: their panels get the structural check too',
      dashboard: base({ schemaVersion: 42, rows: [{ panels: [{ type: 'timeseries', title: 5 }] }] }),
      expected: ['info schema-legacy /rows: legacy top-level "rows" layout: Grafana converts rows to panels on load', 'error schema /rows/0/panels/0/title: expected string, got number'],
    },
    { name: 'not an object at all', dashboard: [1, 2], expected: ['error schema : expected a dashboard object, got array'] },
  ];
  it.each(cases)('$name', ({ dashboard, expected }) => {
    expect(brief(checkSchema(dashboard))).toEqual(expected);
  });
});

describe('checkSchema: warnings', () => {
  it('an unknown legend displayMode is a warning listing the allowed values', () => {
    const fs = checkSchema(base({ panels: [timeseries({ options: { legend: { displayMode: 'tabel' } } })] }));
    expect(brief(fs)).toEqual(['warning schema /panels/0/options/legend/displayMode: must be one of: list, table, hidden (got "tabel")']);
  });
  it('an unknown value mapping type is one warning on the tag, not one per union branch', () => {
    const fs = checkSchema(base({ panels: [timeseries({ fieldConfig: { defaults: { mappings: [{ type: 1, options: {} }] }, overrides: [] } })] }));
    expect(brief(fs)).toEqual(['warning schema /panels/0/fieldConfig/defaults/mappings/0/type: must be one of: value, range, regex, special (got 1)']);
  });
  it('a wrongly typed member of a tagged union is reported inside the matching branch', () => {
    const fs = checkSchema(base({ panels: [timeseries({ fieldConfig: { defaults: { mappings: [{ type: 'range', options: { from: 'low', to: 5 } }] }, overrides: [] } })] }));
    expect(brief(fs)).toEqual(['error schema /panels/0/fieldConfig/defaults/mappings/0/options/from: expected number, got string']);
  });
  it('a numeric string or an empty string where a number is expected is a warning', () => {
    const fs = checkSchema(base({ panels: [timeseries({ maxDataPoints: '100' }), timeseries({ id: 2, maxDataPoints: '' })] }));
    expect(brief(fs)).toEqual([
      'warning schema /panels/0/maxDataPoints: expected number, got numeric string "100" (Grafana coerces it; write a number)',
      'warning schema /panels/1/maxDataPoints: expected number, got empty string (Grafana treats it as unset; remove it)',
    ]);
  });
});

describe('checkSchema: info findings', () => {
  it('legacy panel types are info, and their options are not checked', () => {
    const fs = checkSchema(base({ panels: [{ type: 'graph', id: 1, options: 'anything' }, { type: 'singlestat', id: 2 }, { type: 'table-old', id: 3 }] }));
    expect(fs.map((f) => [f.rule, f.severity, f.pointer])).toEqual([
      ['schema', 'error', '/panels/0/options'],
      ['schema-legacy', 'info', '/panels/0/type'],
      ['schema-legacy', 'info', '/panels/1/type'],
      ['schema-legacy', 'info', '/panels/2/type'],
    ]);
    expect(fs[1]?.message).toBe('legacy panel type "graph": Grafana migrates it to "timeseries" on load; its options are not checked');
  });
  it('plugin panel types are info', () => {
    const fs = checkSchema(base({ panels: [{ type: 'grafana-clock-panel', id: 1, options: { mode: 5 } }] }));
    expect(fs).toEqual([
      {
        pointer: '/panels/0/type',
        severity: 'info',
        rule: 'schema-plugin-panel',
        message: expect.stringContaining('panel type "grafana-clock-panel" is a plugin panel') as unknown as string,
      },
    ]);
  });
  it('core panels are recognised by their Grafana plugin id, not the SDK folder name', () => {
    const fs = checkSchema(base({ panels: [{ type: 'state-timeline', id: 1, options: { rowHeight: 'tall' } }] }));
    expect(brief(fs)).toEqual(['error schema /panels/0/options/rowHeight: expected number, got string']);
  });
  it('an old schemaVersion is info', () => {
    expect(checkSchema(base({ schemaVersion: 27 }))).toEqual([
      { pointer: '/schemaVersion', severity: 'info', rule: 'schema-version', message: expect.stringContaining('Grafana migrates it on load') as unknown as string },
    ]);
  });
  it('a current schemaVersion is not reported', () => {
    expect(checkSchema(base({ schemaVersion: 42 }))).toEqual([]);
  });
});

describe('checkSchema never throws', () => {
  it.each([null, undefined, 0, 'x', true, [], {}, { panels: null }, { panels: [null, 1, []] }, { rows: [null, { panels: 5 }] }, { templating: 5 }, { panels: [{ type: 'timeseries', targets: [null, 'x', { datasource: 7 }] }] }])(
    'on %j',
    (value) => {
      expect(Array.isArray(checkSchema(value))).toBe(true);
    },
  );
  it('on arbitrary JSON values, including deep nesting', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        const fs = checkSchema(value);
        return Array.isArray(fs) && fs.every((f) => typeof f.pointer === 'string' && (f.pointer === '' || f.pointer.startsWith('/')));
      }),
      { numRuns: 300 },
    );
  });
  it('on dashboard-shaped random values', () => {
    const panel = fc.record({ type: fc.constantFrom('timeseries', 'row', 'graph', 'table', 'x-plugin', 'logs'), options: fc.jsonValue({ maxDepth: 4 }), targets: fc.jsonValue({ maxDepth: 3 }), panels: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: ['type'] });
    fc.assert(
      fc.property(
        fc.record(
          { title: fc.jsonValue({ maxDepth: 1 }), panels: fc.array(panel, { maxLength: 5 }), rows: fc.jsonValue({ maxDepth: 3 }) },
          { requiredKeys: [] },
        ),
        (value) => Array.isArray(checkSchema(value)),
      ),
      { numRuns: 300 },
    );
  });
  it('on 2,000 levels of rows in rows', () => {
    let deep: unknown = {};
    for (let i = 0; i < 2000; i++) deep = { panels: [{ type: 'row', panels: [deep] }] };
    expect(() => checkSchema(deep)).not.toThrow();
  });
  it('on 20,000 levels of snapshot.dashboard: one located error instead of a stack overflow', () => {
    let deep: Record<string, unknown> = { title: 'x' };
    for (let i = 0; i < 20000; i++) deep = { title: 'x', schemaVersion: 42, snapshot: { dashboard: deep } };
    expect(checkSchema(deep)).toEqual([{ pointer: '', message: 'nested too deeply to validate', severity: 'error', rule: 'schema' }]);
  });
});
