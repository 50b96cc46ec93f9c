// The slot extractor's local tier: rules and lexicons, no network. Each finder reads one slot and
// claims the words it used, in an order that settles overlaps: constraints, ages with a unit, the
// budget, bare ages, occasions, the recipient, then interests from whatever is left.
import { languageOfText } from '@shopmind/vocabulary';
import type { Slot } from '../../domain/guide/guide-profile.js';
import { extractChineseSlots } from './chinese-slot-extractor.js';
import { findAge } from './age-parser.js';
import { ClaimedSpans } from './claimed-spans.js';
import { findConstraints } from './constraint-finder.js';
import { findInterests } from './interest-finder.js';
import { findBudget, type Amount } from './money-parser.js';
import { chooseOccasion, occasionMentions } from './occasion-finder.js';
import { findRecipient } from './recipient-finder.js';
import { readShopperText } from './shopper-text.js';
import type { GuideSlotsInput, GuideSlotsOutput } from './guide-slots-schema.js';

/** A reply that is nothing but a number ("5", "about 30 please") answers the question just asked. */
const LONE_NUMBER = /^[^\d]{0,20}?(\d{1,4}(?:[.,]\d{1,2})?)[^\d]{0,20}$/;

function answerToQuestion(
  text: string,
  expecting: Slot | undefined,
  currency: string,
): { ageMonths?: number; budgetMax?: Amount } {
  const lone = LONE_NUMBER.exec(text);
  if (!lone || !expecting) return {};
  const n = Number(lone[1].replace(',', '.'));
  if (expecting === 'age' && n <= 120) return { ageMonths: Math.round(n * 12) };
  if (expecting === 'budget') return { budgetMax: { currency, value: n } };
  return {};
}

/** Chinese messages go to the Chinese extractor; every other message is read as English here. */
export function extractSlotsLocally(input: GuideSlotsInput): GuideSlotsOutput {
  if (languageOfText(input.text) === 'zh') return extractChineseSlots(input);
  const read = readShopperText(input.text);
  const { text } = read;
  const claims = new ClaimedSpans();
  const constraints = findConstraints(text, claims);
  const ageWithUnit = findAge(text, claims, 'unit');
  const budget = findBudget(text, claims, input.defaultCurrency);
  const age = ageWithUnit ?? findAge(text, claims, 'bare');
  const occasions = occasionMentions(text, claims);
  const recipient = findRecipient(read, claims);
  const { interests, taken } = findInterests(read, claims, input.expecting === 'interests');
  const occasion = chooseOccasion(occasions, taken, age?.birthday ? age.start : undefined);
  const answer =
    age === undefined && budget.max === undefined && budget.min === undefined
      ? answerToQuestion(text, input.expecting ?? undefined, input.defaultCurrency)
      : {};
  const money = (a: Amount | undefined) => (a ? { currency: a.currency, amount: a.value } : null);
  return {
    ageMonths: age?.months ?? answer.ageMonths ?? null,
    recipient: recipient ?? null,
    occasion: occasion ?? null,
    interests,
    constraints,
    budgetMin: money(budget.min),
    budgetMax: money(budget.max ?? answer.budgetMax),
  };
}
