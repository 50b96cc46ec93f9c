import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { builtFile, repoRoot } from '@shopmind/testing';

// The built command, as `npm run eval` runs it.
const evalCommand = (...args: string[]) =>
  spawnSync(process.execPath, [builtFile('dist/tests/eval/run.js'), ...args], {
    cwd: repoRoot(),
    encoding: 'utf8',
  });

describe('npm run eval with a bad file', () => {
  it('names a missing file in one line and exits 2, without a stack trace', () => {
    const run = evalCommand('reco', '/no/such/replay.jsonl');
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('eval reco: cannot read /no/such/replay.jsonl: no such file');
  });

  it('names the malformed line of a replay in one line and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-input-'));
    const file = join(dir, 'broken.jsonl');
    writeFileSync(file, '{"subject":"shop.acme.catalog.product_deleted","data":{}}\nnot json\n');
    const run = evalCommand('reco', file);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^eval reco: line 2: /);
  });

  it('names an unreadable labelled file for any evaluation', () => {
    const run = evalCommand('sentiment', '/no/such/file.tsv');
    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.trim()).toMatch(/^eval sentiment: cannot read \/no\/such\/file\.tsv: no such file$/);
  });
});
