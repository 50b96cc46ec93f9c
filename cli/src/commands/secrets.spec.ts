import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { captureIo } from '../capture-io.js';
import { runCli } from '../run-cli.js';
import { generateDevSecrets, natsPasswordVariables } from './secrets.js';

const EVERY_SECRET = [
  'FRAUD_HASH_SECRET',
  'SUPPORT_SUBJECT_SECRET',
  'REDIS_PASSWORD',
  'REDIS_EDGE_PASSWORD',
  'EDGE_CARD_FINGERPRINT_SECRET',
  'GRAFANA_ADMIN_PASSWORD',
  'NATS_ADMIN_PASSWORD',
  'NATS_EDGE_PASSWORD',
  'NATS_REVIEW_SENTIMENT_PASSWORD',
  'NATS_PRODUCT_COPY_PASSWORD',
  'NATS_KNOWLEDGE_GRAPH_PASSWORD',
  'NATS_FRAUD_DETECTION_PASSWORD',
  'NATS_RECOMMENDATION_PASSWORD',
  'NATS_CUSTOMER_SERVICE_PASSWORD',
];

describe('secrets dev', () => {
  it('generates every secret of the permission model, random and distinct, letters first', () => {
    const a = generateDevSecrets();
    const b = generateDevSecrets();
    expect(Object.keys(a).sort()).toEqual([...EVERY_SECRET].sort());
    for (const [k, v] of Object.entries(a)) {
      expect(v).toMatch(/^[A-Za-z][A-Za-z0-9]{39}$/);
      expect(b[k]).not.toBe(v);
    }
    expect(new Set(Object.values(a)).size).toBe(EVERY_SECRET.length);
  });

  it('prints a compose env file by default', async () => {
    const io = captureIo();
    expect(await runCli(['secrets', 'dev'], io)).toBe(0);
    const lines = io.stdout.join('\n').split('\n');
    const set = lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0]);
    expect(set.sort()).toEqual([...EVERY_SECRET].sort());
    expect(lines).toContain('# OPENAI_API_KEY=');
  });

  it('prints two Kubernetes Secrets: everything for the services, the NATS passwords for nats-server', async () => {
    const io = captureIo();
    expect(await runCli(['secrets', 'dev', '--format', 'k8s'], io)).toBe(0);
    const docs = parseAllDocuments(io.stdout.join('\n')).map((d) => d.toJS() as Record<string, never>);
    expect(docs.map((d) => [d['kind'], (d['metadata'] as { name: string }).name])).toEqual([
      ['Secret', 'shopmind-secrets'],
      ['Secret', 'shopmind-nats-auth'],
    ]);
    const services = docs[0]!['stringData'] as Record<string, string>;
    const nats = docs[1]!['stringData'] as Record<string, string>;
    expect(Object.keys(services).sort()).toEqual([...EVERY_SECRET].sort());
    expect(Object.keys(nats).sort()).toEqual(natsPasswordVariables().sort());
    for (const k of Object.keys(nats)) expect(nats[k]).toBe(services[k]);
  });

  it('writes --out with mode 0600 and refuses to overwrite it without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    const out = join(dir, '.env');
    expect(await runCli(['secrets', 'dev', '--out', out], captureIo())).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const first = readFileSync(out, 'utf8');
    const refused = captureIo();
    expect(await runCli(['secrets', 'dev', '--out', out], refused)).toBe(1);
    expect(refused.stderr.join('\n')).toMatch(/--force/);
    expect(readFileSync(out, 'utf8')).toBe(first);
    expect(await runCli(['secrets', 'dev', '--out', out, '--force'], captureIo())).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe(first);
  });
});

describe('usage', () => {
  it('exits 2 on an unknown command or a missing argument, 0 with --help', async () => {
    const unknown = captureIo();
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr.join('\n')).toMatch(/Unknown argument: frobnicate/);
    expect(await runCli(['ask', 'summary'], captureIo())).toBe(2);
    const help = captureIo();
    expect(await runCli(['dlq', 'replay', '--help'], help)).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/--dry-run/);
  });
});
