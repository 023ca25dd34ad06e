import { dash, type RuleTable } from './fragment';

export const table: RuleTable = {
  rule: 'schema-version',
  cases: [
    { name: 'old schemaVersion', input: dash({ schemaVersion: 30 }), expect: [['info', '/schemaVersion', 'schemaVersion 30 is older than 42 (Grafana 12, SDK 0.0.21); Grafana migrates it on load']] },
    { name: 'missing schemaVersion', input: dash({ schemaVersion: undefined }), expect: [['info', '', 'schemaVersion is missing; Grafana migrates the dashboard from the oldest model on load']] },
    { name: 'current schemaVersion', input: dash(), expect: [] },
  ],
};
