/** SARIF 2.1.0 log: rules in tool.driver.rules, results with a physical region and the JSON pointer. */
import * as path from 'node:path';
import { jsonPrintable } from '../../text/safe-text';
import type { Finding, Rule } from '../types';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(findings: readonly Finding[], rules: readonly Rule[], options: { cwd: string; version: string }): string {
  const ids = [...rules.map((r) => r.id)];
  for (const f of findings) if (!ids.includes(f.rule)) ids.push(f.rule); // sub-rules of the schema layer
  const byId = new Map(rules.map((r) => [r.id, r]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'validate_dashboards',
            version: options.version,
            informationUri: 'https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/',
            rules: ids.map((id) => {
              const r = byId.get(id);
              return {
                id,
                shortDescription: { text: r?.doc ?? `Schema check ${id}` },
                defaultConfiguration: { level: LEVEL[r?.severity ?? 'error'] },
              };
            }),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ids.indexOf(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file, options.cwd) },
                ...(f.line > 0 ? { region: { startLine: f.line, startColumn: f.column } } : {}),
              },
              logicalLocations: [{ fullyQualifiedName: f.pointer || '/', kind: 'object', ...(f.panelTitle !== undefined ? { name: f.panelTitle } : {}) }],
            },
          ],
          properties: {
            pointer: f.pointer,
            ...(f.panelTitle !== undefined ? { panelTitle: f.panelTitle } : {}),
            ...(f.exprColumn !== undefined ? { exprColumn: f.exprColumn } : {}),
          },
        })),
      },
    ],
  };
  return jsonPrintable(JSON.stringify(log, null, 2)) + '\n';
}

/** Relative URIs (to the working directory) keep SARIF portable between CI and a developer checkout. */
function toUri(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(file));
  const p = rel.startsWith('..') ? path.resolve(file) : rel;
  return p.split(path.sep).map(encodeURIComponent).join('/');
}
