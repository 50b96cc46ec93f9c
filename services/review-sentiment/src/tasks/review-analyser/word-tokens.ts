// Which tokens take part in opinions and idioms, shared by the clause splitter, scorer and phrase matcher.
import type { ReviewToken } from './review-tokenizer.js';

/** Words, numbers, ordinals ("my 4th pair" takes part in idioms like any word), emoticons and emoji. */
export function isWord(t: ReviewToken): boolean {
  return (
    t.type === 'word' ||
    t.type === 'number' ||
    t.type === 'ordinal' ||
    t.type === 'emoticon' ||
    t.type === 'emoji'
  );
}
