// The star rating as evidence where the text is balanced. A mixed review's words say "some good,
// some bad"; the stars say which weighed more for the reviewer. The rating counts as one more
// opinion added to the text's summed valence before it is squashed: 4★ like a mild word ("decent",
// +1), 5★ like a clear one ("great", +2), 2★ and 1★ the same the other way, 3★ nothing. A text with
// a clear verdict is left alone: there the stars are the reviewer's, the words the model's reading,
// and fraud detection compares the two.

import { squash, unsquash } from './score-scale.js';

/** Valence one star above or below 3 adds to a balanced text. */
export const RATING_WEIGHT = 1;

export function withRatingEvidence<T extends { readonly polarity: string; readonly score: number }>(
  analysis: T,
  rating: number | undefined,
): T {
  if (analysis.polarity !== 'mixed' || rating === undefined || !(rating >= 1 && rating <= 5)) return analysis;
  // The score squashes the text's summed valence: undo it, add the stars, squash again.
  const score = Math.round(squash(unsquash(analysis.score) + RATING_WEIGHT * (rating - 3)) * 1000) / 1000;
  return { ...analysis, score };
}
