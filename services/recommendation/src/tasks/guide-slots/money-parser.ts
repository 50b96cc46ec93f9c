// The budget from a normalised message (numbers in digits): amounts with a currency symbol, word or
// ISO code before or after them ("€25", "25 eur", "40 pounds", "200元"), ranges ("$20-30", "between
// 15 and 25 euros", "10 to 20 euro"), and cue words that make an amount a bound ("under", "up to",
// "around", "max", "at least", "budget 40"). A bare number without currency or cue is no budget.
// An amount with no currency is in `defaultCurrency` (the tenant's catalogue currency).
import type { ClaimedSpans } from './claimed-spans.js';

export interface Amount {
  currency: string;
  /** In major units: 19.99 for €19.99. */
  value: number;
}

export interface BudgetFinding {
  min?: Amount;
  max?: Amount;
}

const CURRENCY_WORDS: [RegExp, string][] = [
  [/^(?:€|eur|euros?)$/, 'EUR'],
  [/^(?:£|gbp|pounds?|quid)$/, 'GBP'],
  [/^(?:\$|us\$|usd|dollars?|bucks?)$/, 'USD'],
  [/^(?:¥|rmb|cny|yuan|元|块|人民币)$/, 'CNY'],
];
const CURRENCY_BEFORE = String.raw`(€|£|us\$|\$|¥|eur|gbp|usd|rmb|cny|人民币)`;
const CURRENCY_AFTER = String.raw`(€|£|\$|¥|元|块|人民币|(?:euros?|eur|pounds?|quid|gbp|dollars?|bucks?|usd|rmb|cny|yuan)\b)`;
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
const AMOUNT = new RegExp(String.raw`(?:${CURRENCY_BEFORE}\s*)?${NUMBER}(?:\s*${CURRENCY_AFTER})?`, 'g');

/** Units after which a number is not money ("3 years", "20%", "4 pieces"). */
const OTHER_UNIT_AFTER =
  /^\s*(?:%|cm|mm|kg|g|m|l|ml|pieces?|pcs|pack|x|times|hours?|minutes?|mins?|days?|weeks?|months?|mos?|years?|yrs?|yo|y\/o|st|nd|rd|th|kids|children|people|year-old|岁|个月)\b/;
const MAX_BEFORE =
  /(?:\bunder|\bbelow|\bless than|\bmax\.?|\bmaximum|\bat most|\bup ?to|\bas (?:high|much) as|\bno more than|\bnot more than|\bnot over|\baround|\babout|\broughly|\bapprox(?:imately|\.)?|~|\bcirca|\bbudget(?:'s| is| of|:)?(?: (?:about|around|roughly))?|\bspend|\bspending|\bprice(?: range)?(?: is| of|:)?|\bcosts?|\bwithin|预算(?:是|在)?)\s*$/;
const MIN_BEFORE = /(?:\bat least|\bminimum|\bmin\.?|\bmore than|\bover|\babove|\bstarting at)\s*$/;
const NEGATION_BEFORE = /(?:\bno|\bnot|n't|\bnever|\bnothing)\b[^,.;!?]{0,30}$/;
const MAX_AFTER = /^\s*(?:max\b\.?|maximum\b|or less\b|or under\b|tops\b|at most\b|or so\b|以内|以下|左右)/;
const MIN_AFTER = /^\s*(?:or more\b|and up\b|plus\b|\+|or above\b|minimum\b|min\b|以上)/;
const RANGE_BETWEEN = /^\s*(?:-|to|and|~|至|到)\s*$/;
const RANGE_CUE_BEFORE =
  /(?:\bbetween|\bfrom|\bbudget(?:'s| is| of|:)?|\bprice range(?: is| of|:)?|\brange(?: of)?|\bthinking|\bspend)\s*$/;

interface Mention {
  start: number;
  end: number;
  value: number;
  currency?: string;
}

function currencyOf(word: string | undefined): string | undefined {
  if (!word) return undefined;
  return CURRENCY_WORDS.find(([re]) => re.test(word))?.[1];
}

function valueOf(number: string): number {
  if (/^\d{1,3}(?:,\d{3})+/.test(number)) return Number(number.replace(/,/g, ''));
  return Number(number.replace(',', '.'));
}

function mentions(text: string, claims: ClaimedSpans): Mention[] {
  const found: Mention[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const [whole, before, number, after] = m;
    const start = m.index;
    const end = start + whole.length;
    if (!claims.isFree(start, end)) continue;
    const currency = currencyOf(before) ?? currencyOf(after);
    if (!currency && OTHER_UNIT_AFTER.test(text.slice(end))) continue;
    // "4-year-old" was claimed as an age; a digit glued to letters ("3yo", "2nd") is not money.
    if (!currency && /^[a-z]/.test(text.slice(end))) continue;
    found.push({ start, end, value: valueOf(number), currency });
  }
  return found;
}

/** The budget the message states; the spans it read are claimed. Later statements win. */
export function findBudget(text: string, claims: ClaimedSpans, defaultCurrency: string): BudgetFinding {
  const list = mentions(text, claims);
  const budget: BudgetFinding = {};
  const amount = (m: Mention, currency?: string): Amount => ({
    currency: m.currency ?? currency ?? defaultCurrency,
    value: m.value,
  });
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const before = text.slice(Math.max(0, a.start - 40), a.start);
    const next = list[i + 1];
    if (next && RANGE_BETWEEN.test(text.slice(a.end, next.start))) {
      const joined = text.slice(a.end, next.start).trim();
      const saysRange =
        (joined !== 'and' || /\bbetween\s*$/.test(before)) &&
        (a.currency !== undefined || next.currency !== undefined || RANGE_CUE_BEFORE.test(before));
      if (saysRange && next.value >= a.value) {
        const currency = a.currency ?? next.currency;
        budget.min = amount(a, currency);
        budget.max = amount(next, currency);
        claims.claim(a.start, next.end);
        i += 1;
        continue;
      }
    }
    const after = text.slice(a.end, a.end + 16);
    const minCue = MIN_BEFORE.exec(before) ?? MIN_AFTER.exec(after);
    const maxCue = MAX_BEFORE.exec(before) ?? MAX_AFTER.exec(after);
    const denied = minCue !== null && NEGATION_BEFORE.test(before);
    if (minCue && !denied) budget.min = amount(a);
    else if (denied || a.currency !== undefined || maxCue) budget.max = amount(a);
    else continue;
    // The cue words are part of the budget too ("max", "or less"): no other slot reads them.
    const cues = [minCue, maxCue].filter((c) => c !== null);
    const reach = (side: 'before' | 'after'): number =>
      Math.max(
        0,
        ...cues
          .filter((c) => (side === 'before' ? c.input === before : c.input === after))
          .map((c) => c[0].length),
      );
    claims.claim(a.start - reach('before'), a.end + reach('after'));
  }
  return budget;
}
