// Runs Jest on a fixture whose tests log as services do: the run prints results and the failing
// test's logs only, and keeps every line in the test file's log.
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './built-file.js';
import { testLogPath } from './jest-environment.js';

const fixture = 'libs/testing/src/fixtures/quiet-logs';
let logsDir: string;
let run: { code: number | null; output: string };

beforeAll(async () => {
  logsDir = mkdtempSync(join(tmpdir(), 'quiet-logs-'));
  const child = spawn(
    process.execPath,
    [
      '--experimental-vm-modules',
      'node_modules/jest/bin/jest.js',
      '--ci',
      // The workspace's configuration (this environment, the transform), on the fixture alone.
      '--testMatch',
      `<rootDir>/${fixture}/*.fixture.ts`,
    ],
    {
      cwd: repoRoot(),
      env: { ...process.env, SHOPMIND_TEST_LOGS: logsDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  run = { code, output };
}, 60_000);

afterAll(() => rmSync(logsDir, { recursive: true, force: true }));

describe('the quiet-logs test environment', () => {
  it('prints the results and, beneath the failing test, the lines it wrote', () => {
    expect(run.code).toBe(1);
    expect(run.output).toContain('a noisy service › fails');
    expect(run.output).toContain('Tests:       1 failed, 2 passed, 3 total');
    expect(run.output).toContain('logger line of the failing test');
    expect(run.output).toContain('stderr line of the failing test');
    expect(run.output).toContain('spawned line of the failing test');
  });

  it('prints nothing that a passing test wrote', () => {
    expect(run.output).not.toContain('of the passing test');
    expect(run.output).not.toContain('logger line of the last test');
  });

  it('keeps every line of the test file in its log, under the name of the test that wrote it', () => {
    const log = readFileSync(
      testLogPath(repoRoot(), join(repoRoot(), fixture, 'noisy-service.fixture.ts'), {
        SHOPMIND_TEST_LOGS: logsDir,
      }),
      'utf8',
    );
    // Each test's section runs from its heading to the next; lines from different sources within
    // one test may interleave in any order (the JSON logger writes asynchronously).
    const sections = log.split(/^── /m).slice(1);
    expect(sections.map((section) => section.split('\n')[0])).toEqual([
      'a noisy service › passes',
      'a noisy service › fails',
      'a noisy service › passes again',
    ]);
    const [passing, failing, last] = sections;
    for (const source of ['logger', 'stdout', 'spawned'])
      expect(passing).toContain(`${source} line of the passing test`);
    for (const source of ['logger', 'stderr', 'spawned'])
      expect(failing).toContain(`${source} line of the failing test`);
    expect(last).toContain('logger line of the last test');
    expect(failing).not.toContain('passing test');
    expect(last).not.toContain('failing test');
  });
});
