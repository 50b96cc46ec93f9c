// What the guide asks next, or whether it recommends. The order is by how much a slot changes
// what may and should be shown:
//  1. age — the safety rules depend on it (not asked for a colleague or the shopper themself);
//  2. interests — the strongest signal of what to show;
//  3. budget — cuts the catalogue the most after that;
//  4. recipient, then occasion — they mostly change the wording; asked only while something above
//     is still unknown and has been asked already (a question is never repeated).
// Constraints are never asked: shoppers volunteer them. Enough to recommend: the age (or an adult
// recipient), at least one interest and a budget. The guide recommends anyway after three
// questions (its opening message is not one).
import { SLOTS, type GuideProfile, type Recipient, type Slot } from './guide-profile.js';

export const MAX_QUESTIONS = 3;
const ORDER: Slot[] = ['age', 'interests', 'budget', 'recipient', 'occasion'];
const ADULTS: ReadonlySet<Recipient> = new Set(['colleague', 'myself']);

function isKnown(slot: Slot, p: GuideProfile): boolean {
  switch (slot) {
    case 'age':
      return p.ageMonths !== undefined || (p.recipient !== undefined && ADULTS.has(p.recipient));
    case 'interests':
      return p.interests.length > 0;
    case 'budget':
      return p.budgetMax !== undefined || p.budgetMin !== undefined;
    case 'recipient':
      return p.recipient !== undefined;
    case 'occasion':
      return p.occasion !== undefined;
    case 'constraints':
      return p.constraints.length > 0;
  }
}

/** The slots still unknown, as the reply's `missing` lists them. */
export function missingSlots(p: GuideProfile): Slot[] {
  return SLOTS.filter((slot) => (slot === 'age' ? p.ageMonths === undefined : !isKnown(slot, p)));
}

export function enoughToRecommend(p: GuideProfile): boolean {
  return isKnown('age', p) && isKnown('interests', p) && isKnown('budget', p);
}

/** The slot to ask about next, or undefined when the guide should recommend now. */
export function nextQuestion(
  p: GuideProfile,
  questionsAsked: number,
  askedSlots: readonly Slot[] = [],
): Slot | undefined {
  if (questionsAsked >= MAX_QUESTIONS || enoughToRecommend(p)) return undefined;
  return ORDER.find((slot) => !isKnown(slot, p) && !askedSlots.includes(slot));
}
