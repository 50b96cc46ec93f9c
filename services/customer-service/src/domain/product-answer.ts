// Replies about products: the facts the knowledge graph holds about a product the customer named
// (never more than it holds), and what to say when the shopping guide or the graph cannot help.
import { loadVocabulary, type Vocabulary } from '@shopmind/vocabulary';
import { OFFER_PERSON } from './reply-templates.js';
import { fill, REPLY_TEXTS, type ReplyLanguage } from './reply-texts.js';

export interface ProductFacts {
  readonly title: string;
  readonly brand?: string;
  readonly category?: string;
  readonly materials: readonly string[];
  readonly colors: readonly string[];
  readonly features: readonly string[];
  /** Years. */
  readonly ageMin?: number;
  readonly ageMax?: number;
  readonly audiences: readonly string[];
  readonly occasions: readonly string[];
  /** Aspects reviewers praise / criticise. */
  readonly praisedFor: readonly string[];
  readonly criticizedFor: readonly string[];
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function ages(min: number | undefined, max: number | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return `for ages ${min} to ${max}`;
  if (min !== undefined) return `for ages ${min} and up`;
  if (max !== undefined) return `for ages up to ${max}`;
  return undefined;
}

let zhVocabularies: Record<'materials' | 'colours' | 'audiences', Vocabulary> | undefined;

/** The Chinese name of each value the shared vocabulary names in Chinese; the others are left out. */
function inChinese(kind: 'materials' | 'colours' | 'audiences', values: readonly string[]): string[] {
  zhVocabularies ??= {
    materials: loadVocabulary('materials', ['zh']),
    colours: loadVocabulary('colours', ['zh']),
    audiences: loadVocabulary('audiences', ['zh']),
  };
  const vocabulary = zhVocabularies[kind];
  return values.flatMap((v) => vocabulary.formsOf(v).slice(0, 1));
}

function agesZh(min: number | undefined, max: number | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return `适合 ${min} 到 ${max} 岁`;
  if (min !== undefined) return `适合 ${min} 岁以上`;
  if (max !== undefined) return `适合 ${max} 岁以下`;
  return undefined;
}

/**
 * The Chinese reply: the facts whose values the shared vocabulary names in Chinese (brand, materials,
 * colours, ages, audiences). Features, occasions and review aspects have no Chinese names yet and
 * are left out rather than shown in English.
 */
function productFactsReplyZh(f: ProductFacts): { text: string; stated: boolean } {
  const materials = inChinese('materials', f.materials);
  const colours = inChinese('colours', f.colors);
  const audiences = inChinese('audiences', f.audiences);
  const parts = [
    f.brand ? `品牌：${f.brand}` : undefined,
    materials.length ? `材质：${materials.join('、')}` : undefined,
    colours.length ? `颜色：${colours.join('、')}` : undefined,
    agesZh(f.ageMin, f.ageMax),
    audiences.length ? `适用人群：${audiences.join('、')}` : undefined,
  ].filter((p): p is string => p !== undefined);
  if (parts.length === 0) {
    return {
      text: `我们有售“${f.title}”，但我手头没有它的更多信息。${REPLY_TEXTS.zh.offerPerson}`,
      stated: false,
    };
  }
  return { text: `“${f.title}”：${parts.join('；')}。`, stated: true };
}

/** What the shop's data says about one product; `stated` is false when it says nothing beyond the title. */
export function productFactsReply(
  f: ProductFacts,
  lang: ReplyLanguage = 'en',
): { text: string; stated: boolean } {
  if (lang === 'zh') return productFactsReplyZh(f);
  const parts = [
    f.brand ? `by ${f.brand}` : undefined,
    f.category ? `in ${f.category}` : undefined,
    f.materials.length ? `made of ${list(f.materials)}` : undefined,
    f.colors.length ? `in ${list(f.colors)}` : undefined,
    ages(f.ageMin, f.ageMax),
    f.audiences.length ? `for ${list(f.audiences)}` : undefined,
    f.features.length ? `with ${list(f.features)}` : undefined,
  ].filter((p): p is string => p !== undefined);
  const sentences: string[] = [];
  if (parts.length) sentences.push(`The ${f.title} is ${parts.join(', ')}.`);
  if (f.occasions.length) sentences.push(`It is listed for ${list(f.occasions)}.`);
  if (f.praisedFor.length) sentences.push(`Reviewers praise its ${list(f.praisedFor)}.`);
  if (f.criticizedFor.length) sentences.push(`Some reviewers criticise its ${list(f.criticizedFor)}.`);
  if (sentences.length === 0) {
    return {
      text: `We do sell the ${f.title}, but I have no further details about it to hand. ${OFFER_PERSON}`,
      stated: false,
    };
  }
  return { text: sentences.join(' '), stated: true };
}

export function guideUnavailableReply(lang: ReplyLanguage = 'en'): string {
  return fill(REPLY_TEXTS[lang].guideUnavailable, { offerPerson: REPLY_TEXTS[lang].offerPerson });
}
