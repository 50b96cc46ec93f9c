import { describe, expect, it } from '@jest/globals';
import { PhraseBook } from './review-phrases.js';
import type { ReviewToken } from './review-tokenizer.js';

const tokens = (text: string): ReviewToken[] =>
  text
    .split(' ')
    .map((w) => ({ text: w, normal: w, lemma: w.replace(/s$/, ''), pos: 'X', type: 'word', space: ' ' }));

const book = new PhraseBook([
  { pattern: 'on arrival', value: -0.5, fixed: true },
  { pattern: 'dead on arrival', value: -3, fixed: true },
  { pattern: 'snap on', value: 1, fixed: false },
  { pattern: 'snap on tight?', value: 2, fixed: false },
  { pattern: 'worth the money|price', value: 2, fixed: false },
  { pattern: 'really? wanted to love', value: -1.5, fixed: true },
  { pattern: 'took * tries', value: -2, fixed: true },
  { pattern: 'not only', value: 0, fixed: true },
]);

describe('PhraseBook', () => {
  it('prefers the phrase with more required words ("dead on arrival" over "on arrival")', () => {
    expect(book.longestMatchAt(tokens('dead on arrival'), 0)).toMatchObject({
      phrase: { value: -3 },
      length: 3,
    });
    expect(book.longestMatchAt(tokens('it came on arrival'), 2)).toMatchObject({ phrase: { value: -0.5 } });
  });

  it('tries optional slots both ways and takes the longest actual match', () => {
    expect(book.longestMatchAt(tokens('snap on tight'), 0)).toMatchObject({
      phrase: { value: 2 },
      length: 3,
    });
    // Both "snap on" phrases match two words: the earlier line wins the tie.
    expect(book.longestMatchAt(tokens('snap on please'), 0)).toMatchObject({
      phrase: { value: 1 },
      length: 2,
    });
  });

  it('matches alternatives, lemmas, any word for "*", and an optional first word', () => {
    expect(book.longestMatchAt(tokens('worth the price'), 0)?.length).toBe(3);
    expect(book.longestMatchAt(tokens('took three tries'), 0)?.length).toBe(3);
    expect(book.longestMatchAt(tokens('really wanted to love'), 0)?.length).toBe(4);
    expect(book.longestMatchAt(tokens('wanted to love'), 0)?.length).toBe(3);
    expect(book.longestMatchAt(tokens('worth the moneys'), 0)?.length).toBe(3); // lemma "money"
    expect(book.longestMatchAt(tokens('worth a try'), 0)).toBeUndefined();
  });

  it('marks a fixed phrase of valence 0 as only cancelling negation', () => {
    expect(book.longestMatchAt(tokens('not only'), 0)?.phrase).toMatchObject({ neutralizesNegation: true });
    expect(book.longestMatchAt(tokens('dead on arrival'), 0)?.phrase).toMatchObject({
      neutralizesNegation: false,
    });
  });
});
