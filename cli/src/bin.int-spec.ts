// The installed form: `shopmind` is the bin shim running the built dist/cli (as in the image).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { builtFile, repoRoot } from '@shopmind/testing';

const run = promisify(execFile);

describe('bin/shopmind.mjs', () => {
  it('runs the built CLI: help, a command, and exit 2 for a wrong one', async () => {
    builtFile('dist/cli/src/main.js');
    const bin = join(repoRoot(), 'cli/bin/shopmind.mjs');
    const help = await run(process.execPath, [bin, '--help']);
    expect(help.stdout).toMatch(/shopmind <command>/);
    const secrets = await run(process.execPath, [bin, 'secrets', 'dev']);
    expect(secrets.stdout).toMatch(/^NATS_ADMIN_PASSWORD=[A-Za-z0-9]{40}$/m);
    const wrong = await run(process.execPath, [bin, 'nonsense']).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown argument: nonsense/) });
  });
});
