import type { RawFinding, Rule } from '../../types';

/** Datasource types that cannot return log lines. */
const METRICS_ONLY = new Set(['prometheus', 'graphite', 'victoriametrics-metrics-datasource', 'tempo', 'jaeger']);

export const rule: Rule = {
  id: 'panel/logs-datasource',
  severity: 'error',
  doc: 'Logs panels query a Loki datasource (a metrics-only datasource is an error, another log store a warning).',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const t of ctx.model.targets) {
      if (t.panel.type !== 'logs') continue;
      const type = t.datasource.type;
      if (!type || type === 'loki' || type === 'datasource') continue;
      const pointer = t.datasource.pointer || t.pointer;
      if (METRICS_ONLY.has(type)) out.push({ pointer, message: `logs panel "${t.panel.title ?? ''}" queries a ${type} datasource, which returns no log lines; use the Loki datasource` });
      else out.push({ pointer, severity: 'warning', message: `logs panel "${t.panel.title ?? ''}" queries a ${type} datasource; this project's logs are in Loki` });
    }
    return out;
  },
};
