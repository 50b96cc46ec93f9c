// `npm start`'s launcher as a user meets it: it stops what it started however it ends (Ctrl-C,
// SIGTERM, a closed terminal, or killed outright), refuses to start beside itself, and its demo
// can be run twice without changing what the services count.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { builtFile, eventually, repoRoot } from '@shopmind/testing';

interface Launch {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

interface State {
  launcher: number;
  processes: { name: string; pid: number }[];
}

const dirs: string[] = [];
const launched: Launch[] = [];

function launch(dataDir: string, services: string): Launch {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SHOPMIND_DATA_DIR: dataDir,
    SHOPMIND_SERVICES: services,
    LOG_LEVEL: 'error',
  };
  delete env.NATS_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [builtFile('dist/scripts/platform.js')], {
    cwd: repoRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const l = { child, output: () => text, exited };
  launched.push(l);
  return l;
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shopmind-platform-'));
  dirs.push(dir);
  return dir;
}

const running = (l: Launch) =>
  eventually(() => /ShopMind is running/.test(l.output()), {
    timeoutMs: 90_000,
    intervalMs: 200,
    what: `the platform to start; output so far:\n${l.output()}`,
  });

const stateOf = (dir: string): State => JSON.parse(readFileSync(join(dir, 'platform.json'), 'utf8')) as State;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function allGone(pids: number[], dir: string): Promise<void> {
  await eventually(() => pids.every((pid) => !alive(pid)) && !existsSync(join(dir, 'platform.json')), {
    timeoutMs: 40_000,
    intervalMs: 200,
    what: `every process to stop: still alive ${pids.filter(alive).join(', ')}`,
  });
}

afterEach(async () => {
  // Whatever a failed test left: SIGTERM the launchers (they stop their children), then wait.
  for (const l of launched.splice(0)) if (l.child.exitCode === null) l.child.kill('SIGTERM');
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('stops the services, Redis and NATS when its terminal closes (SIGHUP)', async () => {
    const dir = dataDir();
    const l = launch(dir, 'product-copy');
    await running(l);
    const pids = stateOf(dir).processes.map((p) => p.pid);
    expect(
      stateOf(dir)
        .processes.map((p) => p.name)
        .sort(),
    ).toEqual(['nats-server', 'product-copy', 'redis-server']);
    l.child.kill('SIGHUP');
    expect(await l.exited).toBe(0);
    await allGone(pids, dir);
  }, 150_000);

  it('leaves nothing running when the launcher itself is killed', async () => {
    const dir = dataDir();
    const l = launch(dir, 'product-copy');
    await running(l);
    const pids = stateOf(dir).processes.map((p) => p.pid);
    l.child.kill('SIGKILL');
    await l.exited;
    await allGone(pids, dir);
  }, 150_000);

  it('refuses a second start beside a running platform, naming it, and leaves the first running', async () => {
    const dir = dataDir();
    const first = launch(dir, 'product-copy');
    await running(first);
    const second = launch(dir, 'product-copy');
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(new RegExp(`already running \\(launcher pid ${first.child.pid}`));
    expect(stateOf(dir).processes.every((p) => alive(p.pid))).toBe(true);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  }, 150_000);

  it('counts the demo reviews once however often the demo runs', async () => {
    const dir = dataDir();
    const counts: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const l = launch(dir, 'review-sentiment');
      await running(l);
      counts.push([...l.output().matchAll(/^\s+(\d+) reviews, average/gm)].map((m) => m[1]!));
      l.child.kill('SIGTERM');
      expect(await l.exited).toBe(0);
    }
    expect(counts[0]).toEqual(['3', '3']);
    expect(counts[1]).toEqual(counts[0]);
  }, 240_000);

  it('holds a shopping-guide conversation in its demo and prints it', async () => {
    const l = launch(dataDir(), 'recommendation');
    await running(l);
    expect(l.output()).toMatch(/shopper: \(opens the chat\)\n\s+guide: {3}\S/);
    expect(l.output()).toMatch(/guide: {3}Here are \d ideas for your niece:/);
    expect(l.output()).not.toMatch(/Dinosaur Excavation Kit \(€/); // 8+: never for a 4-year-old
    l.child.kill('SIGTERM');
    expect(await l.exited).toBe(0);
  }, 150_000);
});
