// When no safe product fits, which wish to relax — never a safety rule — and the sentence saying so.
// Only single relaxations are offered: a wish is a candidate when relaxing it alone would admit at
// least one safe product. The budget goes first when the nearest product costs at most a quarter
// more than the budget (the smallest change for the shopper); otherwise the wish that admits the
// most products, ties broken by how loosely shoppers usually hold a wish: budget, interests, quiet,
// washable, eco-friendly, wooden, not plastic, no screens, no batteries, no small parts.
import type { Price } from '../product-facts.js';
import type { GuideCandidate } from './guide-candidate.js';
import type { Constraint, GuideProfile } from './guide-profile.js';
import { ENGLISH_VOICE } from './guide-replies.js';
import type { GuideVoice } from './guide-voice.js';
import { priceOf, amountOf } from './money.js';
import type { Misfit } from './profile-fit.js';

/** A safe product that does not fit, and why. */
export interface Rejection {
  candidate: GuideCandidate;
  misfits: Misfit[];
}

export type Relaxable = 'budget' | 'interests' | Constraint;

export interface Relaxation {
  /** What to relax; undefined when nothing single would help (or nothing is safe). */
  relax?: Relaxable;
  /** The safe products relaxing it admits. */
  admits: GuideCandidate[];
  /** For a budget relaxation: the new upper bound (the nearest price, rounded up to a whole unit). */
  budgetMax?: Price;
  sentence: string;
}

const LOOSEST_FIRST: Relaxable[] = [
  'budget',
  'interests',
  'quiet',
  'washable',
  'eco-friendly',
  'wooden',
  'not plastic',
  'no screens',
  'no batteries',
  'no small parts',
];
const NEAR_BUDGET_RATIO = 1.25;

const relaxableOf = (m: Misfit): Relaxable | undefined =>
  m === 'over budget' ? 'budget' : m === 'under budget' || m === 'no price' ? undefined : m;

/**
 * `rejected`: the safe products that do not fit; `safeCount`: how many safe products there were at
 * all (0 means nothing is safe, and then nothing is relaxed).
 */
export function relaxation(
  profile: GuideProfile,
  rejected: Rejection[],
  safeCount: number,
  voice: GuideVoice = ENGLISH_VOICE,
): Relaxation {
  if (safeCount === 0) return { admits: [], sentence: voice.nothingSafeSentence(profile) };
  const admitted = new Map<Relaxable, GuideCandidate[]>();
  for (const r of rejected) {
    const reasons = new Set(r.misfits.map(relaxableOf));
    if (reasons.size !== 1 || reasons.has(undefined)) continue;
    const reason = [...reasons][0]!;
    admitted.set(reason, [...(admitted.get(reason) ?? []), r.candidate]);
  }
  const overBudget = admitted.get('budget') ?? [];
  const cheapest = overBudget
    .map((c) => c.product.price!)
    .sort((a, b) => (a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0))[0];
  const max = profile.budgetMax;
  if (cheapest && max && amountOf(cheapest) <= amountOf(max) * NEAR_BUDGET_RATIO)
    return budgetRelaxation(max, cheapest, overBudget, voice);
  const best = [...admitted.entries()].sort(
    ([a, ca], [b, cb]) => cb.length - ca.length || LOOSEST_FIRST.indexOf(a) - LOOSEST_FIRST.indexOf(b),
  )[0];
  if (!best) return { admits: [], sentence: voice.nothingFitsSentence };
  const [relax, admits] = best;
  if (relax === 'budget' && max && cheapest) return budgetRelaxation(max, cheapest, admits, voice);
  return {
    relax,
    admits,
    sentence: voice.relaxConstraintSentence(relax as Constraint | 'interests', profile),
  };
}

function budgetRelaxation(
  max: Price,
  nearest: Price,
  overBudget: GuideCandidate[],
  voice: GuideVoice,
): Relaxation {
  const budgetMax = priceOf(max.currency, Math.ceil(amountOf(nearest)));
  const admits = overBudget.filter((c) => c.product.price!.amountMinor <= budgetMax.amountMinor);
  return { relax: 'budget', admits, budgetMax, sentence: voice.relaxBudgetSentence(max, budgetMax) };
}
