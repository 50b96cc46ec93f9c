import { describe, expect, it } from '@jest/globals';
import { Polarity } from '@shopmind/contracts';
import { emptyAggregate, type ProductAggregate } from './product-aggregate.js';
import type { QuoteCandidate } from './review-contribution.js';
import {
  buildReviewSummary,
  moodOf,
  pickQuotes,
  summaryIn,
  summaryTextOf,
} from './review-summary-builder.js';
import { ASPECTS } from '../tasks/review-analyser/aspect-taxonomy.js';
import { chineseAspectNames } from './summary-wording.js';

const quote = (id: string, polarity: 'positive' | 'negative', weight: number): QuoteCandidate => ({
  reviewId: id,
  text: `quote ${id}`,
  rating: polarity === 'positive' ? 5 : 1,
  polarity,
  aspect: '',
  weight,
});

function aggregate(): ProductAggregate {
  const a = emptyAggregate('p-1');
  a.count = 10;
  a.ratingSum = 40;
  a.scoreSum = 4;
  a.stars = [1, 0, 1, 3, 5];
  a.polarity = { positive: 8, negative: 2, neutral: 0 };
  a.updatedAt = 1_700_000_000_000;
  a.aspects.set('quality', {
    mentions: 6,
    positive: 6,
    negative: 0,
    neutral: 0,
    scoreSum: 4.2,
    bestPositive: { text: 'Solid wood that survives toddlers', score: 0.9, reviewId: 'r-1' },
  });
  a.aspects.set('battery', {
    mentions: 5,
    positive: 3,
    negative: 2,
    neutral: 0,
    scoreSum: 0.5,
    bestNegative: { text: 'battery died in a week', score: -0.8, reviewId: 'r-2' },
  });
  a.aspects.set('delivery', { mentions: 2, positive: 0, negative: 2, neutral: 0, scoreSum: -1.2 });
  a.quotes = {
    positive: [quote('p1', 'positive', 1), quote('p2', 'positive', 0.8), quote('p3', 'positive', 0.5)],
    negative: [quote('n1', 'negative', 1)],
  };
  return a;
}

