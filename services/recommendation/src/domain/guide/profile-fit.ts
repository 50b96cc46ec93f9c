// How a (safe) product fits what the shopper asked for: budget, constraints and interests. Unlike
// the safety rules, each of these may be relaxed when nothing fits.
//
// Constraints are judged from the catalogue (attributes, title, description) and the graph:
//  - no batteries: fails on a battery attribute with a yes-value, a mention of batteries ("batteries
//    not included" counts; "no batteries needed" does not) or the graph feature "rechargeable";
//  - no small parts: fails on any of the small-parts signals of the safety rules;
//  - no screens: fails on a mention of a screen, display, touchscreen, LCD or tablet;
//  - eco-friendly: holds on evidence only — a natural material in the graph (wood, bamboo, cotton,
//    wool, felt, cardboard, paper, linen) or "eco", "sustainable", "recycled", "organic", "FSC",
//    "biodegradable", "plastic-free" in its text;
//  - wooden: holds when the graph says made of wood, or the text says wood/wooden;
//  - not plastic: fails when the graph says made of plastic, or the text mentions plastic, ABS, PVC;
//  - quiet: fails on a mention of sounds, music, noise, beeps, sirens, speakers, melodies, songs;
//  - washable: holds when the graph has the feature "washable" / "machine washable" or the text
//    says washable or machine wash.
// An interest matches when every word of it (singular) is among the product's words: title,
// category path, graph facts, attribute values and description.
import { attributeSaysYes, mentions, productText, type GuideCandidate } from './guide-candidate.js';
import type { Constraint, GuideProfile } from './guide-profile.js';
import { interestKey, singular } from './interest-key.js';
import { hasSmallParts } from './safety.js';

export type Misfit = 'over budget' | 'under budget' | 'no price' | 'interests' | Constraint;

const NATURAL_MATERIALS = new Set([
  'wood',
  'bamboo',
  'cotton',
  'wool',
  'felt',
  'cardboard',
  'paper',
  'linen',
]);
const PLASTICS = new Set(['plastic', 'polycarbonate', 'acrylic', 'polyester', 'nylon']);

const CONSTRAINT_HOLDS: Record<Constraint, (c: GuideCandidate, text: string) => boolean> = {
  'no batteries': (c, text) =>
    !attributeSaysYes(c.catalogue, [
      'batteries',
      'battery',
      'batteries required',
      'battery type',
      'batteries included',
    ]) &&
    !mentions(text, /\bbatter(?:y|ies)\b/) &&
    !c.graph.features.includes('rechargeable'),
  'no small parts': (c) => !hasSmallParts(c),
  'no screens': (_, text) => !mentions(text, /\b(?:screens?|displays?|touchscreens?|lcd|tablets?)\b/),
  'eco-friendly': (c, text) =>
    c.graph.materials.some((m) => NATURAL_MATERIALS.has(m)) ||
    /\b(?:eco|sustainabl[ey]|sustainability|recycled|organic|fsc|biodegradable|plastic[- ]free)\b/i.test(
      text,
    ),
  wooden: (c, text) => c.graph.materials.includes('wood') || mentions(text, /\b(?:wooden|wood)\b/),
  'not plastic': (c, text) =>
    !c.graph.materials.some((m) => PLASTICS.has(m)) && !mentions(text, /\b(?:plastics?|abs|pvc)\b/),
  quiet: (_, text) =>
    !mentions(
      text,
      /\b(?:sounds?|music(?:al)?|noises?|noisy|loud|beeps?|sirens?|speakers?|melod(?:y|ies)|songs?)\b/,
    ),
  washable: (c, text) =>
    c.graph.features.some((f) => f === 'washable' || f === 'machine washable') ||
    /\b(?:machine[- ]washable|washable|machine wash)/i.test(text),
};

export function constraintHolds(c: GuideCandidate, constraint: Constraint): boolean {
  return CONSTRAINT_HOLDS[constraint](c, productText(c));
}

function productWords(c: GuideCandidate): Set<string> {
  const text = [
    productText(c),
    ...c.product.categoryPath,
    ...c.graph.materials,
    ...c.graph.features,
    ...c.graph.audiences,
  ].join(' ');
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map(singular),
  );
}

/** The profile's interests the product matches. */
export function matchedInterests(c: GuideCandidate, interests: readonly string[]): string[] {
  if (interests.length === 0) return [];
  const words = productWords(c);
  return interests.filter((i) =>
    interestKey(i)
      .split(' ')
      .every((w) => words.has(w)),
  );
}

/** What keeps a product from fitting the profile, safety aside; empty when it fits. */
export function misfits(c: GuideCandidate, profile: GuideProfile): Misfit[] {
  const found: Misfit[] = [];
  const price = c.product.price;
  const { budgetMin, budgetMax } = profile;
  if (budgetMin || budgetMax) {
    const currency = (budgetMax ?? budgetMin)!.currency;
    if (!price || price.currency !== currency) found.push('no price');
    else if (budgetMax && price.amountMinor > budgetMax.amountMinor) found.push('over budget');
    else if (budgetMin && price.amountMinor < budgetMin.amountMinor) found.push('under budget');
  }
  const text = productText(c);
  for (const constraint of profile.constraints)
    if (!CONSTRAINT_HOLDS[constraint](c, text)) found.push(constraint);
  if (profile.interests.length > 0 && matchedInterests(c, profile.interests).length === 0)
    found.push('interests');
  return found;
}
