// What a support message names: order ids (with or without "#"), e-mail addresses, amounts in 元 and
// products of a given list, in English and Chinese text. Pure text work; which orders and products
// exist is the caller's knowledge. Text is read in NFKC form, so full-width ＃, letters, digits and
// ＠ (订单＃Ｗ２６１１３４０) are their ASCII selves, and ids come back in ASCII.
import { CHINESE_NUMBER_SOURCE, parseChineseNumber, segmentWords } from '@shopmind/vocabulary';

export interface SupportEntities {
  /** Order ids as the customer wrote them, without a leading "#", in order of appearance. */
  readonly orderIds: readonly string[];
  /** E-mail addresses, lower-cased. */
  readonly emails: readonly string[];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// "#W2611340", "#100234", "#SO-20931": after a hash any id with a digit counts.
const HASHED_ID = /(?<![\w#])#([A-Za-z0-9][A-Za-z0-9-]{3,31})\b/g;
// "W2611340", "SO-209311", "H1001": one to four letters then four to twelve digits (shops number
// orders from 1001 and put a letter or two in front).
const LETTERED_ID = /(?<![\w#@.-])([A-Za-z]{1,4}-?\d{4,12})(?![\w@]|[.,]\d)/g;
// A bare number is an order id only when the words around it say so.
const BARE_NUMBER = /(?<![\w#@.,+-])(\d{5,12})(?![\w@]|[.,]\d)/g;
const ORDER_WORDS =
  /\b(orders?|ord|purchases?|ref(erence)?|confirmation|parcels?|packages?|shipments?|deliver(y|ies)|refunds?|returns?|invoices?)\b|订单|单号|下单|包裹|退款|退货|发票|购买/i;
// "phone 4915…", "my postcode is 10115", "tracking number: 123456": up to two words between.
const NOT_ORDER_BEFORE =
  /\b(phone|tel|telephone|mobile|cell|call|postcode|post code|zip|code|card|iban|account|sort code|pin|otp|tracking)\b(\s+[\w.]+){0,2}\s*[:#]?\s*$/i;
const MONEY_AROUND = /[$€£¥]\s*$|^\s*(usd|eur|gbp|dollars?|euros?|pounds?|%)\b|^\s*(元|块|人民币|%)/i;
// "快递单号 123456", "手机13800138000", "邮编100020": a tracking, phone or post code number, not an order.
const NOT_ORDER_BEFORE_ZH =
  /(快递单号|运单号|物流单号|追踪号|电话|手机|手机号|邮编|卡号|验证码|账号|密码)\s*(是|为)?\s*[:：]?\s*$/;

function hasDigit(s: string): boolean {
  return /\d/.test(s);
}

/** "#W2611340" → "W2611340"; trims. */
export function normaliseOrderId(id: string): string {
  return id.trim().replace(/^#+/, '');
}

/** Order ids match with or without "#" and in any letter case. */
export function sameOrderId(a: string, b: string): boolean {
  return normaliseOrderId(a).toUpperCase() === normaliseOrderId(b).toUpperCase();
}

export function extractEmails(text: string): string[] {
  return [...new Set([...text.normalize('NFKC').matchAll(EMAIL)].map((m) => m[0].toLowerCase()))];
}

export function extractOrderIds(text: string): string[] {
  // Emails first, so "w2611340@example.com" gives no order id.
  const masked = text.normalize('NFKC').replace(EMAIL, (m) => ' '.repeat(m.length));
  const found: { at: number; id: string }[] = [];
  for (const m of masked.matchAll(HASHED_ID)) {
    if (hasDigit(m[1])) found.push({ at: m.index, id: m[1] });
  }
  for (const m of masked.matchAll(LETTERED_ID)) found.push({ at: m.index, id: m[1] });
  const mentionsOrders = ORDER_WORDS.test(masked);
  for (const m of masked.matchAll(BARE_NUMBER)) {
    const before = masked.slice(Math.max(0, m.index - 40), m.index);
    const after = masked.slice(m.index + m[1].length, m.index + m[1].length + 12);
    if (
      !mentionsOrders ||
      NOT_ORDER_BEFORE.test(before) ||
      NOT_ORDER_BEFORE_ZH.test(before) ||
      MONEY_AROUND.test(before) ||
      MONEY_AROUND.test(after)
    )
      continue;
    // A leading zero, or another digit group right before or after: a phone number or a postcode.
    if (m[1].startsWith('0') || /\d{2,}[\s().-]{1,2}$/.test(before) || /^[\s.-]{1,2}\d{2,}/.test(after))
      continue;
    found.push({ at: m.index, id: m[1] });
  }
  found.sort((a, b) => a.at - b.at);
  const ids: string[] = [];
  for (const { id } of found) if (!ids.some((seen) => sameOrderId(seen, id))) ids.push(id);
  return ids;
}

export interface MoneyAmount {
  readonly amountMinor: number;
  readonly currency: 'CNY';
}

const YUAN = new RegExp(
  `(?:[¥￥]\\s*(${CHINESE_NUMBER_SOURCE})|(${CHINESE_NUMBER_SOURCE})\\s*(?:元|块钱|块|人民币))`,
  'gu',
);

/** Amounts in yuan: "¥129", "两百元", "退了50块", "一百五十元" → fen, in order of appearance. */
export function extractAmounts(text: string): MoneyAmount[] {
  const amounts: MoneyAmount[] = [];
  for (const m of text.normalize('NFKC').matchAll(YUAN)) {
    const value = parseChineseNumber(m[1] ?? m[2] ?? '');
    if (value !== undefined) amounts.push({ amountMinor: Math.round(value * 100), currency: 'CNY' });
  }
  return amounts;
}

export function extractEntities(text: string): SupportEntities {
  return { orderIds: extractOrderIds(text), emails: extractEmails(text) };
}

export interface ProductTitle {
  readonly productId: string;
  readonly title: string;
}

export interface ProductMention {
  readonly productId: string;
  readonly title: string;
  /** Share of the title's significant words found in the message, 0 … 1. */
  readonly score: number;
}

const TITLE_STOP = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'of',
  'for',
  'with',
  'in',
  'on',
  'to',
  'by',
  'set',
  'pack',
  'piece',
  'pieces',
  'pcs',
  'x',
  'new',
  'my',
  'your',
  'kids',
  'edition',
]);

/**
 * The distinct significant words of a title or a message, in order of first appearance: lower case,
 * singular, without articles, "set", "pack" and the like. A title matches a message by the share of
 * its terms the message has; an index of titles by term must use this same split.
 */
export function titleTerms(text: string): string[] {
  return [...new Set(significantWords(text))];
}

// Chinese title words that say as little as "set" or "kids" do.
const TITLE_STOP_ZH = new Set(['儿童', '套装', '玩具', '宝宝', '新款', '正品', '礼盒', '一套', '一个']);
const HAN_RUN = /\p{Script=Han}+/gu;

/**
 * The Chinese words of a title or message: ICU's words, with runs of single characters ICU could not
 * place joined (拼|图 → 拼图, 洗|发|水 → 洗发水) so a title and a message split the same way; words of
 * one character are too ambiguous to name a product and are left out.
 */
function chineseWords(text: string): string[] {
  const words: string[] = [];
  for (const [run] of text.matchAll(HAN_RUN)) {
    let single = '';
    const flush = (): void => {
      if ([...single].length >= 2) words.push(single);
      single = '';
    };
    for (const w of segmentWords(run, 'zh')) {
      if ([...w].length === 1) single += w;
      else {
        flush();
        words.push(w);
      }
    }
    flush();
  }
  return words.filter((w) => !TITLE_STOP_ZH.has(w));
}

function significantWords(text: string): string[] {
  return [...latinWords(text), ...chineseWords(text)];
}

function latinWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .match(/[a-z][a-z0-9']*|\d+/g) ?? []
  )
    .map((w) => w.replace(/'s$/, ''))
    .filter((w) => !TITLE_STOP.has(w))
    .map(singular);
}

function singular(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/**
 * Products of `products` the message names: a title matches when at least `minScore` of its
 * significant words (no articles, no "set"/"pack") appear in the message. Against a customer's own
 * order a low bar is right ("the puzzle" names the puzzle they bought); against a whole catalogue
 * use a higher one. Best match first.
 */
export function matchProducts(
  text: string,
  products: readonly ProductTitle[],
  minScore = 0.5,
): ProductMention[] {
  const words = new Set(titleTerms(text));
  const mentions: ProductMention[] = [];
  for (const p of products) {
    const titleWords = titleTerms(p.title);
    if (titleWords.length === 0) continue;
    const hits = titleWords.filter((w) => words.has(w)).length;
    const score = hits / titleWords.length;
    if (hits > 0 && score >= minScore) mentions.push({ productId: p.productId, title: p.title, score });
  }
  return mentions.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
}
