// The guide's Simplified Chinese replies in the local tier: the templates of data/zh/
// guide-replies.json filled with the slot values said in Chinese (recipient-names.json: niece →
// 侄女; constraint-names.json; interests by the slot extractor's own cue list, dinosaurs → 恐龙),
// with the same structure as the English replies.
import { DataFolder } from '@shopmind/vocabulary';
import type { Price } from '../product-facts.js';
import type { GuideCandidate } from './guide-candidate.js';
import type { Constraint, GuideProfile, Slot } from './guide-profile.js';
import type { GuideVoice } from './guide-voice.js';
import { interestKey } from './interest-key.js';
import { formatPrice } from './money.js';
import { constraintHolds, matchedInterests } from './profile-fit.js';
import { minimumAgeMonths } from './safety.js';

const data = DataFolder.beside(import.meta.url, '../../../data/zh');
const TEMPLATES = data.wordMap('guide-replies.json');
const RECIPIENT_NAMES = data.wordMap('recipient-names.json');
const CONSTRAINT_NAMES = data.wordMap('constraint-names.json');
/** An interest's Chinese name: the first form its cue list gives it. */
const INTEREST_NAMES = new Map(
  Object.entries(data.lexicon('interests.json')).map(([value, forms]) => [interestKey(value), forms[0]!]),
);

/** The template `key` with each {name} replaced by its value. */
export function say(key: string, values: Record<string, string | number> = {}): string {
  const template = TEMPLATES.get(key);
  if (template === undefined) throw new Error(`zh guide template missing: ${key}`);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export const interestInChinese = (interest: string): string =>
  INTEREST_NAMES.get(interestKey(interest)) ?? interest;
export const recipientInChinese = (recipient: string): string => RECIPIENT_NAMES.get(recipient) ?? recipient;
const constraintInChinese = (c: Constraint): string => CONSTRAINT_NAMES.get(c) ?? c;

const age = (months: number): string =>
  months < 24 ? say('ageMonths', { n: months }) : say('ageYears', { n: Math.floor(months / 12) });
const agesFrom = (months: number): string =>
  months < 24 ? say('agesFromMonths', { n: months }) : say('agesFromYears', { n: Math.floor(months / 12) });

function whoFor(profile: GuideProfile): string {
  if (profile.recipient === 'myself') return say('you');
  if (profile.recipient) return say('yourRecipient', { recipient: recipientInChinese(profile.recipient) });
  return profile.ageMonths !== undefined ? say('childOfAge', { age: age(profile.ageMonths) }) : say('them');
}

function questionFor(slot: Slot, profile: GuideProfile): string {
  const who =
    profile.recipient && profile.recipient !== 'myself'
      ? say('yourRecipient', { recipient: recipientInChinese(profile.recipient) })
      : say('theChild');
  switch (slot) {
    case 'age':
      return say('questionAge', { who });
    case 'interests':
      return profile.recipient === 'myself'
        ? say('questionInterestsSelf')
        : say('questionInterests', { who });
    case 'budget':
      return say('questionBudget');
    case 'recipient':
      return say('questionRecipient');
    case 'occasion':
      return say('questionOccasion');
    case 'constraints':
      return say('questionConstraints');
  }
}

function pickReasons(c: GuideCandidate, profile: GuideProfile): string[] {
  const reasons: string[] = [];
  const minimum = minimumAgeMonths(c);
  if (minimum !== undefined && profile.ageMonths !== undefined)
    reasons.push(say('reasonAge', { from: agesFrom(minimum), age: age(profile.ageMonths) }));
  const matched = matchedInterests(c, profile.interests);
  if (matched.length > 0)
    reasons.push(
      say('reasonInterests', { interests: matched.map(interestInChinese).join(say('interestsJoin')) }),
    );
  const price = c.product.price;
  const { budgetMin, budgetMax } = profile;
  if (price && budgetMin && budgetMax)
    reasons.push(
      say('reasonBudgetRange', {
        price: formatPrice(price),
        min: formatPrice(budgetMin),
        max: formatPrice(budgetMax),
      }),
    );
  else if (price && budgetMax)
    reasons.push(say('reasonBudgetMax', { price: formatPrice(price), max: formatPrice(budgetMax) }));
  for (const constraint of profile.constraints)
    if (constraintHolds(c, constraint)) reasons.push(constraintInChinese(constraint));
  return reasons;
}

function recommendationText(picks: GuideCandidate[], profile: GuideProfile, lead?: string): string {
  const head =
    lead ??
    (picks.length === 1
      ? say('headOne', { who: whoFor(profile) })
      : say('head', { who: whoFor(profile), n: picks.length }));
  const lines = picks.map((c) => {
    const reasons = pickReasons(c, profile);
    const price = c.product.price ? `（${formatPrice(c.product.price)}）` : '';
    return `- ${c.product.title}${price}${reasons.length ? ` — ${reasons.join(say('reasonsJoin'))}` : ''}`;
  });
  return [head, ...lines].join('\n');
}

export const CHINESE_VOICE: GuideVoice = {
  opening: say('opening'),
  questionFor,
  pickReasons,
  recommendationText,
  cheaperLead: (budgetMax: Price) => say('cheaperLead', { max: formatPrice(budgetMax) }),
  somethingElseLead: say('somethingElseLead'),
  alreadyHasLead: say('alreadyHasLead'),
  nothingSafeSentence: (profile) =>
    say('nothingSafe', {
      who:
        profile.ageMonths !== undefined
          ? say('childOfAge', { age: age(profile.ageMonths) })
          : say('theChild'),
    }),
  relaxBudgetSentence: (from, to) => say('relaxBudget', { from: formatPrice(from), to: formatPrice(to) }),
  relaxConstraintSentence: (relaxed, profile) =>
    relaxed === 'interests'
      ? say('relaxInterests', {
          interests: profile.interests.map(interestInChinese).join(say('interestsOr')),
        })
      : say('relaxConstraint', { constraint: constraintInChinese(relaxed) }),
  nothingFitsSentence: say('nothingFits'),
};
