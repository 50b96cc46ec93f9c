// One test per rule of the ClauseScorer: each fails when its rule is taken out.
import { describe, expect, it } from '@jest/globals';
import { ClauseScorer, type ScoredSentence } from './clause-scorer.js';
import { tokenizeReview } from './review-tokenizer.js';
import { reviewVocabulary } from './review-vocabulary.js';

const scorer = new ClauseScorer(reviewVocabulary('en'));

function sentence(text: string): ScoredSentence {
  const [first, ...more] = tokenizeReview(text);
  expect(more).toHaveLength(0);
  return scorer.scoreSentence(first!);
}

/** Each clause's words, lead, summed valence and discourse weight. */
function clauses(text: string): Array<{ text: string; lead: string; raw: number; weight: number }> {
  return sentence(text).clauses.map((c) => ({
    text: c.tokens.map((t) => t.normal).join(' '),
    lead: c.lead,
    raw: Math.round(c.raw * 1e6) / 1e6,
    weight: Math.round(c.weight * 1e6) / 1e6,
  }));
}

/** The valence of a one-clause sentence. */
function raw(text: string): number {
  const found = clauses(text);
  expect(found).toHaveLength(1);
  return found[0]!.raw;
}

describe('ClauseScorer: words and idioms', () => {
  it('excess: "too" before an adjective complains, and negates what it is too much for', () => {
    expect(raw('The pillow is too soft.')).toBeCloseTo(-1.8); // "soft" alone is praise
    expect(raw('too heavy to be practical')).toBeCloseTo(-1.8 - 0.75 * 2);
  });

  it('nonexistent: reads the opposite of what is missing', () => {
    expect(raw('Input lag is nonexistent.')).toBeCloseTo(-1 + 1.5);
    expect(raw('Customer support is nonexistent.')).toBeCloseTo(-1.5);
  });

  it('idiom: a phrase counts as a whole, and a negator flips one without its own negation', () => {
    expect(raw('It stopped working.')).toBeCloseTo(-3);
    expect(raw('It does not do the job.')).toBeCloseTo(-0.75 * 2);
    expect(raw('I would not recommend it.')).toBeCloseTo(-3); // its own negation: not flipped back
  });

  it('price: "you get what you pay for" defends a high price and condemns a low one', () => {
    expect(clauses('Pricey, but you get what you pay for.')[1]).toMatchObject({ raw: 1.5 });
    expect(clauses('Cheap, but you get what you pay for.')[1]).toMatchObject({ raw: -1 });
  });

  it('never + comparative: a superlative', () => {
    expect(raw('Never felt softer.')).toBeCloseTo(2.5);
  });

  it('negation: flips the next opinion, "not good" strongly and "not terrible" mildly', () => {
    expect(raw('This is not a good vacuum.')).toBeCloseTo(-0.75 * 2);
    expect(raw('Not terrible.')).toBeCloseTo(0.5 * 3);
    expect(raw('Far from good.')).toBeCloseTo(-0.75 * 2);
  });

  it('absence: a missing thing is a mild complaint, a behaviour that does not happen mild praise', () => {
    expect(raw('No instructions.')).toBeCloseTo(-0.6);
    expect(raw('It grips without slipping.')).toBeCloseTo(0.8);
  });

  it('denied hope: a negated auxiliary closing the clause is a complaint', () => {
    expect(clauses('I wanted it to work but it just does not.')[1]).toMatchObject({
      text: 'it just does not',
      raw: -1.5,
    });
  });

  it('failure: a negated function verb is a complaint, stronger than a flipped word', () => {
    expect(raw('It does not fit.')).toBeCloseTo(-2);
  });

  it('intensity: intensifiers and diminishers scale the next opinion', () => {
    expect(raw('It is very good.')).toBeCloseTo(2 * 1.4);
    expect(raw('It is slightly annoying.')).toBeCloseTo(-1 * 0.5);
  });

  it('scare quotes: quoted praise mocks it', () => {
    expect(raw('The so-called "waterproof" case.')).toBeCloseTo(-0.5 * 1);
  });

  it('earlier product: a comparative praising the replaced one complains, anything else about it barely counts', () => {
    expect(raw('My old one was nicer.')).toBeCloseTo(-0.75 * 2);
    expect(raw('My old one was great.')).toBeCloseTo(0.3 * 2);
    expect(raw('Much better than my old one.')).toBeCloseTo(2 * 1.25); // compared with it: about this one
  });

  it('word valence: emoticons, written ratings and words in capitals', () => {
    expect(raw('Arrived today :(')).toBeCloseTo(-2);
    expect(raw('10/10')).toBeCloseTo((1 - 0.55) * 6);
    expect(raw('It is GREAT')).toBeCloseTo(2 * 1.3);
  });

  it('positional opinions: "like" as a preposition and "clearly" after the verb "is" are no opinion', () => {
    expect(raw('It smells like vinegar.')).toBeCloseTo(-1);
    expect(raw('I like it.')).toBeCloseTo(2);
    expect(raw('It is clearly smaller.')).toBeCloseTo(-1);
    expect(raw('You can hear every word clearly.')).toBeCloseTo(2);
  });
});

