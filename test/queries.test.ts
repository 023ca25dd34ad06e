import {
  add,
  bucket,
  clampMin,
  countOf,
  div,
  histogramQuantile,
  increase,
  labelValues,
  matches,
  max,
  maxOverTime,
  metric,
  not,
  rate,
  raw,
  sum,
  sumOf,
} from '../src/queries/promql';
import { logStream } from '../src/queries/logql';
import { checkTypeProofs } from './helpers/type-proofs';

describe('PromQL builders', () => {
  test('selector with variables and literals', () => {
    const q = metric('compile_success_total').where({ backend: '$backend', environment: 'online' });
    expect(q.text).toBe('compile_success_total{backend=~"$backend", environment="online"}');
  });

  test('explicit matchers', () => {
    const q = metric('compile_failure_total').where({ backend: not('wasm'), host_region: matches('eu-.*') });
    expect(q.text).toBe('compile_failure_total{backend!="wasm", host_region=~"eu-.*"}');
  });

  test('rate of a counter, aggregated by a kept label', () => {
    const q = sum(rate(metric('compile_success_total').over('$__rate_interval'))).by('backend');
    expect(q.text).toBe('sum by (backend) (rate(compile_success_total[$__rate_interval]))');
  });

  test('histogram_quantile over bucket rates grouped by le', () => {
    const q = histogramQuantile(0.99, sum(rate(bucket('pipeline_latency_seconds').over('5m'))).by('le', 'backend'));
    expect(q.text).toBe('histogram_quantile(0.99, sum by (le, backend) (rate(pipeline_latency_seconds_bucket[5m])))');
  });

  test('summary quantile series and _sum/_count counters', () => {
    expect(metric('offline_bundle_size_bytes').where({ quantile: '0.5', target: 'wasm32' }).text).toBe(
      'offline_bundle_size_bytes{quantile="0.5", target="wasm32"}',
    );
    const mean = div(rate(sumOf('offline_bundle_size_bytes').over('1h')), rate(countOf('offline_bundle_size_bytes').over('1h')));
    expect(mean.text).toBe('(rate(offline_bundle_size_bytes_sum[1h])) / (rate(offline_bundle_size_bytes_count[1h]))');
  });

  test('binary operators parenthesize operands', () => {
    const s = sum(rate(metric('compile_success_total').over('$__rate_interval')));
    const f = sum(rate(metric('compile_failure_total').over('$__rate_interval')));
    expect(div(f, clampMin(add(f, s), 1e-9)).text).toBe(
      '(sum(rate(compile_failure_total[$__rate_interval]))) / (clamp_min((sum(rate(compile_failure_total[$__rate_interval]))) + (sum(rate(compile_success_total[$__rate_interval]))), 1e-9))',
    );
  });

  test('gauges aggregate over time, not rate', () => {
    expect(maxOverTime(metric('verification_block_rate').over('10m')).text).toBe('max_over_time(verification_block_rate[10m])');
  });

  test('label_values variable query', () => {
    expect(labelValues(metric('compile_success_total').where({ environment: '$environment' }), 'backend')).toBe(
      'label_values(compile_success_total{environment=~"$environment"}, backend)',
    );
  });

  test('runtime guards back the types', () => {
    // Values reaching the builders through `any` (e.g. from JSON) are still checked.
    expect(() => metric('compile_success_total').where({ environment: 'staging' as never })).toThrow(/environment: "staging" is not one of online, offline/);
    expect(() => metric('compile_success_total').where({ operator: 'matmul' } as never)).toThrow(/compile_success_total has no label "operator"/);
    expect(() => histogramQuantile(1.5, sum(rate(bucket('pipeline_latency_seconds').over('5m'))).by('le'))).toThrow(/within \[0, 1\]/);
  });

  test('raw escape hatch passes text through', () => {
    expect(raw('up{job="x"}').text).toBe('up{job="x"}');
  });
});

describe('LogQL builder', () => {
  test('stream selector, json, event and field filters', () => {
    const q = logStream({ environment: '$environment' }).json().event('verify.block').field('checker', 'cbmc').lineFormat('trace_id', 'reason');
    expect(q.toString()).toBe(
      '{service_name="compile-pipeline", environment=~"$environment"} | json | event="verify.block" | checker="cbmc" | line_format "trace_id={{.trace_id}} reason={{.reason}}"',
    );
  });

  test('line filter before parsing', () => {
    expect(logStream().contains('E1001').json().toString()).toBe('{service_name="compile-pipeline"} |= "E1001" | json');
  });
});

/**
 * Compile-time proofs: `tsc --noEmit` (part of `npm test`) fails if any of these lines stops
 * being a type error. The function is never called: these queries must not even be built.
 */
