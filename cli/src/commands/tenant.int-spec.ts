// `shopmind tenant add` on a copy of the shipped NATS configuration: nats-server accepts the result
// (`nats-server -t`), and the shop's nkey seed connects as that shop on a server running it.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shopmind/testing';
import { captureIo } from '../capture-io.js';
import { runCli } from '../run-cli.js';
import { generateDevSecrets } from './secrets.js';

const run = promisify(execFile);

function shippedConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenant-add-'));
  for (const f of ['nats.conf', 'auth.conf']) copyFileSync(join(repoRoot(), 'deploy/nats', f), join(dir, f));
  // Only the store directory differs from the image's.
  const conf = readFileSync(join(dir, 'nats.conf'), 'utf8').replace(
    /store_dir: .*/,
    `store_dir: ${join(dir, 'js')}`,
  );
  writeFileSync(join(dir, 'nats.conf'), conf);
  return dir;
}

describe('tenant add', () => {
  it("writes the shop's entry and seed, replaces it on a second add, and nats-server accepts the file", async () => {
    const dir = shippedConfig();
    const io = captureIo({ cwd: dir });
    expect(
      await runCli(['tenant', 'add', 'acme', '--config', 'auth.conf', '--out-dir', '.', '--json'], io),
    ).toBe(0);
    const added = io.json<{ publicKey: string; consumers: string[] }>()[0]!;
    expect(added.consumers).toEqual(['acme', 'acme_1', 'acme_2', 'acme_3', 'acme_4']);
    const seed = readFileSync(join(dir, 'acme.nk'), 'utf8').trim();
    expect(seed).toMatch(/^SU[A-Z2-7]+$/);
    expect(statSync(join(dir, 'acme.nk')).mode & 0o777).toBe(0o600);
    const config = readFileSync(join(dir, 'auth.conf'), 'utf8');
    const tenants = config.slice(config.indexOf('# tenants:begin'), config.indexOf('# tenants:end'));
    expect(tenants).toContain(added.publicKey);
    expect(tenants).toContain('ai.acme.>');

    // nats-server reads the passwords from its environment; `secrets dev` gives them all.
    const env = { ...process.env, ...generateDevSecrets() };
    await expect(run('nats-server', ['-c', join(dir, 'nats.conf'), '-t'], { env })).resolves.toBeDefined();

    // Again, with --force: a new key replaces the entry instead of adding a second one.
    const refused = captureIo({ cwd: dir });
    expect(await runCli(['tenant', 'add', 'acme', '--config', 'auth.conf'], refused)).toBe(1);
    expect(refused.stderr.join('\n')).toMatch(/--force/);
    expect(await runCli(['tenant', 'add', 'acme', '--config', 'auth.conf', '--force', '--json'], io)).toBe(0);
    const replaced = io.json<{ publicKey: string }>()[1]!;
    const after = readFileSync(join(dir, 'auth.conf'), 'utf8');
    expect(after).toContain(replaced.publicKey);
    expect(after).not.toContain(added.publicKey);
    await expect(run('nats-server', ['-c', join(dir, 'nats.conf'), '-t'], { env })).resolves.toBeDefined();
  });

  it('refuses a tenant id that is not a subject token (exit 2) and leaves the file alone', async () => {
    const dir = shippedConfig();
    const before = readFileSync(join(dir, 'auth.conf'), 'utf8');
    const io = captureIo({ cwd: dir });
    expect(await runCli(['tenant', 'add', 'Acme.Shop', '--config', 'auth.conf'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/must match/);
    expect(readFileSync(join(dir, 'auth.conf'), 'utf8')).toBe(before);
  });
});
