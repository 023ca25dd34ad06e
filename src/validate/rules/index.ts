/**
 * The rule list, in reporting order. A rule lives in `<namespace>/<name>.ts` after its id
 * (`schema*` ids at the top level); adding one is that file plus one line here.
 */
import type { Rule } from '../types';
import { rule as jsonEncoding } from './json/encoding';
import { rule as jsonSyntax } from './json/syntax';
import { rule as jsonTooDeep } from './json/too-deep';
import { rule as jsonDuplicateKey } from './json/duplicate-key';
import { rule as jsonNotObject } from './json/not-object';
import { rule as schema } from './schema';
import { rule as schemaVersion } from './schema-version';
import { rule as schemaLegacy } from './schema-legacy';
import { rule as schemaPluginPanel } from './schema-plugin-panel';
import { rule as queryPromqlSyntax } from './query/promql-syntax';
import { rule as queryMetricsql } from './query/metricsql';
import { rule as queryLogqlSyntax } from './query/logql-syntax';
import { rule as queryHistogramQuantile } from './query/histogram-quantile';
import { rule as queryRateInterval } from './query/rate-interval';
import { rule as queryRegexSyntax } from './query/regex-syntax';
import { rule as queryTooComplex } from './query/too-complex';
import { rule as queryVariableQuery } from './query/variable-query';
import { rule as catalogueUnknownMetric } from './catalogue/unknown-metric';
import { rule as catalogueUnknownLabel } from './catalogue/unknown-label';
import { rule as catalogueLabelValue } from './catalogue/label-value';
import { rule as catalogueRateOnGauge } from './catalogue/rate-on-gauge';
import { rule as catalogueRawCounter } from './catalogue/raw-counter';
import { rule as catalogueUnitMismatch } from './catalogue/unit-mismatch';
import { rule as catalogueLogStreamLabel } from './catalogue/log-stream-label';
import { rule as catalogueLogEvent } from './catalogue/log-event';
import { rule as catalogueLogField } from './catalogue/log-field';
import { rule as dashboardUid } from './dashboard/uid';
import { rule as dashboardTitle } from './dashboard/title';
import { rule as dashboardPanelIdUnique } from './dashboard/panel-id-unique';
import { rule as dashboardGridPos } from './dashboard/grid-pos';
import { rule as dashboardGridOverlap } from './dashboard/grid-overlap';
import { rule as dashboardHiddenPanel } from './dashboard/hidden-panel';
import { rule as dashboardDatasource } from './dashboard/datasource';
import { rule as dashboardUndefinedVariable } from './dashboard/undefined-variable';
import { rule as dashboardUnusedVariable } from './dashboard/unused-variable';
import { rule as panelLogsDatasource } from './panel/logs-datasource';
import { rule as panelTitle } from './panel/title';
import { rule as panelUnits } from './panel/units';
import { rule as panelTextSecurity } from './panel/text-security';
import { rule as prometheusLive } from './prometheus/live';

export const rules: readonly Rule[] = [
  jsonEncoding,
  jsonSyntax,
  jsonTooDeep,
  jsonDuplicateKey,
  jsonNotObject,
  schema,
  schemaVersion,
  schemaLegacy,
  schemaPluginPanel,
  queryPromqlSyntax,
  queryMetricsql,
  queryLogqlSyntax,
  queryHistogramQuantile,
  queryRateInterval,
  queryRegexSyntax,
  queryTooComplex,
  queryVariableQuery,
  catalogueUnknownMetric,
  catalogueUnknownLabel,
  catalogueLabelValue,
  catalogueRateOnGauge,
  catalogueRawCounter,
  catalogueUnitMismatch,
  catalogueLogStreamLabel,
  catalogueLogEvent,
  catalogueLogField,
  dashboardUid,
  dashboardTitle,
  dashboardPanelIdUnique,
  dashboardGridPos,
  dashboardGridOverlap,
  dashboardHiddenPanel,
  dashboardDatasource,
  dashboardUndefinedVariable,
  dashboardUnusedVariable,
  panelLogsDatasource,
  panelTitle,
  panelUnits,
  panelTextSecurity,
  prometheusLive,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((r) => r.id));
