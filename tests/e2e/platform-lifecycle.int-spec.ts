// `npm start`'s launcher as a user meets it: it stops what it started however it ends (Ctrl-C,
// SIGTERM, a closed terminal, or killed outright), refuses to start beside itself, and its demo
// replays the toy shop, prints what every service made of it, and can be run twice without changing
// what the services count.
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
const ALL_SERVICES =
  'review-sentiment,product-copy,knowledge-graph,fraud-detection,recommendation,customer-service';
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
  it('stops the services, the edge, Redis and NATS when its terminal closes (SIGHUP)', async () => {
    const dir = dataDir();
    const l = launch(dir, 'product-copy');
    await running(l);
    const pids = stateOf(dir).processes.map((p) => p.pid);
    expect(
      stateOf(dir)
        .processes.map((p) => p.name)
        .sort(),
    ).toEqual(['edge', 'nats-server', 'product-copy', 'redis-server']);
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

  it('replays the toy shop, prints what every service made of it, and a second run changes no count', async () => {
    const dir = dataDir();
    const reviews = readFileSync(join(repoRoot(), 'scripts/demo/toy-shop.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"shop.demo.review.submitted"')).length;
    const outputs: string[] = [];
    for (let run = 0; run < 2; run++) {
      const l = launch(dir, ALL_SERVICES);
      await running(l);
      outputs.push(l.output());
      // The edge serves the HTTP API with the printed key, and refuses a request without it.
      const edgeUrl = /^ {2}address: {2}(http:\/\/127\.0\.0\.1:\d+) /m.exec(l.output())?.[1];
      const key = /^ {2}API key of demo: (smk_[0-9a-f]{48})$/m.exec(l.output())?.[1];
      expect({ edgeUrl, key }).toEqual({ edgeUrl: expect.any(String), key: expect.any(String) });
      const summary = `${edgeUrl}/api/v1/products/wooden-train-set/reviews/summary`;
      expect((await fetch(summary)).status).toBe(401);
      expect((await fetch(summary, { headers: { authorization: `Bearer ${key}` } })).status).not.toBe(401);
      expect((await fetch(`${edgeUrl}/api/openapi.json`)).status).toBe(200);
      expect((await fetch(`${edgeUrl}/console/`)).status).toBe(200);
      l.child.kill('SIGTERM');
      expect(await l.exited).toBe(0);
    }
    const [first, second] = outputs as [string, string];
    expect(first).toMatch(/replayed \d+\/\d+ events/); // plain progress lines: stdout is no terminal
    expect(first).toMatch(/the services have taken in all \d+ events/);
    for (const section of [
      'Product copy: Wooden Train Set',
      'Knowledge graph: Wooden Train Set',
      'What customers say',
      'Fraud decisions',
      'Recommendations',
      'Shopping guide',
      'Customer support',
      'Counts',
    ])
      expect(first).toContain(`── ${section}`);
    expect(first).not.toMatch(/\{"/); // no raw JSON
    // Copy checked against the product, graph facts from attributes, fraud with its reasons.
    expect(first).toMatch(/every fact checked against the product: passed/);
    expect(first).toMatch(/made of\s+wood/);
    expect(first).toMatch(/decline, score [\d.]+\n\s+– many small orders with different cards/);
    expect(first).toMatch(/the card, device, e-mail, address or account already had a chargeback/);
    expect(first).toMatch(/reviews of this product from new accounts within 24 h/);
    expect(first).toMatch(/bought together with Wooden Train Set/);
    // The guide: opens, recommends for the niece, and never the 8+ excavation kit.
    expect(first).toMatch(/shopper: \(opens the chat\)\n\s+guide: {3}\S/);
    expect(first).toMatch(/guide: {3}Here are \d ideas for your niece:/);
    expect(first).not.toMatch(/Dinosaur Excavation Kit \(€/);
    // Beside the English: Chinese reviews summarised in Chinese (the mood is read from their stars:
    // 5, 4, 2 and 5), and a Chinese guide conversation where every turn gets an answer.
    expect(first).toMatch(/Organic Cotton Teddy Bear: 4 reviews, average 4\.0★ \(asked in zh\)/);
    expect(first).toContain('"根据4条评价（平均4.0星，满分5星），顾客评价非常正面。');
    expect(first).toMatch(/In Chinese:\n\s+shopper: \(opens the chat\)\n\s+guide: {3}\S/);
    expect(first).toMatch(/shopper: 我想给5岁的侄女买个生日礼物，[^\n]*\n\s+guide: {3}[^(\s]/);
    expect(first).toMatch(/shopper: 有没有便宜一点的？\n\s+guide: {3}[^(\s]/);
    const guide = first.slice(first.indexOf('── Shopping guide'), first.indexOf('── Customer support'));
    expect(guide).not.toContain('Dinosaur Excavation Kit'); // ages 8+, in no currency, to neither child
    expect(first).toMatch(
      /support: {2}Your order W2611340 was delivered on .*tracking number 00340434161234/,
    );
    // Every review counted once, and once only however often the demo runs.
    const counts = (text: string) => text.slice(text.indexOf('── Counts'), text.indexOf('── HTTP edge'));
    expect(counts(first)).toContain(`reviews counted: ${reviews}`);
    expect(counts(first)).toContain('reviews in Chinese counted: 4');
    expect(counts(first)).toMatch(/fraud\.order_scored results stored: \d+/);
    expect(counts(second)).toEqual(counts(first));
    // The demo shop's key is kept in the data directory: the same on every run.
    const keyLine = (text: string) => /^ {2}API key of demo: .*$/m.exec(text)?.[0];
    expect(keyLine(second)).toBe(keyLine(first));
    expect(first).toMatch(/^ {2}OpenAPI: {2}http:\/\/127\.0\.0\.1:\d+\/api\/openapi\.json$/m);
    expect(first).toMatch(/^ {2}console: {2}http:\/\/127\.0\.0\.1:\d+\/console\/ /m);
  }, 300_000);
});
