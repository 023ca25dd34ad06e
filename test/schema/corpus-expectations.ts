/**
 * Every non-info schema finding in ../shared/corpus/dashboards, with the reason it is right. The corpus test
 * asserts this list exactly: a new finding, or one that disappears, fails it. No corpus file has a schema
 * *error*: each of these is a warning (Grafana still loads the dashboard).
 */
export interface CorpusExpectation {
  /** File name in the corpus folder. */
  file: string;
  severity: 'error' | 'warning';
  /** Pointers of the findings, matched exactly (one finding each). */
  pointers: string[];
  message: string;
  reason: string;
}

// Rows 0–5 hold three linked panels each, row 6 two.
const thanosLinks = [3, 3, 3, 3, 3, 3, 2].flatMap((n, r) => Array.from({ length: n }, (_, p) => `/rows/${r}/panels/${p}/links/0/type`));

export const CORPUS_EXPECTATIONS: CorpusExpectation[] = [
  {
    file: 'thanos-io__thanos__examples__dashboards__overview.json',
    severity: 'warning',
    pointers: thanosLinks,
    message: 'must be one of: link, dashboards (got "dashboard")',
    reason: 'pre-Grafana-5 panel link type "dashboard"; the model only knows "link" and "dashboards"',
  },
  {
    file: 'rfmoz__grafana-dashboards__prometheus__node-exporter-bsd.json',
    severity: 'warning',
    pointers: [1, 2, 3, 5, 6].map((p) => `/panels/${p}/fieldConfig/defaults/mappings/0/type`),
    message: 'must be one of: value, range, regex, special (got 1)',
    reason: 'Grafana 7 numeric value-mapping type, migrated by Grafana on load',
  },
  {
    file: 'rfmoz__grafana-dashboards__prometheus__unbound-full.json',
    severity: 'warning',
    pointers: ['/panels/5/options/yAxis/min'],
    message: 'expected number, got numeric string "0" (Grafana coerces it; write a number)',
    reason: 'heatmap axis minimum saved as text by the panel editor',
  },
  {
    file: 'grafana__loki__production__loki-mixin-compiled__dashboards__loki-logs.json',
    severity: 'warning',
    pointers: ['/panels/9/maxDataPoints'],
    message: 'expected number, got empty string (Grafana treats it as unset; remove it)',
    reason: 'cleared "Max data points" query option saved as ""',
  },
];