describe('review summary', () => {
  it('gives counts, rating distribution, average and overall polarity', () => {
    const s = buildReviewSummary(aggregate(), 10);
    expect(s.reviewCount).toBe(10);
    expect(s.averageRating).toBe(4);
    expect(s.ratingDistribution).toMatchObject({ one: 1, two: 0, three: 1, four: 3, five: 5 });
    expect(s.overallPolarity).toBe(Polarity.POSITIVE);
    expect(s.overallScore).toBeCloseTo(0.4);
  });

  it('lists pros with the strongest evidence and cons including a sizeable minority complaint', () => {
    const s = buildReviewSummary(aggregate(), 10);
    expect(s.pros.map((p) => p.aspect)).toEqual(['quality', 'battery']);
    expect(s.pros[0]).toMatchObject({ text: 'Solid wood that survives toddlers', mentions: 6 });
    // Equal complaint counts: the aspect nobody praises comes first.
    expect(s.cons.map((c) => c.aspect)).toEqual(['delivery', 'battery']);
    expect(s.cons[0]!.text).toBe('Delivery is criticised');
    expect(s.cons[1]!.text).toBe('battery died in a week');
  });

  it('reports per-aspect sentiment, most mentioned first', () => {
    const s = buildReviewSummary(aggregate(), 10);
    expect(s.aspects.map((a) => [a.aspect, a.polarity])).toEqual([
      ['quality', Polarity.POSITIVE],
      ['battery', Polarity.POSITIVE],
      ['delivery', Polarity.NEGATIVE],
    ]);
    expect(s.aspects[2]).toMatchObject({ mentions: 2, negative: 2, score: -0.6 });
  });

  it('alternates quotes, leading with the side most reviews take', () => {
    expect(pickQuotes(aggregate(), 3).map((q) => q.reviewId)).toEqual(['p1', 'n1', 'p2']);
    expect(pickQuotes(aggregate(), 10).map((q) => q.reviewId)).toEqual(['p1', 'n1', 'p2', 'p3']);
  });

  it('writes a summary text only from three reviews on', () => {
    expect(buildReviewSummary(aggregate(), 3).summaryText).toMatch(
      /^Based on 10 reviews \(average 4\.0 of 5 stars\), customers are very positive\. They praise the quality and battery\. Some complain about the delivery and battery\.$/,
    );
    const two = { ...aggregate(), count: 2, ratingSum: 8 };
    expect(buildReviewSummary(two, 3).summaryText).toBe('');
  });

  it('gives an empty summary with zero counts for a product without reviews', () => {
    const s = buildReviewSummary(emptyAggregate('p-none'), 5);
    expect(s).toMatchObject({
      productId: 'p-none',
      reviewCount: 0,
      averageRating: 0,
      overallPolarity: Polarity.UNSPECIFIED,
      pros: [],
      cons: [],
      quotes: [],
    });
  });

  describe('wording', () => {
    it('never calls a 3.3-star average "mostly negative", even when the text model read every review as negative (issue 13, item 7)', () => {
      const a = aggregate();
      a.count = 10;
      a.ratingSum = 33;
      a.stars = [1, 2, 2, 3, 2];
      a.polarity = { positive: 0, negative: 10, neutral: 0 };
      a.scoreSum = -3.4;
      const text = buildReviewSummary(a, 3).summaryText;
      expect(text).toMatch(/^Based on 10 reviews \(average 3\.3 of 5 stars\), opinions are mixed\./);
      expect(text).not.toContain('negative');
      // Three reviews, two of them 4★ mixed texts the old model read as negative, one 2★.
      expect(moodOf([0, 1, 0, 2, 0], 3.3)).toBe('opinions are mixed');
    });

    it('names a side only when most reviews take it and the stated average agrees', () => {
      expect(moodOf([1, 0, 1, 3, 5], 4)).toBe('customers are very positive');
      expect(moodOf([1, 1, 1, 4, 3], 3.7)).toBe('customers are mostly positive');
      expect(moodOf([4, 3, 1, 1, 1], 2.2)).toBe('customers are mostly negative');
      expect(moodOf([6, 2, 1, 1, 0], 1.7)).toBe('customers are very negative');
      // Most reviews are happy, but a few one-star ones pull the average to the middle: mixed.
      expect(moodOf([3, 0, 0, 4, 0], 2.7)).toBe('opinions are mixed');
      expect(moodOf([0, 0, 0, 0, 0], 0)).toBe('opinions are mixed');
    });
  });

  describe('in Simplified Chinese', () => {
    /** Chinese reviews: evidence and quotes in the reviewers' own words (one English review mixed in). */
    function chineseAggregate(): ProductAggregate {
      const a = emptyAggregate('p-zh');
      a.count = 5;
      a.ratingSum = 19;
      a.scoreSum = 1.6;
      a.stars = [0, 1, 1, 1, 2];
      a.polarity = { positive: 4, negative: 1, neutral: 0 };
      a.aspects.set('quality', {
        mentions: 4,
        positive: 4,
        negative: 0,
        neutral: 0,
        scoreSum: 3.1,
        bestPositive: { text: '做工很精细，木头很结实', score: 0.9, reviewId: 'r-1' },
      });
      a.aspects.set('price_value', { mentions: 2, positive: 2, negative: 0, neutral: 0, scoreSum: 1.2 });
      a.aspects.set('delivery', {
        mentions: 2,
        positive: 0,
        negative: 2,
        neutral: 0,
        scoreSum: -1.3,
        bestNegative: { text: 'Delivery took two weeks', score: -0.7, reviewId: 'r-5' },
      });
      a.quotes = {
        positive: [
          {
            reviewId: 'r-1',
            text: '做工很精细，木头很结实',
            rating: 5,
            polarity: 'positive',
            aspect: 'quality',
            weight: 0.9,
          },
        ],
        negative: [
          {
            reviewId: 'r-5',
            text: 'Delivery took two weeks',
            rating: 2,
            polarity: 'negative',
            aspect: 'delivery',
            weight: 0.7,
          },
        ],
      };
      return a;
    }

    it('writes the summary text in Chinese with the same figures, mood and aspects as the English one', () => {
      const cached = buildReviewSummary(chineseAggregate(), 5);
      expect(cached.summaryText).toBe(
        'Based on 5 reviews (average 3.8 of 5 stars), customers are mostly positive. They praise the quality and price value. Some complain about the delivery.',
      );
      const zh = summaryIn(cached, 'zh');
      expect(zh.summaryText).toBe(
        '根据5条评价（平均3.8星，满分5星），顾客评价大多正面。顾客称赞质量和性价比。也有顾客对物流配送不满意。',
      );
    });

    it('keeps the reviewers’ own words and words only the pros and cons without evidence', () => {
      const zh = summaryIn(buildReviewSummary(chineseAggregate(), 5), 'zh');
      expect(zh.pros.map((p) => p.text)).toEqual(['做工很精细，木头很结实', '性价比受到好评']);
      expect(zh.cons.map((c) => c.text)).toEqual(['Delivery took two weeks']);
      expect(zh.quotes.map((q) => q.text)).toEqual(['做工很精细，木头很结实', 'Delivery took two weeks']);
      // Aspect keys stay the language-independent taxonomy names.
      expect(zh.aspects.map((x) => x.aspect)).toEqual(['quality', 'delivery', 'price_value']);
    });

    it('lists three aspects with 、 and 和, and says "many" when nothing is praised', () => {
      const a = chineseAggregate();
      a.stars = [3, 1, 1, 0, 0];
      a.ratingSum = 8;
      for (const [name, text] of [
        ['battery', '电池不耐用'],
        ['durability', '玩了两天就坏了'],
        ['size_fit', '比图片小很多'],
      ] as const)
        a.aspects.set(name, {
          mentions: 3,
          positive: 0,
          negative: 3,
          neutral: 0,
          scoreSum: -2,
          bestNegative: { text, score: -0.8, reviewId: 'r-9' },
        });
      a.aspects.delete('quality');
      a.aspects.delete('price_value');
      const zh = summaryIn(buildReviewSummary(a, 5), 'zh');
      expect(zh.summaryText).toBe(
        '根据5条评价（平均1.6星，满分5星），顾客评价非常负面。不少顾客对电池续航、耐用性和尺寸大小不满意。',
      );
    });

    it('writes no text below three reviews, in Chinese either', () => {
      const two = buildReviewSummary(
        { ...chineseAggregate(), count: 2, stars: [0, 0, 0, 1, 1], ratingSum: 9 },
        3,
      );
      expect(summaryTextOf(two, 'zh')).toBe('');
      expect(summaryIn(two, 'zh').summaryText).toBe('');
    });

    it('has a Chinese name for every aspect of the taxonomy', () => {
      const names = chineseAspectNames();
      for (const aspect of ASPECTS) expect(names[aspect.name]).toMatch(/^[\u4e00-\u9fff与]+$/);
      expect(new Set(Object.values(names)).size).toBe(Object.keys(names).length);
    });

    it('leaves the English summary as cached', () => {
      const cached = buildReviewSummary(chineseAggregate(), 5);
      expect(summaryIn(cached, 'en')).toBe(cached);
    });
  });
});
