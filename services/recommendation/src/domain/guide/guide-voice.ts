// The guide's words in one language: the questions, the reasons for a pick and the sentences for
// refinements and relaxations. Slot values stay language-independent keys; only a voice says them.
import type { Price } from '../product-facts.js';
import type { GuideCandidate } from './guide-candidate.js';
import type { Constraint, GuideProfile, Slot } from './guide-profile.js';

/** The languages the guide's templates speak; any other reply is in English. */
export type GuideLanguage = 'en' | 'zh';

export interface GuideVoice {
  opening: string;
  questionFor(slot: Slot, profile: GuideProfile): string;
  pickReasons(c: GuideCandidate, profile: GuideProfile): string[];
  recommendationText(picks: GuideCandidate[], profile: GuideProfile, lead?: string): string;
  cheaperLead(budgetMax: Price): string;
  somethingElseLead: string;
  alreadyHasLead: string;
  nothingSafeSentence(profile: GuideProfile): string;
  relaxBudgetSentence(from: Price, to: Price): string;
  relaxConstraintSentence(relaxed: Constraint | 'interests', profile: GuideProfile): string;
  nothingFitsSentence: string;
}
