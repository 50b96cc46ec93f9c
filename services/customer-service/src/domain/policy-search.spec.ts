import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { customerServiceAsset } from '../service-assets.js';
import { buildKnowledgeBase } from './knowledge-base.js';
import { PolicyIndex, policyQuery } from './policy-search.js';

const dir = customerServiceAsset('knowledge-base/default');
const shipped = buildKnowledgeBase(
  'default',
  readdirSync(dir).map((file) => ({ file, content: readFileSync(`${dir}/${file}`, 'utf8') })),
);
const index = new PolicyIndex(shipped, { minScore: 4 });

describe('the shipped default knowledge base', () => {
  it('states the numbers answers rely on', () => {
    expect(shipped.facts).toMatchObject({
      returns_window_days: 30,
      refund_processing_days: 5,
      free_shipping_threshold: 50,
      report_damage_within_days: 14,
      warranty_years: 2,
    });
  });

  it.each([
    ['I was charged twice', 'payment_issue', 'Charged twice or an unknown charge'],
    ['can I change my delivery address', 'change_address', 'Changing the delivery address'],
    ['the box arrived broken', 'complaint', 'Damaged items'],
    ['how long do refunds take', 'return_refund', 'How long a refund takes'],
    ['my package is late', 'shipping_delay', 'Late or missing parcels'],
    ['I forgot my password', 'account', 'Signing in and passwords'],
  ] as const)('finds the section for "%s" (%s)', (text, intent, heading) => {
    expect(index.best(policyQuery(text, intent))?.section.heading).toBe(heading);
  });

  it('returns nothing below the minimum score rather than an unrelated section', () => {
    expect(index.best(policyQuery('tell me a joke', 'other'))).toBeUndefined();
    expect(index.best(policyQuery('hello there', 'greeting'))).toBeUndefined();
    // Retrieval is lexical: "the weather like today" meets "like any other item" above the minimum.
    // Which intents may be answered from the knowledge base is the caller's decision, not the index's.
  });
});

describe('a small knowledge base', () => {
  it('can be searched with fewer than three sections', () => {
    const kb = buildKnowledgeBase('tiny', [
      { file: 'a.md', content: '## Returns\nReturn within 14 days for a refund.' },
    ]);
    expect(new PolicyIndex(kb, { minScore: 0.1 }).best('return')?.section.heading).toBe('Returns');
  });
});
