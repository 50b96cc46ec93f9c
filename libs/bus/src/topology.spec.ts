import { describe, expect, it } from '@jest/globals';
import { Events } from '@shopmind/contracts';
import { streamProblemReason, streamSpecs, subjectCovers } from './topology.js';

describe('subjectCovers', () => {
  it('counts an equal subject and a stream wildcard over the consumer filter', () => {
    expect(subjectCovers('shop.*.review.submitted', 'shop.*.review.submitted')).toBe(true);
    expect(subjectCovers('shop.*.review.submitted', 'shop.acme.review.submitted')).toBe(true);
    expect(subjectCovers('shop.>', 'shop.*.review.submitted')).toBe(true);
    expect(subjectCovers('>', 'shop.*.review.submitted')).toBe(true);
    expect(subjectCovers('t1.shop.*.>', 't1.shop.*.review.submitted')).toBe(true);
  });

  it('refuses a stream subject that captures only part of what the filter matches', () => {
    // A literal tenant captures one shop of the many a `*` filter reads.
    expect(subjectCovers('shop.acme.review.submitted', 'shop.*.review.submitted')).toBe(false);
    // `*` is one token; the filter's `>` spans any number.
    expect(subjectCovers('shop.*.review.*', 'shop.*.review.>')).toBe(false);
    expect(subjectCovers('shop.*', 'shop.*.review.submitted')).toBe(false);
    expect(subjectCovers('shop.*.review.submitted', 'shop.*.review')).toBe(false);
    expect(subjectCovers('shop.*.order.placed', 'shop.*.review.submitted')).toBe(false);
    // `shop.>` needs at least one more token: it never captures `shop` itself.
    expect(subjectCovers('shop.>', 'shop')).toBe(false);
    // Another namespace.
    expect(subjectCovers('t2.shop.>', 't1.shop.*.review.submitted')).toBe(false);
  });

  it('finds every event filter of the contract captured by the provisioned subjects of its stream', () => {
    for (const prefix of ['', 't1']) {
      const specs = streamSpecs(prefix);
      for (const e of Object.values(Events)) {
        const stream = specs.find((s) => s.name === (prefix ? `T1_${e.stream}` : e.stream));
        const filter = prefix ? `${prefix}.${e.filter}` : e.filter;
        expect(stream?.subjects.some((s) => subjectCovers(s, filter))).toBe(true);
      }
    }
  });
});

describe('streamProblemReason', () => {
  it('names each problem and the command that fixes it', () => {
    const reason = streamProblemReason([
      'stream SHOP_EVENTS does not exist',
      'stream AI_RESULTS does not capture ai.*.x',
    ]);
    expect(reason).toContain('stream SHOP_EVENTS does not exist');
    expect(reason).toContain('ai.*.x');
    expect(reason).toContain('`shopmind provision`');
  });
});
