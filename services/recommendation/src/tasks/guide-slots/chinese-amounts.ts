// Ages and budgets in a Chinese shopper message. Numbers are Arabic digits or Chinese numerals
// (@shopmind/vocabulary's parseChineseNumber: 十八, 两百, 一百五 = 150). Ages: N岁 / N周岁 with an
// optional 半 (一岁半 = 18 months) and N个月; 满N岁 also states a birthday, as does N岁生日; an age
// that is only approached (快三岁了, 不到两岁, 将近) states none. Budgets: an amount with 元/块/¥, or a
// bare amount with a budget cue before (预算, 不超过, 最多, 大概) or after (以内, 左右, 以上); a range
// N到M / N-M with a currency or budget cue gives both bounds; "around" and "at most" give the maximum.
import { CHINESE_NUMBER_SOURCE, parseChineseNumber } from '@shopmind/vocabulary';
import type { ClaimedSpans } from './claimed-spans.js';
import type { Amount, BudgetFinding } from './money-parser.js';

export interface ChineseAge {
  months: number;
  birthday: boolean;
  start: number;
}

const NUM = CHINESE_NUMBER_SOURCE;
const AGE = new RegExp(
  String.raw`(刚满|满了|满|快要|快|不到|还不到|还没到|将近|接近|差不多|马上)?\s*(${NUM})\s*(周岁|岁)(半)?(?:\s*(${NUM})\s*个月)?(?:的)?(生日)?`,
  'g',
);
const AGE_MONTHS = new RegExp(String.raw`(快要|快|不到|将近|差不多)?\s*(${NUM})\s*个(半)?月`, 'g');
const HALF_YEAR = /半岁/g;
const APPROACHED = /^(?:快要|快|不到|还不到|还没到|将近|接近|差不多|马上)$/;
const MAX_MONTHS = 1440;

export function findChineseAge(text: string, claims: ClaimedSpans): ChineseAge | undefined {
  const found: ChineseAge[] = [];
  const take = (start: number, end: number, months: number | undefined, birthday: boolean) => {
    if (!claims.isFree(start, end)) return;
    claims.claim(start, end);
    if (months !== undefined && months <= MAX_MONTHS) found.push({ months, birthday, start });
  };
  for (const m of text.matchAll(AGE)) {
    const [whole, prefix, n, , half, extraMonths, birthday] = m;
    const years = parseChineseNumber(n!);
    const extra = extraMonths === undefined ? 0 : parseChineseNumber(extraMonths);
    const stated = years !== undefined && extra !== undefined && !(prefix && APPROACHED.test(prefix));
    const months = stated ? Math.round(years * 12 + (half ? 6 : 0) + extra) : undefined;
    take(m.index, m.index + whole.length, months, /^满|刚满/.test(prefix ?? '') || birthday !== undefined);
  }
  for (const m of text.matchAll(AGE_MONTHS)) {
    const [whole, prefix, n, half] = m;
    const value = parseChineseNumber(n!);
    const months = value !== undefined && !prefix ? Math.round(value + (half ? 0.5 : 0)) : undefined;
    take(m.index, m.index + whole.length, months, false);
  }
  for (const m of text.matchAll(HALF_YEAR)) take(m.index, m.index + m[0].length, 6, false);
  return found.sort((a, b) => a.start - b.start)[0];
}

const CURRENCY = String.raw`(块钱|块|元|人民币|rmb|cny)`;
const AMOUNT = new RegExp(String.raw`([¥￥]\s*)?(${NUM})\s*(?:多|来)?\s*${CURRENCY}?`, 'g');
const RANGE = new RegExp(
  String.raw`([¥￥]\s*)?(${NUM})\s*${CURRENCY}?\s*(?:到|至|-|~|～|—)\s*(${NUM})\s*${CURRENCY}?`,
  'g',
);
/** Measure words after which a number counts things, not money (500片 is a puzzle's size). */
const OTHER_UNIT_AFTER =
  /^\s*(?:周岁|岁|个月|个|片|只|件|张|本|套|颗|厘米|公分|cm|米|斤|公斤|kg|年级|分钟|小时|天|周|年|次|位|名|种|款|盒|粒)/;
const MAX_BEFORE =
  /(?:不超过|不要超过|别超过|不能超过|不高于|最多|顶多|最高|最贵|低于|少于|预算(?:是|在|有|大概|大约|差不多|控制在)?|大概|大约|差不多|控制在|价位(?:在)?|价格(?:在)?|花|只有)\s*$/;
const MIN_BEFORE = /(?:至少|最少|不低于|起码|高于|多于)\s*$/;
const MAX_AFTER = /^\s*(?:以内|以下|之内|左右|上下|内|封顶|为限|就行|就好|就够)/;
const MIN_AFTER = /^\s*(?:以上|起步|起)/;
const RANGE_CUE_BEFORE = /(?:预算|价位|价格|在|花)\s*$/;
/** A range that is a whole clause on its own (…，三百到四百) can only be a price. */
const CLAUSE_START = /(?:^|[，,。.！!？?；;：:\s])$/;
const CLAUSE_END = /^\s*(?:吧|的|之间)?\s*(?:[，,。.！!？?；;]|$)/;

export function findChineseBudget(
  text: string,
  claims: ClaimedSpans,
  defaultCurrency: string,
): BudgetFinding {
  const budget: BudgetFinding = {};
  const amount = (value: number, currency: boolean): Amount => ({
    currency: currency ? 'CNY' : defaultCurrency,
    value,
  });
  for (const m of text.matchAll(RANGE)) {
    const [whole, sign, a, unitA, b, unitB] = m;
    const start = m.index;
    const end = start + whole.length;
    const [low, high] = [parseChineseNumber(a!), parseChineseNumber(b!)];
    if (low === undefined || high === undefined || high < low || !claims.isFree(start, end)) continue;
    if (OTHER_UNIT_AFTER.test(text.slice(end))) continue;
    const currency = sign !== undefined || unitA !== undefined || unitB !== undefined;
    const cued =
      RANGE_CUE_BEFORE.test(text.slice(Math.max(0, start - 6), start)) ||
      (CLAUSE_START.test(text.slice(0, start)) && CLAUSE_END.test(text.slice(end)));
    if (!currency && !cued) continue;
    budget.min = amount(low, currency);
    budget.max = amount(high, currency);
    claims.claim(start, end);
  }
  for (const m of text.matchAll(AMOUNT)) {
    const [whole, sign, n, unit] = m;
    const start = m.index;
    const end = start + whole.length;
    const value = parseChineseNumber(n!);
    if (value === undefined || !claims.isFree(start, end)) continue;
    const currency = sign !== undefined || unit !== undefined;
    if (!currency && OTHER_UNIT_AFTER.test(text.slice(end))) continue;
    const before = text.slice(Math.max(0, start - 8), start);
    const after = text.slice(end, end + 6);
    if (MIN_BEFORE.test(before) || MIN_AFTER.test(after)) budget.min = amount(value, currency);
    else if (currency || MAX_BEFORE.test(before) || MAX_AFTER.test(after))
      budget.max = amount(value, currency);
    else continue;
    claims.claim(start, end);
  }
  return budget;
}

/** Every number in the message, for a reply that is nothing but one ("五", "100吧"). */
export function loneChineseNumber(text: string): number | undefined {
  const numbers = [...text.matchAll(new RegExp(NUM, 'g'))]
    .map((m) => parseChineseNumber(m[0]))
    .filter((n) => n !== undefined);
  const rest = text.replace(new RegExp(NUM, 'g'), '');
  return numbers.length === 1 && rest.length <= 12 ? numbers[0] : undefined;
}
