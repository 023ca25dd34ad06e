/** Datasource provisioning: internal links (exemplars, derived fields) must name a provisioned uid. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProvisionedDatasources, ProvisioningError } from '../../src/validate/datasources';
import { datasources } from '../../src/panels/datasources';

const ROOT = path.resolve(__dirname, '..', '..');

function withFile(yaml: string, fn: (file: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prov-links-'));
  try {
    const file = path.join(dir, 'ds.yaml');
    fs.writeFileSync(file, yaml);
    fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the generated provisioning includes the trace store its links point at', () => {
  const loaded = loadProvisionedDatasources(path.join(ROOT, 'generated', 'provisioning'));
  expect(loaded.map((d) => [d.uid, d.type])).toEqual(expect.arrayContaining(Object.values(datasources).map((d) => [d.uid, d.type])));
});

test.each([
  ['exemplarTraceIdDestinations', 'prometheus', '{ exemplarTraceIdDestinations: [{ name: trace_id, datasourceUid: nowhere }] }'],
  ['derivedFields', 'loki', '{ derivedFields: [{ name: TraceID, matcherRegex: "x", datasourceUid: nowhere }] }'],
])('a dangling %s link is a located error', (key, type, jsonData) => {
  withFile(`apiVersion: 1\ndatasources:\n  - { name: A, type: jaeger, uid: traces }\n  - { name: B, type: ${type}, uid: b, jsonData: ${jsonData} }\n`, (file) => {
    expect(() => loadProvisionedDatasources(file)).toThrow(ProvisioningError);
    expect(() => loadProvisionedDatasources(file)).toThrow(`${file}: datasources[1] (B) jsonData.${key}[0].datasourceUid links to datasource uid "nowhere", which is not provisioned (provisioned: traces, b)`);
  });
});

test('links to a provisioned uid, and external links without one, are accepted', () => {
  withFile(
    'apiVersion: 1\ndatasources:\n  - { name: A, type: jaeger, uid: traces }\n  - { name: B, type: loki, uid: b, jsonData: { derivedFields: [{ name: T, matcherRegex: x, datasourceUid: traces }, { name: U, matcherRegex: y, url: "https://example.invalid/$${__value.raw}" }] } }\n',
    (file) => expect(loadProvisionedDatasources(file)).toHaveLength(2),
  );
});
