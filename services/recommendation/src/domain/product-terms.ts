// The words a product can be found by when a shopper names an interest ("dinosaurs", "board
// game"): strong terms from what names the product (title, brand, category path, attribute values),
// weak ones from its description. Words are compared as the guide compares interests (lower case,
// singular), so "Dinosaur Puzzle" is found for "dinosaurs".
import type { ContentSource } from './content-similarity.js';
import { singular } from './guide/interest-key.js';

export interface ProductTerms {
  strong: string[];
  weak: string[];
}

/** Description words kept per product at most (the opening says what the product is). */
export const WEAK_TERMS_KEPT = 40;

/** Words too common in a catalogue to find anything by. */
const STOPWORDS = new Set([
  'and',
  'are',
  'but',
  'can',
  'for',
  'from',
  'has',
  'have',
  'her',
  'his',
  'its',
  'not',
  'one',
  'our',
  'set',
  'that',
  'the',
  'their',
  'them',
  'they',
  'this',
  'with',
  'you',
  'your',
  'all',
  'any',
  'into',
  'more',
  'than',
  'very',
  'will',
  'year',
  'old',
]);

/** The distinct words of `text`, singular, in order of first appearance. */
export function termsOf(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.toLowerCase().match(/\p{L}[\p{L}\p{N}']*/gu) ?? []) {
    const word = singular(raw.replace(/'s?$/, ''));
    if (word.length >= 3 && !STOPWORDS.has(word)) seen.add(word);
  }
  return [...seen];
}

export function productTerms(source: ContentSource): ProductTerms {
  const strong = termsOf(
    [source.title, source.brand, ...source.categoryPath, ...Object.values(source.attributes)].join(' '),
  );
  const named = new Set(strong);
  const weak = termsOf(source.description)
    .filter((w) => !named.has(w))
    .slice(0, WEAK_TERMS_KEPT);
  return { strong, weak };
}

/** An interest as the words a product must all have ("board games" → board, game). */
export const interestTerms = (interest: string): string[] => termsOf(interest);
