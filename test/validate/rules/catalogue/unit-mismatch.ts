import { promDash, type RuleTable } from '../fragment';

const latency = 'histogram_quantile(0.9, sum by (le) (rate(pipeline_latency_seconds_bucket[$__rate_interval])))';

export const table: RuleTable = {
  rule: 'catalogue/unit-mismatch',
  cases: [
    { name: 'seconds shown as bytes', input: promDash(latency, { fieldConfig: { defaults: { unit: 'bytes' }, overrides: [] } }), expect: [['error', '/panels/0/fieldConfig/defaults/unit', 'the query returns seconds but the panel unit is "bytes" (data); expected a time unit such as "s" (query A)']] },
    { name: 'ratio shown as percent', input: promDash('max(verification_block_rate)', { fieldConfig: { defaults: { unit: 'percent' }, overrides: [] } }), expect: [['error', '/panels/0/fieldConfig/defaults/unit', 'the query returns a 0–1 ratio but unit "percent" expects 0–100: use "percentunit" (query A)']] },
    { name: 'seconds shown as s', input: promDash(latency, { fieldConfig: { defaults: { unit: 's' }, overrides: [] } }), expect: [] },
    { name: 'average from _sum/_count is seconds', input: promDash('sum(rate(pipeline_latency_seconds_sum[$__rate_interval])) / sum(rate(pipeline_latency_seconds_count[$__rate_interval]))', { fieldConfig: { defaults: { unit: 's' }, overrides: [] } }), expect: [] },
    { name: 'a unit override per series', input: promDash(latency, { fieldConfig: { defaults: { unit: 'bytes' }, overrides: [{ matcher: { id: 'byName', options: 'x' }, properties: [{ id: 'unit', value: 's' }] }] } }), expect: [] },
  ],
};
