// The platform bench as a smoke test: the built bench (`npm run bench -- platform`, as CI has it
// after the build) for 3 s at 100 messages/s with two replicas of each service, small seed. It
// proves the bench's own checks hold on the real platform: every event with a result got exactly
// one, every query exactly one reply, each durable's messages were handled once across the two
// replicas, nothing was dead-lettered and nothing crashed. Figures are not asserted (noisy machine).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { builtFile, repoRoot } from '@shopmind/testing';

const run = promisify(execFile);

describe('platform bench (smoke)', () => {
  it('two replicas of every service: each event handled once, one result per cause, one reply per query', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        builtFile('dist/tests/bench/run.js'),
        'platform',
        ...['--rate', '100', '--seconds', '3', '--replicas', '2', '--products', '40', '--customers', '40'],
      ],
      // One run in the runner's own process: no waiting for a quiet machine, no five runs.
      {
        cwd: repoRoot(),
        env: { ...process.env, SHOPMIND_BENCH_ONCE: '1' },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 170_000,
      },
    );
    const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      events_sent: number;
      queries_sent: number;
      checks: Record<string, unknown>;
    };
    expect(figures.events_sent).toBe(240);
    expect(figures.queries_sent).toBe(60);
    expect(figures.checks).toEqual({
      results_stored_twice: 0,
      causes_with_two_results: 0,
      core_results_extra: 0,
      missing: {},
      queries_unanswered: 0,
      queries_with_two_replies: 0,
      durables_handled_twice: [],
      durables_unexplained: [],
      dead_letters: 0,
      publish_errors: 0,
      crashed: null,
      drained: true,
    });
  }, 180_000);
});
