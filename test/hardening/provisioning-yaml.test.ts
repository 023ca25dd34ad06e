/**
 * Provisioning YAML cannot be steered by the strings it carries. The build's provisioning files
 * take no titles from dashboards today (the folder is a constant), so the writer itself
 * (`yamlFile`) and `dashboardProvisioning(folder)` are fed hostile strings and parsed back: the
 * parsed document must equal the input exactly, with no extra key anywhere.
 */
import fc from 'fast-check';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { dashboardProvisioning, yamlFile } from '../../src/build/provisioning';
import { FULL, SEED } from './helpers';

const HOSTILE: string[] = [
  'title: injected',
  'a: b\nadmin: true',
  'x\n  injected: 1',
  '"quoted": value',
  "'single' quotes",
  '"unterminated',
  'trailing colon:',
  ': leading colon',
  '# not a comment',
  'text # trailing comment',
  '{ flow: mapping }',
  '[flow, sequence]',
  '- leading dash',
  '-',
  '---',
  '...',
  '--- \nnew: document',
  '? complex key',
  '&anchor value',
  '*alias',
  '!!python/object:os.system',
  '!tag value',
  '|\n  block literal',
  '>\n  folded',
  '%YAML 1.1',
  '@reserved',
  '`backtick',
  'yes',
  'no',
  'null',
  '~',
  '0x1F',
  '1e3',
  '.inf',
  '2024-01-01',
  '',
  ' ',
  '  leading and trailing spaces  ',
  'tab\there',
  'nul\u0000byte',
  'bell\u0007',
  'crlf\r\ninjected: true',
  'unicode line separator\u2028injected: true',
  'next line\u0085injected: true',
  'BOM \uFEFF inside',
  'Überwachung 監視 🚀',
  '${GF_SECURITY_ADMIN_PASSWORD}',
  '$__file{/etc/passwd}',
  'x'.repeat(100_000),
];

function roundTrip(value: unknown): unknown {
  const text = yamlFile(value);
  // One document only: nothing may start a second one.
  expect(parseAllDocuments(text)).toHaveLength(1);
  return parseYaml(text);
}

describe('yamlFile: hostile strings come back exactly, as values', () => {
  test.each(HOSTILE.map((s) => [JSON.stringify(s).slice(0, 60), s]))('%s', (_label, s) => {
    const value = { apiVersion: 1, providers: [{ name: s, folder: s, options: { path: s } }], [s || 'empty']: s };
    expect(roundTrip(value)).toEqual(value);
  });

  test('through dashboardProvisioning: a hostile folder title or uid injects no key', () => {
    for (const s of HOSTILE) {
      const parsed = parseYaml(dashboardProvisioning({ title: s, uid: s }));
      expect(Object.keys(parsed).sort()).toEqual(['apiVersion', 'providers']);
      expect(parsed.providers).toHaveLength(1);
      const provider = parsed.providers[0];
      expect(Object.keys(provider).sort()).toEqual(
        ['allowUiUpdates', 'disableDeletion', 'folder', 'folderUid', 'name', 'options', 'orgId', 'type', 'updateIntervalSeconds'].sort(),
      );
      expect(provider.folder).toBe(s);
      expect(provider.folderUid).toBe(s);
      expect(provider.allowUiUpdates).toBe(false);
      expect(provider.options).toEqual({ path: '${PIPELINE_DASHBOARDS_DIR}', foldersFromFilesStructure: false });
    }
  });

  test(`property: any strings in keys and values round-trip (seed ${SEED})`, () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...HOSTILE));
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 4 }), fc.dictionary(text, text, { maxKeys: 3 })), { maxKeys: 6 }), (value) => {
        // `__proto__` as a parsed key would be an own key in YAML but is dropped by plain objects; skip it.
        fc.pre(!Object.keys(value).includes('__proto__'));
        expect(roundTrip(value)).toEqual(value);
      }),
      { seed: SEED, numRuns: FULL ? 5000 : 500 },
    );
  });
});
