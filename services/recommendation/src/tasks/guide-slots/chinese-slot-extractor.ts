// The slot extractor's local tier for Simplified Chinese: the same slots and canonical values as the
// English one (English keys; interests as English topic words), read with the cue lists of
// data/zh/ and a small grammar: negation (不要/不想要/没有/不能有/别 … + X, or X的也不要), whose
// relative a kinship word names (朋友的儿子 is not the shopper's son), and the numbers of
// chinese-amounts.ts. Order settles overlaps as in English: constraints, ages, the budget,
// occasions, the recipient, then interests.
import {
  isConstraint,
  isOccasion,
  isRecipient,
  type Constraint,
  type Recipient,
} from '../../domain/guide/guide-profile.js';
import { findChineseAge, findChineseBudget, loneChineseNumber } from './chinese-amounts.js';
import { CueList, zhLexicon, type CueMention } from './chinese-cues.js';
import { ClaimedSpans } from './claimed-spans.js';
import { findGlossaryInterests } from './chinese-glossary-interests.js';
import type { Amount } from './money-parser.js';
import type { GuideSlotsInput, GuideSlotsOutput } from './guide-slots-schema.js';

const anyValue = (v: string): v is string => v.length > 0;
const RECIPIENTS_ZH = new CueList(zhLexicon('recipients.json'), isRecipient);
const OCCASIONS_ZH = new CueList(zhLexicon('occasions.json'), isOccasion);
const WANTED_ZH = new CueList(zhLexicon('constraints-wanted.json'), isConstraint);
const DENIED_ZH = new CueList(zhLexicon('constraints-denied.json'), isConstraint);
const INTERESTS_ZH = new CueList(zhLexicon('interests.json'), anyValue);

/**
 * Negators whose scope runs to the end of the clause (不要电池和塑料); 特别 is "especially",
 * not a denial.
 */
const NEGATOR =
  /(?:不要|不想(?:要|买)?|不需要|不用|无需|没有?|不能有|不能|(?<![特分区告性识级类])别|不含|不带|避免|不是|不喜欢|不爱|讨厌|不感兴趣|怕|拒绝|不可以有)/g;
/** A denial after the thing denied: 塑料的也不要, 电池的不行. */
const NEGATED_AFTER = /^(?:的)?(?:东西|玩具)?(?:也|都)?(?:不要|不行|不可以|不考虑|免了|别买|不想要)/;
const CLAUSE_BREAK = /[，,。.！!？?；;：:\n]|但是|但|可是|不过|而且|只是/g;
const NEGATION_REACH = 10;

/** Words that contain a kinship word and are no relation of the shopper's. */
const NOT_RELATIVES = /小朋友|男朋友|女朋友|朋友圈|小姐姐|小哥哥|小弟弟|小妹妹/g;
/** People whose relative a following kinship word may be (朋友的儿子, 姐姐家的孩子, 她的女儿). */
const OTHER_PEOPLE =
  /(?:朋友|同事|邻居|老师|领导|老板|同学|亲戚|客户|上司|师傅|阿姨|叔叔|舅舅|姑姑|姨妈|大姨|小姨|他|她|别人|人家|老公|老婆|丈夫|妻子|哥哥|姐姐|弟弟|妹妹|表哥|表姐|表弟|表妹|堂哥|堂姐|堂弟|堂妹|闺蜜|儿子|女儿|闺女)(?:家的?|的)$/;
const PERSON_AFTER =
  /^(?:家的?|的)(?:儿子|女儿|闺女|孩子|小孩|宝宝|宝贝|孙子|孙女|外孙|外孙女|侄子|侄女|外甥|外甥女|男孩|女孩|小朋友|娃)/;

export function normaliseChinese(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The clause of `text` around [start, end): the text between the nearest breaks. */
function clauseAround(text: string, start: number, end: number): [number, number] {
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    if (m.index + m[0].length <= start) from = m.index + m[0].length;
    else if (m.index >= end) {
      to = m.index;
      break;
    }
  }
  return [from, to];
}

/**
 * Whether a negator governs [start, end): one earlier in its clause, within reach, with nothing
 * already read as another slot between (不要电池的恐龙玩具 denies the batteries, not the dinosaurs),
 * or a denial right after it.
 */
