/** The rule list. Adding a rule: one module exporting `rule`, plus one line here. */
import type { Rule } from '../types';
import { rule as jsonSyntax } from './json-syntax';
import { rule as jsonDuplicateKey } from './json-duplicate-key';
import { rule as jsonNotObject } from './json-not-object';
import { rule as schema } from './schema';
import { rule as promqlSyntax } from './promql-syntax';
import { rule as logqlSyntax } from './logql-syntax';
import { rule as histogramQuantile } from './histogram-quantile';
import { rule as rateInterval } from './rate-interval';
import { rule as unknownMetric } from './unknown-metric';
import { rule as unknownLabel } from './unknown-label';
import { rule as labelValue } from './label-value';
import { rule as rateOnGauge } from './rate-on-gauge';
import { rule as rawCounter } from './raw-counter';
import { rule as unitMismatch } from './unit-mismatch';
import { rule as logStreamLabel } from './log-stream-label';
import { rule as logEvent } from './log-event';
import { rule as logField } from './log-field';
import { rule as uid } from './uid';
import { rule as title } from './title';
import { rule as panelId } from './panel-id';
import { rule as gridPos } from './grid-pos';
import { rule as gridOverlap } from './grid-overlap';
import { rule as datasource } from './datasource';
import { rule as logsDatasource } from './logs-datasource';
import { rule as undefinedVariable } from './undefined-variable';
import { rule as unusedVariable } from './unused-variable';
import { rule as panelTitle } from './panel-title';
import { rule as panelUnits } from './panel-units';
import { rule as textSecurity } from './text-security';
import { rule as livePrometheus } from './live-prometheus';

export const rules: readonly Rule[] = [
  jsonSyntax,
  jsonDuplicateKey,
  jsonNotObject,
  schema,
  promqlSyntax,
  logqlSyntax,
  histogramQuantile,
  rateInterval,
  unknownMetric,
  unknownLabel,
  labelValue,
  rateOnGauge,
  rawCounter,
  unitMismatch,
  logStreamLabel,
  logEvent,
  logField,
  uid,
  title,
  panelId,
  gridPos,
  gridOverlap,
  datasource,
  logsDatasource,
  undefinedVariable,
  unusedVariable,
  panelTitle,
  panelUnits,
  textSecurity,
  livePrometheus,
];
