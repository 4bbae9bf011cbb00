/**
 * Runs only the live CloudBase contract (cloudbase.contract.live.ts), which `npm test` never picks up:
 *   npx jest -c cloudfunctions/_core/store/cloudbase/jest.live.config.js
 * Without CLOUDBASE_* variables the suite fails with a message saying which are missing.
 */
const { resolve } = require('node:path');

module.exports = {
  rootDir: resolve(__dirname, '../../../..'),
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] },
  testMatch: ['<rootDir>/cloudfunctions/_core/store/cloudbase/**/*.contract.live.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Transactions against a real environment retry with back-off; run the tests one file at a time.
  maxWorkers: 1,
};