describe('ClauseScorer: clauses weighed against each other', () => {
  it('leads: after "but" weighs more and before it less, "although" and "if" clauses less', () => {
    expect(clauses('The sound is great but the battery is weak.').map((c) => c.weight)).toEqual([0.6, 1.5]);
    expect(clauses('Although the box was dented, it works.')[0]).toMatchObject({
      lead: 'concession',
      weight: 0.5,
    });
    expect(clauses('If it breaks, I will be sad.')[0]).toMatchObject({ lead: 'condition', weight: 0.3 });
  });

  it('juxtaposed: the later of two opposite clauses decides', () => {
    expect(clauses('love the pattern, hate the fit').map((c) => c.weight)).toEqual([0.75, 1.25]);
  });

  it('afterthought and logistics: no juxtaposition verdict for "…, though" or a parcel clause', () => {
    expect(clauses('hate the fit, love the pattern though').map((c) => c.weight)).toEqual([1, 1]);
    expect(clauses('Nice box, broken blender.').map((c) => c.weight)).toEqual([1, 1]);
  });

  it('dismissal: a complaint waved away counts half', () => {
    // 0.75 from the juxtaposition, halved by "not a dealbreaker".
    expect(clauses('Bit heavy, not a dealbreaker.')[0]).toMatchObject({ raw: -1, weight: 0.375 });
  });

  it('sarcasm after: a lone cheer after a complaint counts nothing', () => {
    expect(clauses('the strap snapped on day two, perfect')[1]).toMatchObject({ text: 'perfect', weight: 0 });
    expect(clauses('Great, thanks.').map((c) => c.weight)).toEqual([1, 1]);
  });

  it('sarcasm before: cheering words before a complaint count nothing', () => {
    expect(clauses('Oh great, it broke on day two.')[0]).toMatchObject({ text: 'oh great', weight: 0 });
  });

  it('exclamations: each "!" adds 10 % (up to 30 %)', () => {
    expect(clauses('Great!')[0]!.weight).toBeCloseTo(1.1);
    expect(clauses('Great!!!')[0]!.weight).toBeCloseTo(1.3);
  });

  it('question: a question weighs 40 % less', () => {
    expect(clauses('Is it good?')[0]!.weight).toBeCloseTo(0.6);
  });

  it('a sentence opening with "But" says so (the analyser demotes what came before)', () => {
    expect(sentence('But it broke.').opensWithContrast).toBe(true);
    expect(sentence('It broke.').opensWithContrast).toBe(false);
  });

  it('a lone cheer is one or two cheering words with a positive valence and nothing else', () => {
    const [cheer, complaint] = sentence('Great, it broke.').clauses;
    expect(scorer.isLoneCheer(cheer!)).toBe(true);
    expect(scorer.isLoneCheer(complaint!)).toBe(false);
  });
});
