import { describe, expect, it } from '@jest/globals';
import type { CopyProduct } from '../domain/copy-product.js';
import { copyTaskInput, copyWritingTask } from './copy-writing-task.js';

const product: CopyProduct = {
  id: 'p1',
  title: 'Bamboo Cutting Board',
  brand: 'Totally Bamboo',
  categoryPath: ['Kitchen', 'Cutting Boards'],
  description: 'Three cutting boards with juice grooves. Hand wash only.',
  attributes: { material: 'bamboo' },
  language: 'en',
};
const request = { locale: 'en', tone: 'warm', channel: 'web' as const };

describe('copy writing task', () => {
  const task = copyWritingTask(product, request);
  const good = {
    title: 'Bamboo Cutting Board',
    shortDescription: 'Three bamboo boards with juice grooves.',
    longDescription: 'Three bamboo boards with juice grooves. Hand wash only.',
    bullets: ['Made of bamboo'],
    seoTitle: 'Bamboo Cutting Board',
    metaDescription: 'Three bamboo boards.',
  };

  it('accepts faithful copy within limits', () => {
    expect(task.output.safeParse(good).success).toBe(true);
  });

  it('rejects invented facts with a message naming them, so the repair can fix them', () => {
    const result = task.output.safeParse({ ...good, bullets: ['Dishwasher safe', 'Set of 4'] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('claim \\"dishwasher safe\\"');
    expect(JSON.stringify(result.error?.issues)).toContain('number \\"4\\"');
  });

  it('rejects copy over the channel limits', () => {
    expect(task.output.safeParse({ ...good, seoTitle: 'x'.repeat(61) }).success).toBe(false);
  });

  it('keeps the customer data out of the system prompt and the local answer valid', async () => {
    const prompt = task.buildPrompt(copyTaskInput(product, request));
    expect(prompt.system).not.toContain('Bamboo');
    expect(task.output.safeParse(await task.local(copyTaskInput(product, request))).success).toBe(true);
  });
});
