import type { Config } from 'jest';
import base from './jest.config';

// End-to-end tests need real servers (Prometheus from the Debian package); run by .ci/run.
const config: Config = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
  maxWorkers: 1,
};

export default config;
