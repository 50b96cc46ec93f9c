import { describe, expect, it } from '@jest/globals';
import {
  buildKnowledgeBase,
  KnowledgeBaseError,
  numericFact,
  parsePolicyDocument,
} from './knowledge-base.js';

const RETURNS = `---
title: Returns
returns_window_days: 14
return_shipping_free: false
---

Intro text before any heading.

## Returning an item

You can return items within 14 days.
Unused, in the original packaging.

Second paragraph.

## Refunds
### How long it takes

Five working days.
`;

describe('a policy document', () => {
  it('takes its numbers from the front matter and one section per heading', () => {
    const doc = parsePolicyDocument('returns.md', RETURNS);
    expect(doc.title).toBe('Returns');
    expect(doc.facts).toEqual({ title: 'Returns', returns_window_days: 14, return_shipping_free: false });
    expect(doc.sections.map((s) => [s.id, s.heading, s.text])).toEqual([
      ['returns.md#1', 'Returns', 'Intro text before any heading.'],
      [
        'returns.md#2',
        'Returning an item',
        'You can return items within 14 days. Unused, in the original packaging.\n\nSecond paragraph.',
      ],
      ['returns.md#3', 'How long it takes', 'Five working days.'],
    ]);
  });

  it('works without front matter, titled by its first heading', () => {
    const doc = parsePolicyDocument('x.md', '# Shipping\n\nWe ship.\n');
    expect(doc.title).toBe('Shipping');
    expect(doc.facts).toEqual({});
  });

  it('refuses front matter that is not a map of plain values', () => {
    expect(() => parsePolicyDocument('x.md', '---\n- a\n---\ntext')).toThrow(KnowledgeBaseError);
    expect(() => parsePolicyDocument('x.md', '---\nwindow: [1, 2]\n---\ntext')).toThrow(/window must be/);
    expect(() => parsePolicyDocument('x.md', '---\nwindow: : :\n---\ntext')).toThrow(/not YAML/);
  });
});

describe('a knowledge base', () => {
  it('joins the facts of every file', () => {
    const kb = buildKnowledgeBase('acme', [
      { file: 'returns.md', content: RETURNS },
      { file: 'shipping.md', content: '---\nfree_shipping_threshold: 40\n---\n## Costs\nFree from 40.' },
    ]);
    expect(numericFact(kb, 'returns_window_days')).toBe(14);
    expect(numericFact(kb, 'free_shipping_threshold')).toBe(40);
    expect(numericFact(kb, 'return_shipping_free')).toBeUndefined();
    expect(kb.sections).toHaveLength(4);
  });

  it('refuses a number defined in two files, naming both', () => {
    expect(() =>
      buildKnowledgeBase('acme', [
        { file: 'a.md', content: '---\nreturns_window_days: 14\n---\n## A\ntext' },
        { file: 'b.md', content: '---\nreturns_window_days: 30\n---\n## B\ntext' },
      ]),
    ).toThrow(/returns_window_days is defined in both a.md and b.md/);
  });

  it('refuses a folder with no text', () => {
    expect(() => buildKnowledgeBase('acme', [])).toThrow(/no sections/);
  });
});
