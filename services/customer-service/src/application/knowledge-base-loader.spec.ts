import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { KnowledgeBaseError } from '../domain/knowledge-base.js';
import { KnowledgeBaseLoader } from './knowledge-base-loader.js';

let root: string;
let clock: number;
const write = (path: string, content: string, mtimeSeconds: number): void => {
  writeFileSync(path, content);
  utimesSync(path, mtimeSeconds, mtimeSeconds);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kb-'));
  clock = 0;
  mkdirSync(join(root, 'default'));
  mkdirSync(join(root, 'tenants', 'acme'), { recursive: true });
  write(
    join(root, 'default', 'returns.md'),
    '---\nreturns_window_days: 30\n---\n## Returns\nReturn within 30 days.',
    1000,
  );
  write(
    join(root, 'tenants', 'acme', 'returns.md'),
    '---\nreturns_window_days: 14\n---\n## Returns\nReturn within 14 days.',
    1000,
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function loader(refused: KnowledgeBaseError[] = []): KnowledgeBaseLoader {
  return new KnowledgeBaseLoader({
    dir: join(root, 'tenants'),
    defaultDir: join(root, 'default'),
    checkIntervalMs: 1000,
    search: { minScore: 0 },
    now: () => clock,
    onRefused: (e) => refused.push(e),
  });
}

const windowOf = (l: KnowledgeBaseLoader, tenant: string): unknown =>
  l.policies(tenant).knowledgeBase.facts.returns_window_days;

describe('knowledge base per tenant', () => {
  it('uses the tenant’s own folder, and the default for a tenant without one', () => {
    const l = loader();
    expect(windowOf(l, 'acme')).toBe(14);
    expect(windowOf(l, 'globex')).toBe(30);
  });

  it('picks up an edited file after the check interval, without a restart', () => {
    const l = loader();
    expect(windowOf(l, 'acme')).toBe(14);
    write(
      join(root, 'tenants', 'acme', 'returns.md'),
      '---\nreturns_window_days: 21\n---\n## Returns\nReturn within 21 days.',
      2000,
    );
    clock = 500;
    expect(windowOf(l, 'acme')).toBe(14); // not looked at yet
    clock = 1500;
    expect(windowOf(l, 'acme')).toBe(21);
  });

  it('keeps the last good version when an edit breaks a file, and reports the refusal', () => {
    const refused: KnowledgeBaseError[] = [];
    const l = loader(refused);
    expect(windowOf(l, 'acme')).toBe(14);
    write(
      join(root, 'tenants', 'acme', 'returns.md'),
      '---\nreturns_window_days: [\n---\n## Returns\n',
      2000,
    );
    clock = 1500;
    expect(windowOf(l, 'acme')).toBe(14);
    expect(refused).toHaveLength(1);
  });

  it('refuses a broken first load instead of answering with the default’s numbers', () => {
    write(join(root, 'tenants', 'acme', 'returns.md'), '---\nreturns_window_days: [\n---\n', 2000);
    expect(() => loader().policies('acme')).toThrow(KnowledgeBaseError);
  });

  it('refuses a tenant id that is not a plain folder name', () => {
    expect(() => loader().policies('../default')).toThrow(KnowledgeBaseError);
  });
});
