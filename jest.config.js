/**
 * Three projects: `unit` needs nothing running (rules, store contract on a temp SQLite file, adapters, simulators
 * started in-process); `fault` starts and kills runtimes of its own (payment faults, the deduction batch kill
 * test); `system` talks to one started local runtime whose address is in E2E_BASE_URL (scripts/test-all.ts
 * starts it). Everything is TypeScript through ts-jest; type checking is `npm run typecheck`.
 */
const tsJest = ['ts-jest', { diagnostics: false }];
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.tsx?$': tsJest },
      testMatch: ['<rootDir>/{shared,cloudfunctions,simulators,runtime,tests/unit,tests/contract,tests/build,tests/timetravel}/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      // The function bundles in dist/ carry copies of each package.json; they are build output, not modules.
      modulePathIgnorePatterns: ['<rootDir>/dist/'],
    },
    {
      // Starts its own runtimes (and kills them): run alone, before the shared runtime of the system project.
      displayName: 'fault',
      testEnvironment: 'node',
      transform: { '^.+\\.tsx?$': tsJest },
      testMatch: ['<rootDir>/tests/fault/**/*.test.ts', '<rootDir>/tests/batch/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      // The function bundles in dist/ carry copies of each package.json; they are build output, not modules.
      modulePathIgnorePatterns: ['<rootDir>/dist/'],
    },
    {
      displayName: 'system',
      testEnvironment: 'node',
      transform: { '^.+\\.tsx?$': tsJest },
      testMatch: ['<rootDir>/tests/{integration,e2e}/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      // The function bundles in dist/ carry copies of each package.json; they are build output, not modules.
      modulePathIgnorePatterns: ['<rootDir>/dist/'],
    },
  ],
};
