// `shopmind tenant key`: the key is printed once and only its SHA-256 lands in the edge's tenants
// file; a second key is added beside the first; webhook secrets are written on request; comments
// and other tenants are kept; a bad tenant id changes nothing.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { captureIo } from '../capture-io.js';
import { runCli } from '../run-cli.js';
import type { TenantKeyResult } from './tenant-key.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('tenant key', () => {
  it('creates the file with the key’s hash only, adds a second key beside it, and keeps the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenant-key-'));
    writeFileSync(
      join(dir, 'tenants.yaml'),
      '# the shops\nglobex:\n  webhook: { secret: globex-secret-0123456789 }\n',
    );
    const io = captureIo({ cwd: dir });
    expect(await runCli(['tenant', 'key', 'acme', '--file', 'tenants.yaml', '--json'], io)).toBe(0);
    const first = io.json<TenantKeyResult>()[0]!;
    expect(first.apiKey).toMatch(/^smk_[0-9a-f]{48}$/);
    const file = join(dir, 'tenants.yaml');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    let text = readFileSync(file, 'utf8');
    expect(text).not.toContain(first.apiKey);
    expect(text).toContain('# the shops');
    expect(parse(text)).toEqual({
      globex: { webhook: { secret: 'globex-secret-0123456789' } },
      acme: { apiKeys: [sha256(first.apiKey!)] },
    });

    const again = captureIo({ cwd: dir });
    expect(
      await runCli(
        ['tenant', 'key', 'acme', '--file', 'tenants.yaml', '--webhook', 'generic', '--webhook', 'shopify'],
        again,
      ),
    ).toBe(0);
    const printed = again.stdout.join('\n');
    const second = /API key (smk_[0-9a-f]{48})/.exec(printed)?.[1];
    const generic = /generic webhook secret (\S+)/.exec(printed)?.[1];
    const shopify = /shopify webhook secret (\S+)/.exec(printed)?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(first.apiKey);
    text = readFileSync(file, 'utf8');
    expect(parse(text)).toEqual({
      globex: { webhook: { secret: 'globex-secret-0123456789' } },
      acme: {
        apiKeys: [sha256(first.apiKey!), sha256(second!)],
        webhook: { secret: generic },
        shopify: { secret: shopify },
      },
    });
    expect(generic!.length).toBeGreaterThanOrEqual(16);
  });

  it('writes webhook secrets alone with --no-api-key, and refuses a bad id or nothing to do (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenant-key-'));
    const io = captureIo({ cwd: dir });
    expect(
      await runCli(
        ['tenant', 'key', 'acme', '--file', 't.yaml', '--no-api-key', '--webhook', 'woocommerce', '--json'],
        io,
      ),
    ).toBe(0);
    const result = io.json<TenantKeyResult>()[0]!;
    expect(result.apiKey).toBeUndefined();
    expect(parse(readFileSync(join(dir, 't.yaml'), 'utf8'))).toEqual({
      acme: { woocommerce: { secret: result.webhookSecrets.woocommerce } },
    });
    const before = readFileSync(join(dir, 't.yaml'), 'utf8');
    const bad = captureIo({ cwd: dir });
    expect(await runCli(['tenant', 'key', 'Acme.Shop', '--file', 't.yaml'], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toMatch(/must match/);
    expect(await runCli(['tenant', 'key', 'acme', '--file', 't.yaml', '--no-api-key'], bad)).toBe(2);
    expect(readFileSync(join(dir, 't.yaml'), 'utf8')).toBe(before);
  });
});
