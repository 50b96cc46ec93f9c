// Folds one shopper message into the conversation: the slots it states (extracted by the task) and
// the refinements it asks for. The rules:
//  - a stated age, recipient, occasion or budget replaces the earlier one ("actually she is 6");
//    a new budget with only an upper bound drops an earlier lower bound above it;
//  - constraints accumulate; "<constraint word> is fine/ok" (e.g. "plastic is fine") drops one;
//  - interests are added, unless the message says they replace the earlier ones ("instead",
//    "rather", "actually", "no longer", "not … anymore"), and an interest the message denies
//    ("he's not into trains anymore") is dropped;
//  - "cheaper" / "less expensive": the new upper bound is 70 % of the most expensive product shown
//    (what the shopper reacted to), or of the budget when nothing priced was shown, in whole units;
//    without either nothing changes (the guide will ask for a budget);
//  - "something else" / "other ideas": every product shown is excluded from now on;
//  - "she already has that/it/one": the product named (by its position, "the second one", or a word
//    of its title) is excluded, otherwise every product shown last;
//  - "yes" / "ok" / "sure" right after the guide offered a relaxation accepts it.
import type { Price } from '../product-facts.js';
import type { GuideProfile } from './guide-profile.js';
import type { GuideState, ShownProduct } from './guide-state.js';
import { interestKey, singular } from './interest-key.js';
import { amountOf, priceOf } from './money.js';

export type Refinement =
  | 'cheaper'
  | 'something else'
  | 'already has'
  | 'age corrected'
  | 'interests replaced'
  | 'relaxation accepted';

export interface MergedTurn {
  state: GuideState;
  refinements: Refinement[];
}

// Chinese forms after the English ones: 便宜点, 换一个, 已经有了, 好的.
const CHEAPER =
  /\b(?:cheaper|less expensive|lower price|too (?:expensive|pricey|much)|more affordable|costs? less)\b|便宜|太贵|贵了|省钱/;
const SOMETHING_ELSE =
  /\b(?:something else|anything else|other (?:ideas|options|suggestions|things|ones)|different (?:ideas|ones|things)|more ideas|show me (?:some )?(?:more|others)|not (?:quite )?what i)\b|换一?个|换一批|(?<!特)别的|其他的|还有什么|再看看/;
const ALREADY_HAS =
  /\b(?:already (?:has|have|got|owns?)|(?:has|have|got|owns?) (?:that|it|this|one|those)(?: one)? already)\b|已经有/;
const REPLACES_INTERESTS = /\b(?:instead|rather|actually|no longer|not [^.]*\banymore|any more)\b/;
const ACCEPTS =
  /^\W*(?:yes|yeah|yep|ok|okay|sure|fine|go ahead|please do|why not|sounds good)\b|^\W*(?:好的?|可以|行|嗯|没问题|看看)/;
const FINE_AFTER = /\s+(?:is|are)\s+(?:fine|ok|okay|alright)\b/;
const ORDINALS: Record<string, number> = {
  first: 0,
  '1st': 0,
  second: 1,
  '2nd': 1,
  third: 2,
  '3rd': 2,
  fourth: 3,
  '4th': 3,
  fifth: 4,
  '5th': 4,
};
/** Words of a title too common to name one product by. */
const GENERIC_TITLE_WORDS = new Set([
  'set',
  'toy',
  'game',
  'kit',
  'with',
  'for',
  'and',
  'the',
  'kids',
  'children',
  'edition',
]);

