/** Public API of the dashboard validator. */
export { validateDashboard, validateFile, validateText, InputError, type EngineOptions } from './engine';
export { rules } from './rules/index';
export { loadConfig, ConfigError, type ValidatorConfig } from './config';
export { loadCatalogue, CatalogueError } from './catalogue';
export type { Finding, Rule, Severity, ValidateOptions, ProvisionedDatasource } from './types';
