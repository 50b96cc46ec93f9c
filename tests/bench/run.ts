// `npm run bench -- <name> [--runs 5] [args]`: runs tests/bench/<name>.bench.ts `--runs` times
// (default 5), each in its own process, and reports the median of every figure beside every run's
// JSON. Before each run it waits until the 1-minute load average is at most 1.5 (at most 3 minutes;
// then it runs anyway and marks the run `"loaded": true`); the load during a run is reported, never
// a reason to repeat it. Every bench prints its figures as one JSON object on its last line, and so
// does this runner: the medians, then `per_run` (every run's JSON with its load figures).
// SHOPMIND_BENCH_ONCE=1 runs the bench once in this process, without waiting (smoke tests);
// SHOPMIND_BENCH_QUIET_WAIT_MS shortens the wait (the runs that found no quiet machine are still marked).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../eval/input-error.js';
import { summariseRuns, type BenchRun } from './bench-runs.js';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .map((f) => f.replace(/\.bench\.js$/, ''));

/** The load average a run waits for, and how long it waits at most. */
const QUIET_LOAD = 1.5;
const QUIET_WAIT_MS = Number(process.env.SHOPMIND_BENCH_QUIET_WAIT_MS ?? 180_000);

const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [--runs N] [args]`);
  process.exit(2);
}

if (process.env.SHOPMIND_BENCH_ONCE === '1') {
  // One run, in this process: what the parent below starts `--runs` times.
  const bench = (await import(`./${name}.bench.js`)) as { main(args: string[]): Promise<void> };
  await runCommand(`bench ${name}`, () => bench.main(rest));
} else {
  await runCommand(`bench ${name}`, async () => {
    const { runs, args } = runsOption(rest);
    const results: BenchRun[] = [];
    for (let i = 1; i <= runs; i++) {
      const loaded = !(await quiet());
      console.error(`bench ${name}: run ${i}/${runs}${loaded ? ' (machine loaded)' : ''}`);
      const run = await runOnce(name, args);
      results.push({ ...run, loaded });
      console.error(`bench ${name}: run ${i}: ${JSON.stringify(run.figures)}`);
    }
    console.log(JSON.stringify(summariseRuns(name, results)));
  });
}

/** `--runs N` (or `--runs=N`) taken out of the bench's own arguments; SHOPMIND_BENCH_RUNS is the default. */
function runsOption(args: string[]): { runs: number; args: string[] } {
  let runs = Number(process.env.SHOPMIND_BENCH_RUNS ?? 5);
  const left: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--runs') runs = Number(args[++i]);
    else if (a.startsWith('--runs=')) runs = Number(a.slice('--runs='.length));
    else left.push(a);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1 (got ${runs})`);
  return { runs, args: left };
}

/** Waits until the 1-minute load average is at most QUIET_LOAD; false when it never was. */
async function quiet(): Promise<boolean> {
  const until = Date.now() + QUIET_WAIT_MS;
  let told = false;
  while (loadavg()[0]! > QUIET_LOAD) {
    if (Date.now() >= until) return false;
    if (!told)
      console.error(
        `bench: waiting for the load average (${loadavg()[0]!.toFixed(2)}) to fall to ${QUIET_LOAD}`,
      );
    told = true;
    await new Promise((r) => setTimeout(r, 5000));
  }
  return true;
}

/** One run in a child process; its last stdout line is the run's figures, the load is sampled each second. */
function runOnce(bench: string, args: string[]): Promise<Omit<BenchRun, 'loaded'>> {
  return new Promise((resolve, reject) => {
    const loadBefore = loadavg()[0]!;
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(loadavg()[0]!), 1000);
    const p = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), bench, ...args], {
      env: { ...process.env, SHOPMIND_BENCH_ONCE: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      clearInterval(sampler);
      const last = out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .at(-1);
      if (code !== 0 || !last)
        return reject(new Error(`bench ${bench} run failed (exit ${code ?? signal}); its output is above`));
      resolve({
        figures: JSON.parse(last) as Record<string, unknown>,
        load_average_before: loadBefore,
        load_average_during: samples.length
          ? samples.reduce((a, b) => a + b, 0) / samples.length
          : loadBefore,
      });
    });
  });
}
