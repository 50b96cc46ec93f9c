// One Jest config for the whole workspace, run in ESM mode (NestJS 12 ships as ES modules).
// SWC compiles TypeScript and keeps decorator metadata for Nest's dependency injection.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const libs = [
  'contracts',
  'errors',
  'bus',
  'llm-gateway',
  'redis',
  'service-kit',
  'telemetry',
  'testing',
  'vocabulary',
];

/** @type {import('jest').Config} */
export default {
  // Node, with what the code under test prints kept in .test-logs/ and shown for a failed test only.
  testEnvironment: '<rootDir>/libs/testing/src/jest-environment.ts',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((l) => [`^@shopmind/${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
    '^@shopmind/cli$': '<rootDir>/cli/src/index.ts',
    '^@shopmind/telemetry/register$': '<rootDir>/libs/telemetry/src/register.ts',
    '^@shopmind/telemetry/testing$': '<rootDir>/libs/telemetry/src/testing.ts',
    // TypeScript sources import siblings with a .js extension (NodeNext); map them back to .ts.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{libs,services,tests,cli}/**/*.{spec,int-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30000,
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
};