export function typeErrors(): unknown[] {
  return [
    // @ts-expect-error unknown metric
    metric('compile_sucess_total'),
    // @ts-expect-error histograms have no plain series: use bucket(), sumOf() or countOf()
    metric('pipeline_latency_seconds'),
    // @ts-expect-error label not carried by this metric
    metric('compile_success_total').where({ operator: 'matmul' }),
    // @ts-expect-error typo in a label name
    metric('compile_success_total').where({ backnd: '$backend' }),
    // @ts-expect-error value outside the closed environment enum
    metric('compile_success_total').where({ environment: 'staging' }),
    // @ts-expect-error value outside the closed maturity enum
    metric('registry_backends').where({ maturity: 'beta' }),
    // @ts-expect-error rate() on a gauge
    rate(metric('verification_block_rate').over('5m')),
    // @ts-expect-error increase() on a summary's quantile series
    increase(metric('offline_bundle_size_bytes').over('5m')),
    // @ts-expect-error rate() needs a range vector
    rate(metric('compile_success_total')),
    // @ts-expect-error histogram_quantile over a counter rate (not buckets)
    histogramQuantile(0.9, sum(rate(metric('compile_success_total').over('5m'))).by('backend')),
    // @ts-expect-error histogram_quantile over buckets aggregated without le
    histogramQuantile(0.9, sum(rate(bucket('pipeline_latency_seconds').over('5m'))).by('backend')),
    // @ts-expect-error grouping by a label the expression no longer has
    sum(sum(rate(metric('compile_success_total').over('5m'))).by('backend')).by('host_region'),
    // @ts-expect-error grouping by a label the metric does not carry
    sum(rate(metric('compile_success_total').over('5m'))).by('operator'),
    // @ts-expect-error typo in a grouping label
    sum(rate(metric('compile_success_total').over('5m'))).by('backend', 'host_regoin'),
    // @ts-expect-error dropping a label the metric does not carry
    sum(rate(metric('compile_success_total').over('5m'))).without('operator'),
    // @ts-expect-error a ratio keeps the left side's labels: `outcome` is only on the right
    sum(div(rate(countOf('executor_task_duration_seconds').over('5m')), rate(metric('executor_tasks_total').over('5m')))).by('outcome'),
    // @ts-expect-error bucket() of a non-histogram
    bucket('compile_success_total'),
    // @ts-expect-error range window must be a duration or an interval variable
    metric('compile_success_total').over('five minutes'),
    // @ts-expect-error over_time aggregation of a counter (needs rate/increase)
    maxOverTime(metric('compile_success_total').over('5m')),
    // @ts-expect-error label_values of a label the metric lacks
    labelValues(metric('compile_success_total'), 'operator'),
    // @ts-expect-error unknown log event
    logStream().json().event('verify.blocked'),
    // @ts-expect-error field the event does not carry
    logStream().json().event('verify.block').field('exit_code', '1'),
    // @ts-expect-error field filter before | json
    logStream().event('verify.block'),
    // @ts-expect-error unknown Loki stream label
    logStream({ backend: '$backend' }),
  ];
}

describe('compile-time contract', () => {
  test('rejects each @ts-expect-error case above on its own line, and nothing else', () => {
    const report = checkTypeProofs('test/queries.test.ts');
    expect(report.expected.length).toBeGreaterThan(0);
    expect(report.rejected).toEqual(report.expected);
  }, 60_000);
});

describe('names the build meets without a type check', () => {
  test('an unknown metric or label fails with "did you mean"', () => {
    expect(() => metric('compile_sucess_total' as never)).toThrow('unknown metric "compile_sucess_total"; did you mean "compile_success_total"?');
    expect(() => metric('compile_success_total').where({ backnd: 'c99' } as never)).toThrow('compile_success_total has no label "backnd"; did you mean "backend"?');
  });

  test('grouping by a label the series do not carry fails with "did you mean" and the labels they have', () => {
    const successes = rate(metric('compile_success_total').over('5m'));
    expect(() => sum(successes).by('backnd' as never)).toThrow(
      'sum by (backnd): rate(compile_success_total[5m]) has no label "backnd"; did you mean "backend"? (labels: environment, host_region, backend)',
    );
    expect(() => sum(successes).without('operator' as never)).toThrow('sum without (operator): rate(compile_success_total[5m]) has no label "operator"');
    // Labels follow the expression: an outer grouping sees only what the inner one kept, a ratio its left side's.
    expect(() => sum(sum(successes).by('backend')).by('host_region' as never)).toThrow('has no label "host_region" (labels: backend)');
    const ratio = div(rate(countOf('executor_task_duration_seconds').over('5m')), rate(metric('executor_tasks_total').over('5m')));
    expect(() => sum(ratio).by('outcome' as never)).toThrow('has no label "outcome"');
    expect(() => max(histogramQuantile(0.5, sum(rate(bucket('pipeline_latency_seconds').over('5m'))).by('le', 'backend'))).by('le' as never)).toThrow(
      'has no label "le" (labels: backend)',
    );
  });

  test('raw PromQL has unknown labels, so its groupings are left to the validator', () => {
    expect(sum(raw('up')).by('job').text).toBe('sum by (job) (up)');
  });
});
