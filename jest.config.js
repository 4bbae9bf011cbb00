/**
 * Two projects: `unit` needs nothing running (rules, store contract on a temp SQLite file, adapters, simulators
 * started in-process); `system` talks to a started local runtime whose address is in E2E_BASE_URL
 * (scripts/test-all.ts starts it). Everything is TypeScript through ts-jest; type checking is `npm run typecheck`.
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
    },
    {
      displayName: 'system',
      testEnvironment: 'node',
      transform: { '^.+\\.tsx?$': tsJest },
      testMatch: ['<rootDir>/tests/{integration,e2e}/**/*.test.ts', '<rootDir>/tests/batch/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
  ],
};
