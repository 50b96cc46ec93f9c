import { describe, expect, it } from '@jest/globals';
import {
  extractEmails,
  extractOrderIds,
  matchProducts,
  sameOrderId,
  titleTerms,
} from './support-entities.js';

describe('order ids in a message', () => {
  it.each([
    ['where is my order #W2611340?', ['W2611340']],
    ['where is my order W2611340', ['W2611340']],
    ['order w2611340 hasn’t arrived', ['w2611340']],
    ['whats the status of order 100234', ['100234']],
    ['order no. 553201 and also #W7710045', ['553201', 'W7710045']],
    ['my order #100234 - is it shipped? #100234 again', ['100234']],
    ['refund status for 100987 please', ['100987']],
  ])('%s → %j', (text, ids) => {
    expect(extractOrderIds(text)).toEqual(ids);
  });

  it.each([
    ['call me on 07700 900123 about my order'],
    ['my phone number is 4915112345678, the order was late'],
    ['I paid €12999 for the order'],
    ['the order cost 100234.50'],
    ['my postcode is 10115 and my order is late'],
    ['I have 123456 reasons to love this shop'],
    ['write to w2611340@example.com about the order'],
  ])('takes no order id from %s', (text) => {
    expect(extractOrderIds(text)).toEqual([]);
  });

  it('matches ids with or without "#" and in any case', () => {
    expect(sameOrderId('#w2611340', 'W2611340')).toBe(true);
    expect(sameOrderId('W2611340', 'W2611341')).toBe(false);
  });
});

describe('e-mail addresses in a message', () => {
  it('finds them, lower-cased and once each', () => {
    expect(extractEmails('I am Jana.Novak@Example.com (jana.novak@example.com), or j@x.org')).toEqual([
      'jana.novak@example.com',
      'j@x.org',
    ]);
  });
});

describe('products named in a message', () => {
  const catalogue = [
    { productId: 'p-1', title: 'Alpine Lake Puzzle, 1000 Pieces' },
    { productId: 'p-2', title: 'Wooden Train Set' },
    { productId: 'p-3', title: 'Wooden Kitchen' },
  ];

  it('finds the titles whose words the message uses, best first', () => {
    expect(matchProducts('is the wooden train suitable for a 2 year old?', catalogue)).toEqual([
      { productId: 'p-2', title: 'Wooden Train Set', score: 1 },
      { productId: 'p-3', title: 'Wooden Kitchen', score: 0.5 },
    ]);
  });

  it('needs a lower bar for the items of a customer’s own order ("the puzzle")', () => {
    expect(matchProducts('can I still return the puzzle?', catalogue)).toEqual([]);
    expect(matchProducts('can I still return the puzzles?', catalogue, 0.2).map((m) => m.productId)).toEqual([
      'p-1',
    ]);
  });

  it('keys a title by its distinct significant words, singular, as a message is split', () => {
    expect(titleTerms('Alpine Lake Puzzles, 1000 Pieces — a Puzzle for Kids')).toEqual([
      'alpine',
      'lake',
      'puzzle',
      '1000',
    ]);
  });
});
