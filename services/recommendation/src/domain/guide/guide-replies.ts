// The guide's English replies in the local tier: one question per slot, a reason per fact a pick
// is chosen for (age fit, interest, budget, constraints), and the sentences for refinements and
// for when nothing fits. Slot values are language-independent; only these templates are English.
import type { Price } from '../product-facts.js';
import type { GuideCandidate } from './guide-candidate.js';
import type { Constraint, GuideProfile, Recipient, Slot } from './guide-profile.js';
import type { GuideVoice } from './guide-voice.js';
import { formatPrice } from './money.js';
import { constraintHolds, matchedInterests } from './profile-fit.js';
import { minimumAgeMonths } from './safety.js';

const FEMALE: ReadonlySet<Recipient> = new Set(['daughter', 'niece', 'granddaughter', 'sister']);
const MALE: ReadonlySet<Recipient> = new Set(['son', 'nephew', 'grandson', 'brother']);

/** How the guide refers to the recipient: "she", "he", "you" or "they". */
export function subjectPronoun(recipient?: Recipient): string {
  if (recipient === 'myself') return 'you';
  if (recipient && FEMALE.has(recipient)) return 'she';
  if (recipient && MALE.has(recipient)) return 'he';
  return 'they';
}

/** "a 4-year-old", "an 18-month-old", "an 8-year-old". */
export function ageNoun(months: number): string {
  const [n, unit] = months < 24 ? [months, 'month'] : [Math.floor(months / 12), 'year'];
  // "an" where the number is said with a vowel sound first: eight, eleven, eighteen, eighty-…
  const article = n === 8 || n === 11 || n === 18 || (n >= 80 && n <= 89) ? 'an' : 'a';
  return `${article} ${n}-${unit}-old`;
}

/** "ages 3+", "from 18 months". */
function agesFrom(months: number): string {
  return months < 24 ? `from ${months} months` : `ages ${Math.floor(months / 12)}+`;
}

function whoFor(profile: GuideProfile): string {
  if (profile.recipient === 'myself') return 'you';
  if (profile.recipient) return `your ${profile.recipient}`;
  return profile.ageMonths !== undefined ? ageNoun(profile.ageMonths) : 'them';
}

export const OPENING =
  "Hi! I'm happy to help you find a present. Who is it for, how old are they, and what do they like?";

export function questionFor(slot: Slot, profile: GuideProfile): string {
  const subject = subjectPronoun(profile.recipient);
  const who = profile.recipient && profile.recipient !== 'myself' ? `your ${profile.recipient}` : 'the child';
  switch (slot) {
    case 'age':
      return `How old is ${who}?`;
    case 'interests':
      return profile.recipient === 'myself'
        ? 'What do you like, or what kind of thing are you looking for?'
        : `What is ${subject === 'they' ? who : subject} into — dinosaurs, drawing, football, books…?`;
    case 'budget':
      return 'Roughly how much would you like to spend?';
    case 'recipient':
      return 'Who is the present for?';
    case 'occasion':
      return 'Is it for a special occasion, like a birthday?';
    case 'constraints':
      return 'Anything to avoid — batteries, screens, plastic, small parts?';
  }
}

const CONSTRAINT_REASONS: Record<Constraint, string> = {
  'no batteries': 'no batteries needed',
  'no small parts': 'no small parts',
  'no screens': 'screen-free',
  'eco-friendly': 'eco-friendly',
  wooden: 'made of wood',
  'not plastic': 'no plastic',
  quiet: 'quiet',
  washable: 'washable',
};

function budgetReason(price: Price, profile: GuideProfile): string | undefined {
  const { budgetMin, budgetMax } = profile;
  if (budgetMin && budgetMax)
    return `${formatPrice(price)}, within ${formatPrice(budgetMin)}–${formatPrice(budgetMax)}`;
  if (budgetMax) return `${formatPrice(price)}, within your ${formatPrice(budgetMax)}`;
  return undefined;
}

/** Why a pick suits the profile, most important first: age, interests, budget, constraints. */
export function pickReasons(c: GuideCandidate, profile: GuideProfile): string[] {
  const reasons: string[] = [];
  const minimum = minimumAgeMonths(c);
  if (minimum !== undefined && profile.ageMonths !== undefined)
    reasons.push(`${agesFrom(minimum)}, right for ${ageNoun(profile.ageMonths)}`);
  const matched = matchedInterests(c, profile.interests);
  if (matched.length > 0) reasons.push(`for a ${matched.join(' and ')} fan`);
  const budget = c.product.price && budgetReason(c.product.price, profile);
  if (budget) reasons.push(budget);
  for (const constraint of profile.constraints)
    if (constraintHolds(c, constraint)) reasons.push(CONSTRAINT_REASONS[constraint]);
  return reasons;
}

/** The recommendation message: one line per pick with its reasons. */
export function recommendationText(picks: GuideCandidate[], profile: GuideProfile, lead?: string): string {
  const head =
    lead ?? `Here ${picks.length === 1 ? 'is an idea' : `are ${picks.length} ideas`} for ${whoFor(profile)}:`;
  const lines = picks.map((c) => {
    const reasons = pickReasons(c, profile);
    const price = c.product.price ? ` (${formatPrice(c.product.price)})` : '';
    return `- ${c.product.title}${price}${reasons.length ? ` — ${reasons.join('; ')}` : ''}`;
  });
  return [head, ...lines].join('\n');
}

export function cheaperLead(budgetMax: Price): string {
  return `Here are some cheaper ideas, up to ${formatPrice(budgetMax)}:`;
}

export const SOMETHING_ELSE_LEAD = 'Here are some other ideas:';
export const ALREADY_HAS_LEAD = "Good to know — I'll leave that out. Here are other ideas:";

/** When nothing is safe: the rules that protect a child are never relaxed, so say so plainly. */
export function nothingSafeSentence(profile: GuideProfile): string {
  const who = profile.ageMonths !== undefined ? ` for ${ageNoun(profile.ageMonths)}` : '';
  return `I'm sorry — I couldn't find anything in the shop that is safe${who} and fits. Could you tell me more, or try a different kind of present?`;
}

export function relaxBudgetSentence(from: Price, to: Price): string {
  return `I couldn't find anything up to ${formatPrice(from)} that fits. The nearest ideas cost up to ${formatPrice(to)} — shall I show you those?`;
}

export function relaxConstraintSentence(relaxed: Constraint | 'interests', profile: GuideProfile): string {
  if (relaxed === 'interests') {
    const list = profile.interests.join(' or ');
    return `I couldn't find anything with ${list} that fits everything else. Shall I show you other ideas?`;
  }
  return `I couldn't find anything that fits and is ${CONSTRAINT_REASONS[relaxed]}. Shall I show you ideas that are not?`;
}

export const NOTHING_FITS_SENTENCE =
  "I couldn't find anything that fits all of that. Could you loosen one of your wishes — the budget, for example?";

export const ENGLISH_VOICE: GuideVoice = {
  opening: OPENING,
  questionFor,
  pickReasons,
  recommendationText,
  cheaperLead,
  somethingElseLead: SOMETHING_ELSE_LEAD,
  alreadyHasLead: ALREADY_HAS_LEAD,
  nothingSafeSentence,
  relaxBudgetSentence,
  relaxConstraintSentence,
  nothingFitsSentence: NOTHING_FITS_SENTENCE,
};
