// The occasion: the first one the message names (OCCASION_PHRASES), or the birthday an age phrase
// implies ("turning 7"). A weak mention (travel words) inside what someone is said to like
// ("she loves travelling") is an interest, not an occasion.
import type { Occasion } from '../../domain/guide/guide-profile.js';
import type { ClaimedSpans } from './claimed-spans.js';
import { OCCASION_PHRASES } from './slot-lexicons.js';

export interface OccasionMention {
  occasion: Occasion;
  start: number;
  end: number;
  weak: boolean;
}

/** Every occasion mention; the strong ones are claimed so that no interest is read from them. */
export function occasionMentions(text: string, claims: ClaimedSpans): OccasionMention[] {
  const found: OccasionMention[] = [];
  for (const { occasion, re, weak } of OCCASION_PHRASES) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!weak) claims.claim(start, end);
      found.push({ occasion, start, end, weak: weak ?? false });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The first mention that `interestSpans` did not take, or the implied birthday when there is none. */
export function chooseOccasion(
  mentions: OccasionMention[],
  interestSpans: ClaimedSpans,
  impliedBirthdayAt?: number,
): Occasion | undefined {
  const candidates = mentions
    .filter((m) => !m.weak || interestSpans.isFree(m.start, m.end))
    .map((m) => ({ occasion: m.occasion, start: m.start }));
  if (impliedBirthdayAt !== undefined) candidates.push({ occasion: 'birthday', start: impliedBirthdayAt });
  return candidates.sort((a, b) => a.start - b.start)[0]?.occasion;
}
