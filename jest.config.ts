import type { Config } from 'jest';

// Loaded through ts-node (jest reads TypeScript configs with it); tests themselves are
// transformed by @swc/jest, the fastest transform measured here. Type-checking is `tsc --noEmit`.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  testTimeout: 30000,
};

export default config;
