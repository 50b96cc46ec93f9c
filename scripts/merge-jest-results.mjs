// Adds a second Jest run's JSON result (the store int-specs on a Redis Cluster) to the main one, so
// .ci/run's "N passed, N failed" counts both. A missing or unreadable second result counts as one
// suite that failed to run. Usage: node scripts/merge-jest-results.mjs <main.json> <extra.json>
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [mainPath, extraPath] = process.argv.slice(2);
if (!mainPath || !extraPath) {
  console.error('usage: merge-jest-results.mjs <main.json> <extra.json>');
  process.exit(2);
}
// Without the main result CI already reports a failure: nothing to add to.
if (!existsSync(mainPath)) process.exit(0);
const main = JSON.parse(readFileSync(mainPath, 'utf8'));
let extra;
try {
  extra = JSON.parse(readFileSync(extraPath, 'utf8'));
} catch (err) {
  console.error(
    `merge-jest-results: no result from ${extraPath} (${err.code ?? err.message}): counted as one failure`,
  );
  extra = { numRuntimeErrorTestSuites: 1, success: false };
}
const counts = [
  'numTotalTests',
  'numPassedTests',
  'numFailedTests',
  'numPendingTests',
  'numTodoTests',
  'numTotalTestSuites',
  'numPassedTestSuites',
  'numFailedTestSuites',
  'numPendingTestSuites',
  'numRuntimeErrorTestSuites',
];
for (const key of counts) main[key] = (main[key] ?? 0) + (extra[key] ?? 0);
main.success = Boolean(main.success) && Boolean(extra.success);
// The same files ran twice: the second run's are marked, so a failure says where it ran.
main.testResults = [
  ...(main.testResults ?? []),
  ...(extra.testResults ?? []).map((r) => ({ ...r, name: `${r.name} [redis-cluster]` })),
];
writeFileSync(mainPath, JSON.stringify(main));
