// Shoppers type fast: "wat", "recomend", "sooo", "luv". Mapping the commonest slips (data/en/spellings.tsv)
// and stretched words onto their dictionary form lets the lexicon and the idioms see them.
import { reviewVocabulary } from './review-vocabulary.js';

const english = reviewVocabulary('en');

function known(word: string): boolean {
  return english.lexicon.has(word) || english.intensity.has(word) || english.words.negators.has(word);
}

/** The dictionary form of a lower-cased word, or the word itself. */
export function correctSpelling(word: string): string {
  const mapped = english.spellings.get(word);
  if (mapped) return mapped;
  if (!/(\p{L})\1\1/u.test(word)) return word;
  // "goooood" → "good", "sooo" → "so", "loooove" → "love"
  const double = word.replace(/(\p{L})\1{2,}/gu, '$1$1');
  if (known(double) || english.spellings.has(double)) return english.spellings.get(double) ?? double;
  const single = word.replace(/(\p{L})\1{2,}/gu, '$1');
  return english.spellings.get(single) ?? single;
}