/** The words a constraint's subject is spoken of by, for "plastic is fine". */
const CONSTRAINT_WORDS: Record<string, string[]> = {
  'no batteries': ['batteries', 'battery'],
  'no small parts': ['small parts', 'small pieces'],
  'no screens': ['screens', 'a screen', 'screen'],
  'eco-friendly': [],
  wooden: ['other materials'],
  'not plastic': ['plastic'],
  quiet: ['noise', 'sound', 'sounds'],
  washable: [],
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * 70 % of what the shopper found too dear: the most expensive product shown (in the budget's
 * currency), or the budget when nothing priced was shown; whole units, rounded down.
 */
function cheaperBound(profile: GuideProfile, shown: ShownProduct[]): Price | undefined {
  const currency = profile.budgetMax?.currency;
  const prices = shown
    .map((s) => s.price)
    .filter((p): p is Price => p !== undefined && (currency === undefined || p.currency === currency));
  const reference =
    prices.length > 0 ? prices.reduce((a, b) => (b.amountMinor > a.amountMinor ? b : a)) : profile.budgetMax;
  return reference ? priceOf(reference.currency, Math.floor(amountOf(reference) * 0.7)) : undefined;
}

/** The shown product the message names, by position or by a distinctive word of its title. */
function namedProduct(text: string, shown: ShownProduct[]): ShownProduct | undefined {
  const ordinal = /\b(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)(?: one)?\b/.exec(
    text,
  );
  if (ordinal) return ordinal[1] === 'last' ? shown[shown.length - 1] : shown[ORDINALS[ordinal[1]]];
  const words = new Set(text.split(/[^\p{L}\p{N}]+/u).map(singular));
  return shown.find((s) =>
    s.title
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .some((w) => w.length > 3 && !GENERIC_TITLE_WORDS.has(w) && words.has(singular(w))),
  );
}

function mergeInterests(
  current: string[],
  stated: string[],
  text: string,
): { interests: string[]; replaced: boolean } {
  const denied = (i: string): boolean =>
    new RegExp(
      `(?:\\bnot|n't|\\bno longer|\\bno more)\\b[^.,;]*\\b${interestKey(i).split(' ').map(escape).join('s?\\s+')}s?\\b`,
    ).test(text);
  const kept = current.filter((i) => !denied(i));
  const replaced = stated.length > 0 && REPLACES_INTERESTS.test(text);
  const base = replaced ? [] : kept;
  const merged = [...base];
  for (const i of stated) if (!merged.some((m) => interestKey(m) === interestKey(i))) merged.push(i);
  return { interests: merged, replaced: replaced && current.length > 0 };
}

export function mergeTurn(state: GuideState, extracted: GuideProfile, message: string): MergedTurn {
  const text = message.toLowerCase().replace(/[’]/g, "'");
  const refinements: Refinement[] = [];
  const before = state.profile;
  const profile: GuideProfile = {
    ...before,
    interests: [...before.interests],
    constraints: [...before.constraints],
  };
  let excluded = [...state.excluded];
  let offered = state.offered;

  if (extracted.ageMonths !== undefined) {
    if (before.ageMonths !== undefined && before.ageMonths !== extracted.ageMonths)
      refinements.push('age corrected');
    profile.ageMonths = extracted.ageMonths;
  }
  if (extracted.recipient) profile.recipient = extracted.recipient;
  if (extracted.occasion) profile.occasion = extracted.occasion;
  if (extracted.budgetMax || extracted.budgetMin) {
    profile.budgetMax = extracted.budgetMax ?? (extracted.budgetMin ? undefined : before.budgetMax);
    profile.budgetMin = extracted.budgetMin;
    if (
      !extracted.budgetMin &&
      before.budgetMin &&
      extracted.budgetMax &&
      before.budgetMin.amountMinor <= extracted.budgetMax.amountMinor
    )
      profile.budgetMin = before.budgetMin;
  }
  for (const c of extracted.constraints) if (!profile.constraints.includes(c)) profile.constraints.push(c);
  profile.constraints = profile.constraints.filter(
    (c) =>
      extracted.constraints.includes(c) ||
      !CONSTRAINT_WORDS[c].some((w) => new RegExp(`\\b${w}${FINE_AFTER.source}`).test(text)),
  );
  const interests = mergeInterests(profile.interests, extracted.interests, text);
  profile.interests = interests.interests;
  if (interests.replaced) refinements.push('interests replaced');

  if (CHEAPER.test(text) && !extracted.budgetMax) {
    const bound = cheaperBound(profile, state.shown);
    if (bound) {
      profile.budgetMax = bound;
      if (profile.budgetMin && profile.budgetMin.amountMinor > bound.amountMinor)
        profile.budgetMin = undefined;
      refinements.push('cheaper');
    }
  }
  if (SOMETHING_ELSE.test(text) && state.shown.length > 0) {
    excluded = [...new Set([...excluded, ...state.shown.map((s) => s.id)])];
    refinements.push('something else');
  }
  if (ALREADY_HAS.test(text) && state.shown.length > 0) {
    const named = namedProduct(text, state.shown);
    const gone = named ? [named.id] : state.shown.map((s) => s.id);
    excluded = [...new Set([...excluded, ...gone])];
    refinements.push('already has');
  }
  if (offered && ACCEPTS.test(text)) {
    if (offered.relax === 'budget' && offered.budgetMax) profile.budgetMax = offered.budgetMax;
    else if (offered.relax === 'interests') profile.interests = [];
    else profile.constraints = profile.constraints.filter((c) => c !== offered!.relax);
    refinements.push('relaxation accepted');
  }
  offered = undefined;
  return { state: { ...state, profile: withoutEmpty(profile), excluded, offered }, refinements };
}

function withoutEmpty(p: GuideProfile): GuideProfile {
  const out = { ...p };
  for (const key of ['budgetMin', 'budgetMax', 'ageMonths', 'recipient', 'occasion'] as const)
    if (out[key] === undefined) delete out[key];
  return out;
}