function isNegated(text: string, start: number, end: number, claims: ClaimedSpans): boolean {
  const [from, to] = clauseAround(text, start, end);
  if (NEGATED_AFTER.test(text.slice(end, to))) return true;
  const windowStart = Math.max(from, start - NEGATION_REACH);
  // 有没有 ("is there") asks; masked so that its 没有 denies nothing.
  const before = text.replace(/有没有/g, '□□□').slice(windowStart, start);
  let last: number | undefined;
  for (const m of before.matchAll(NEGATOR)) last = windowStart + m.index + m[0].length;
  return last !== undefined && (last === start || claims.isFree(last, start));
}

function findConstraintsZh(text: string, claims: ClaimedSpans): Constraint[] {
  const mentions = [
    ...WANTED_ZH.find(text).map((m) => ({ ...m, needsDenial: false })),
    ...DENIED_ZH.find(text).map((m) => ({ ...m, needsDenial: true })),
  ]
    .sort((a, b) => a.start - b.start || b.end - a.end)
    .filter((m, i, all) => !all.slice(0, i).some((o) => o.start < m.end && o.end > m.start));
  const found: Constraint[] = [];
  for (const m of mentions) {
    const negated = isNegated(text, m.start, m.end, new ClaimedSpans());
    claims.claim(m.start, m.end);
    // A wanted property denied (不是木头的) states nothing we can use.
    if (negated === m.needsDenial) found.push(m.value);
  }
  return [...new Set(found)];
}

function findRecipientZh(text: string, claims: ClaimedSpans): Recipient | undefined {
  const blocked = new ClaimedSpans();
  for (const m of text.matchAll(NOT_RELATIVES)) blocked.claim(m.index, m.index + m[0].length);
  for (const m of RECIPIENTS_ZH.find(text)) {
    if (!claims.isFree(m.start, m.end) || !blocked.isFree(m.start, m.end)) continue;
    // 朋友的儿子: the son is the friend's, and the friend only says whose.
    if (OTHER_PEOPLE.test(text.slice(0, m.start)) || PERSON_AFTER.test(text.slice(m.end))) continue;
    claims.claim(m.start, m.end);
    return m.value;
  }
  return undefined;
}

/**
 * Interests: the cue list's topics anywhere in the message, then any glossary noun a liking or a
 * request introduces (chinese-glossary-interests.ts), in the order the message names them.
 */
function findInterestsZh(text: string, claims: ClaimedSpans): string[] {
  const mentions: { value: string; start: number }[] = [];
  for (const m of INTERESTS_ZH.find(text) as CueMention[]) {
    if (!claims.isFree(m.start, m.end)) continue;
    if (isNegated(text, m.start, m.end, claims)) continue;
    claims.claim(m.start, m.end);
    mentions.push(m);
  }
  const negated = (start: number, end: number) => isNegated(text, start, end, claims);
  for (const g of findGlossaryInterests(text, claims, negated))
    mentions.push({ value: g.interest, start: g.start });
  const interests = [...new Set(mentions.sort((a, b) => a.start - b.start).map((m) => m.value))];
  return interests.slice(0, 10);
}

export function extractChineseSlots(input: GuideSlotsInput): GuideSlotsOutput {
  const text = normaliseChinese(input.text);
  const claims = new ClaimedSpans();
  const constraints = findConstraintsZh(text, claims);
  const age = findChineseAge(text, claims);
  const budget = findChineseBudget(text, claims, input.defaultCurrency);
  const occasions = OCCASIONS_ZH.find(text).filter((m) => claims.isFree(m.start, m.end));
  for (const m of occasions) claims.claim(m.start, m.end);
  const recipient = findRecipientZh(text, claims);
  const interests = findInterestsZh(text, claims);
  const occasion =
    occasions[0] && (!age?.birthday || occasions[0].start < age.start)
      ? occasions[0].value
      : age?.birthday
        ? 'birthday'
        : undefined;
  let answerAge: number | undefined;
  let answerBudget: Amount | undefined;
  if (!age && !budget.max && !budget.min && input.expecting) {
    const lone = loneChineseNumber(text);
    if (lone !== undefined && input.expecting === 'age' && lone <= 120) answerAge = Math.round(lone * 12);
    if (lone !== undefined && input.expecting === 'budget')
      answerBudget = { currency: input.defaultCurrency, value: lone };
  }
  const money = (a: Amount | undefined) => (a ? { currency: a.currency, amount: a.value } : null);
  return {
    ageMonths: age?.months ?? answerAge ?? null,
    recipient: recipient ?? null,
    occasion: (occasion as GuideSlotsOutput['occasion']) ?? null,
    interests,
    constraints,
    budgetMin: money(budget.min),
    budgetMax: money(budget.max ?? answerBudget),
  };
}
