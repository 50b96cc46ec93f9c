// The duplicate-code check that `npm test` runs over services/*/src (jscpd with .jscpd.json: any
// clone of 8 lines and 60 tokens or more fails) passes on the services as they are and fails on a
// chassis copied from one service into another.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

async function jscpd(paths: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      join(root, 'node_modules', '.bin', 'jscpd'),
      ['-c', join(root, '.jscpd.json'), ...paths],
      {
        cwd: root,
      },
    );
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, out: e.stdout ?? '' };
  }
}

const serviceSources = () =>
  readdirSync(join(root, 'services'))
    .map((s) => join(root, 'services', s, 'src'))
    .filter((p) => {
      try {
        return readdirSync(p).length > 0;
      } catch {
        return false;
      }
    });

describe('duplicate code across services', () => {
  it('finds no clone in services/*/src', async () => {
    const result = await jscpd(serviceSources());
    expect(result.out).toContain('Found 0 clones');
    expect(result.code).toBe(0);
  });

  it('fails when a service copies another service’s chassis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jscpd-'));
    try {
      // A new service that starts by copying review-sentiment's module and config.
      const from = join(root, 'services', 'review-sentiment', 'src');
      for (const name of ['a', 'b']) mkdirSync(join(dir, name, 'src'), { recursive: true });
      cpSync(join(from, 'review-sentiment.module.ts'), join(dir, 'a', 'src', 'review-sentiment.module.ts'));
      cpSync(join(from, 'review-sentiment.module.ts'), join(dir, 'b', 'src', 'recommendation.module.ts'));
      const result = await jscpd([join(dir, 'a', 'src'), join(dir, 'b', 'src')]);
      expect(result.code).not.toBe(0);
      expect(result.out).toContain('Clone found');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
