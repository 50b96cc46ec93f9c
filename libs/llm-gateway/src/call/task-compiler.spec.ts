import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineTask, type LlmTask } from '../task.js';
import { TaskCompiler } from './task-compiler.js';

interface In {
  text: string;
  shop?: string;
}

function task(overrides: Partial<LlmTask<In, { ok: boolean }>> = {}): LlmTask<In, { ok: boolean }> {
  return defineTask<In, { ok: boolean }>({
    name: 'test.compile',
    version: '1',
    buildPrompt: (i) => ({ system: 's', instructions: 'i', data: { text: i.text } }),
    output: z.object({ ok: z.boolean() }),
    cacheTtlSeconds: 60,
    onUnavailable: 'fallback',
    local: () => ({ ok: true }),
    ...overrides,
  });
}

const chainOf = (t: { modelPreferences?: { byProvider?: Record<string, string> } }): string =>
  `primary:${t.modelPreferences?.byProvider?.primary ?? 'model-a'}`;

describe('TaskCompiler', () => {
  it('compiles a task once: the JSON schema without $schema, a schema name fit for the provider', () => {
    const compiler = new TaskCompiler(chainOf);
    const t = task({ name: 'shop.label/v2' });
    const compiled = compiler.compile(t);
    expect(compiler.compile(t)).toBe(compiled);
    expect(compiled.jsonSchema.$schema).toBeUndefined();
    expect(compiled.jsonSchema.properties).toEqual({ ok: { type: 'boolean' } });
    expect(compiled.schemaName).toBe('shop_label_v2');
    expect(compiled.chainId).toBe('primary:model-a');
  });

  it('gives normalised inputs one key, and keeps tenants apart unless the task is shareable', () => {
    const compiler = new TaskCompiler(chainOf);
    const t = task();
    const key = (input: In, tenant: string, on = t): string => compiler.identify(on, input, tenant).cacheKey;
    expect(key({ text: 'Wooden  train ' }, 'acme')).toBe(key({ text: 'Wooden train' }, 'acme'));
    expect(key({ text: 'Wooden train' }, 'acme')).not.toBe(key({ text: 'Wooden train' }, 'globex'));
    const shared = task({ shareable: true });
    expect(key({ text: 'x' }, 'acme', shared)).toBe(key({ text: 'x' }, 'globex', shared));
  });

  it('changes the key with the version, the schema, the model asked for and what identifies the input', () => {
    const compiler = new TaskCompiler(chainOf);
    const base = compiler.identify(task(), { text: 'x', shop: 'a' }, 'acme').cacheKey;
    const variants = [
      task({ version: '2' }),
      task({ output: z.object({ ok: z.boolean(), why: z.string() }) as never }),
      task({ modelPreferences: { byProvider: { primary: 'model-b' } } }),
      task({ cacheInput: (i) => i.text }),
    ];
    for (const v of variants)
      expect(compiler.identify(v, { text: 'x', shop: 'a' }, 'acme').cacheKey).not.toBe(base);
    const byText = task({ cacheInput: (i) => i.text });
    expect(compiler.identify(byText, { text: 'x', shop: 'a' }, 'acme').cacheKey).toBe(
      compiler.identify(byText, { text: 'x', shop: 'b' }, 'acme').cacheKey,
    );
  });
});
