// The guide's hard safety rules, applied in every tier and never relaxed:
//  1. never a product whose minimum age is above the child's age; the minimum age is the higher of
//     the catalogue's age_range.min_months and the knowledge graph's AGE_MIN × 12 (years);
//  2. a product with no known minimum age is never shown for a child under 3 (36 months);
//  3. nothing with small parts for a child under 3: an attribute `small_parts` (or "small parts")
//     with a yes-value, the graph feature "small parts", or "small parts" / "choking hazard" in the
//     title, description or attributes (a denial such as "no small parts" does not count).
// An unknown age is judged as a newborn's (the strictest), except for a colleague or the shopper
// themself, who are adults.
import type { Recipient } from './guide-profile.js';
import { attributeSaysYes, mentions, productText, type GuideCandidate } from './guide-candidate.js';

export const UNDER_THREE_MONTHS = 36;
const ADULT_RECIPIENTS: ReadonlySet<Recipient> = new Set(['colleague', 'myself']);
const ADULT_MONTHS = 18 * 12;

export type SafetyProblem = 'too young' | 'no known minimum age' | 'small parts';

/** The minimum age in months the catalogue and the graph state (the higher), or undefined. */
export function minimumAgeMonths(c: GuideCandidate): number | undefined {
  const ages = [
    c.catalogue.ageMinMonths,
    c.graph.ageMin === undefined ? undefined : Math.round(c.graph.ageMin * 12),
  ];
  const known = ages.filter((a): a is number => a !== undefined);
  return known.length ? Math.max(...known) : undefined;
}

/** Whether the product has small parts by any of the three signals. */
export function hasSmallParts(c: GuideCandidate): boolean {
  return (
    attributeSaysYes(c.catalogue, ['small parts', 'contains small parts', 'choking hazard']) ||
    c.graph.features.includes('small parts') ||
    mentions(productText(c), /\bsmall parts?\b|\bchoking hazards?\b/)
  );
}

/** The age the safety rules judge by. */
export function safetyAgeMonths(ageMonths: number | undefined, recipient?: Recipient): number {
  if (ageMonths !== undefined) return ageMonths;
  return recipient && ADULT_RECIPIENTS.has(recipient) ? ADULT_MONTHS : 0;
}

export function safetyProblems(
  c: GuideCandidate,
  ageMonths: number | undefined,
  recipient?: Recipient,
): SafetyProblem[] {
  const age = safetyAgeMonths(ageMonths, recipient);
  const problems: SafetyProblem[] = [];
  const minimum = minimumAgeMonths(c);
  if (minimum !== undefined && minimum > age) problems.push('too young');
  if (minimum === undefined && age < UNDER_THREE_MONTHS) problems.push('no known minimum age');
  if (age < UNDER_THREE_MONTHS && hasSmallParts(c)) problems.push('small parts');
  return problems;
}

export function isSafeFor(
  c: GuideCandidate,
  profile: { ageMonths?: number; recipient?: Recipient },
): boolean {
  return safetyProblems(c, profile.ageMonths, profile.recipient).length === 0;
}
