/** The filter pickers at the top of a dashboard: chained over one source metric, typed by its labels. */
import { pipelineDashboard } from '../../src/panels/dashboard';
import { filterChain, filterVariables } from '../../src/panels/variables';
import { countOf, metric } from '../../src/queries/promql';
import { checkTypeProofs } from '../helpers/type-proofs';

interface Variable {
  name: string;
  label?: string;
  definition?: string;
}
const variablesOf = (filters: Parameters<typeof pipelineDashboard>[0]['filters']) =>
  (pipelineDashboard({ title: 't', uid: 't', description: 'd', filters }).build().templating?.list ?? []) as unknown as Variable[];

describe('filterChain', () => {
  test('each picker narrows by the ones before it, in the order given', () => {
    const vars = variablesOf(filterChain(metric('executor_tasks_total'), { environment: 'Environment', host_region: 'Host region', task_kind: 'Task kind' }));
    expect(vars.map((v) => [v.name, v.label, v.definition])).toEqual([
      ['prometheus_ds', 'Prometheus', undefined],
      ['environment', 'Environment', 'label_values(executor_tasks_total, environment)'],
      ['host_region', 'Host region', 'label_values(executor_tasks_total{environment=~"$environment"}, host_region)'],
      ['task_kind', 'Task kind', 'label_values(executor_tasks_total{environment=~"$environment", host_region=~"$host_region"}, task_kind)'],
    ]);
  });

  test('label list form reads registry_missing_binaries with the standard titles', () => {
    expect(filterVariables(['environment', 'backend']).labels).toEqual(['environment', 'backend']);
    expect(variablesOf(['environment', 'backend']).slice(1).map((v) => v.definition)).toEqual([
      'label_values(registry_missing_binaries, environment)',
      'label_values(registry_missing_binaries{environment=~"$environment"}, backend)',
    ]);
  });

  test('a histogram source chains over its _count series', () => {
    const chain = filterChain(countOf('gen_ai_client_operation_duration_seconds'), { gen_ai_provider_name: 'Provider', gen_ai_request_model: 'Model' });
    expect(variablesOf(chain)[2]?.definition).toBe(
      'label_values(gen_ai_client_operation_duration_seconds_count{gen_ai_provider_name=~"$gen_ai_provider_name"}, gen_ai_request_model)',
    );
  });

  test('rejects each @ts-expect-error case below on its own line, and nothing else', () => {
    const report = checkTypeProofs('test/panels/filter-chain.test.ts');
    expect(report.expected.length).toBe(2);
    expect(report.rejected).toEqual(report.expected);
  }, 60_000);
});

/** Compile-time proofs, never called. */
export function typeErrors(): unknown[] {
  return [
    // @ts-expect-error a filter on a label the source metric lacks
    filterChain(metric('executor_tasks_total'), { checker: 'Checker' }),
    // @ts-expect-error a default filter that registry_missing_binaries lacks
    filterVariables(['task_kind']),
  ];
}
