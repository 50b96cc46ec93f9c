// Regenerates the TypeScript from proto/ (protoc + protoc-gen-es, as `npm run proto` does) into a
// temporary folder and compares it with the committed libs/contracts/src/gen.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const root = join(import.meta.dirname, '..', '..', '..');
const committed = join(root, 'libs', 'contracts', 'src', 'gen');

function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

describe('generated contracts', () => {
  const out = mkdtempSync(join(tmpdir(), 'shopmind-gen-check-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('match what proto/ generates today (run `npm run proto` and commit when this fails)', () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'proto-gen.mjs'), '--out', out], {
      cwd: root,
      stdio: 'pipe',
    });
    const fresh = tree(out);
    const current = tree(committed);
    expect([...current.keys()].sort()).toEqual([...fresh.keys()].sort());
    const stale = [...fresh].filter(([path, text]) => current.get(path) !== text).map(([path]) => path);
    expect(stale).toEqual([]);
  });
});
