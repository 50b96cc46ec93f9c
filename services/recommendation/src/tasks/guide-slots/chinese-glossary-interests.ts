// Interests the cue list does not name, read from positions as the English extractor reads any
// noun: the object of a liking (喜欢/爱/迷上/热爱 …, 对X感兴趣) or of a request (想要/买个/有没有 …),
// a list of them joined by 和/跟/、/还有. Each is the longest word of the CC-CEDICT glossary
// (@shopmind/vocabulary) at that place, named by its English noun in the English extractor's
// form (lower case, last word singular: slippers → slipper), and dropped where English drops it
// (gift, toy, thing, people, time and money) or where the stop list (data/zh) says it names none.
import { loadGlossary, type GlossaryWord } from '@shopmind/vocabulary';
import { interestName } from '../../domain/guide/interest-key.js';
import type { ClaimedSpans } from './claimed-spans.js';
import { zhData } from './chinese-cues.js';
import { GIFT_WORDS, PERSON_NOUNS, PRODUCT_WORDS, TIME_AND_MONEY_WORDS } from './slot-lexicons.js';

/** What introduces a liking; 可爱 ("cute"), 爱心 and 恋爱 are no liking. */
const LIKE_CUE =
  /(?:喜欢|(?<![可恋宠亲溺心])爱(?![心护惜情人])|热爱|迷上了?|(?<![着痴沉])迷(?![你宫路糊人彩惑失信])|迷恋|痴迷于?|沉迷于?|着迷于?|钟爱|偏爱|爱好是|对(?=[^，,。；;！!？?]{1,10}?感兴趣))/g;
/** What introduces a requested product. */
const WANT_CUE =
  /(?:想要|想买|要买|打算买|准备买|买(?=一?[个只件套本把台辆点些])|有没有|找一?[个只件套本把台辆]|推荐一?[个只件套本把台辆]?)/g;
/** Words between a cue and its object: verbs of doing (爱玩, 爱看), measure words, quantifiers. */
const FILLER =
  /^(?:上了|了|玩|看|养|听|吃|收集|学|弹|拉|吹|打|踢|下|一个|一只|一件|一套|一本|一把|一台|一辆|一些|一点|一款|个|只|件|套|本|把|台|辆|些|点|款|各种|很多|所有|那种|这种|的是|些什么)/;
/** What joins a list of objects. */
const LIST_JOIN = /^(?:和|跟|与|、|还有|以及|或者|或是|或|及|\/)/;
/** What may follow an object before a list goes on (恐龙模型和…, 草莓图案的): product words and 的. */
const OBJECT_TAIL = /^(?:的)?(?:玩具|模型|图案|主题|系列|的)?/;
/** The shortest glossary word read: single characters (球, 花, 鸟) count, as measured on the dev sets. */
const MIN_WORD = 1;

const STOP_WORDS = new Set(zhData.words('interest-stop-words.json'));

/** The interest an English gloss names, or undefined where the English extractor drops it too. */
export function interestOfGloss(english: string): string | undefined {
  const words = english.split(' ');
  const head = interestName(words[words.length - 1]);
  if (words.some((w) => GIFT_WORDS.has(w) || GIFT_WORDS.has(interestName(w)))) return undefined;
  if (PERSON_NOUNS.has(head) || PRODUCT_WORDS.has(head) || TIME_AND_MONEY_WORDS.has(head)) return undefined;
  return interestName(english);
}

export interface GlossaryInterest {
  interest: string;
  start: number;
  end: number;
}

/**
 * The interests after every cue in `text` whose span no other slot claims; `negated` says whether
 * a negator governs a span (不喜欢熊猫). Spans read are claimed.
 */
export function findGlossaryInterests(
  text: string,
  claims: ClaimedSpans,
  negated: (start: number, end: number) => boolean,
): GlossaryInterest[] {
  const glossary = loadGlossary('zh');
  const found: GlossaryInterest[] = [];
  const wordAt = (at: number): GlossaryWord | undefined => {
    const w = glossary.wordAt(text, at, { minLength: MIN_WORD });
    // 小鸭子, 小花: a diminutive 小 before a word is not part of its name.
    if (text[at] === '小' && (!w || w.word.length <= 2)) {
      const inner = glossary.wordAt(text, at + 1, { minLength: MIN_WORD });
      if (inner && inner.word.length >= (w?.word.length ?? 0)) return inner;
    }
    return w;
  };
  const readList = (from: number): void => {
    let at = from;
    for (let items = 0; items < 6; items++) {
      // Fillers are skipped unless a longer word starts with them (个台灯 is 台灯, not 灯; 点心 is a word).
      for (let f = FILLER.exec(text.slice(at)); f; f = FILLER.exec(text.slice(at))) {
        if ((wordAt(at)?.word.length ?? 0) > f[0].length) break;
        at += f[0].length;
      }
      if (!claims.isFree(at, at + 1)) {
        // A slot another finder read (a listed interest, an occasion): the list may go on after it.
        while (at < text.length && !claims.isFree(at, at + 1)) at++;
      } else {
        const w = wordAt(at);
        if (!w || STOP_WORDS.has(w.word)) return;
        const interest = interestOfGloss(w.english);
        if (interest && !negated(w.start, w.end)) found.push({ interest, start: w.start, end: w.end });
        claims.claim(w.start, w.end);
        at = w.end;
      }
      at += OBJECT_TAIL.exec(text.slice(at))?.[0].length ?? 0;
      const join = LIST_JOIN.exec(text.slice(at));
      if (!join) return;
      at += join[0].length;
    }
  };
  const cues = [...text.matchAll(LIKE_CUE), ...text.matchAll(WANT_CUE)].sort((a, b) => a.index - b.index);
  for (const cue of cues) readList(cue.index + cue[0].length);
  return found.sort((a, b) => a.start - b.start);
}
