// Turns a support message into the sparse features the intent model weighs: lemmas, lemma bigrams,
// negated lemmas ("not arrive"), character 3- and 4-grams of each word (typos such as "adress" or
// "cancle" still share most of their grams with the real word), whether the message names an order
// id or an e-mail address, its length and whether it asks a question. The ids and addresses
// themselves are removed first: their values must not become words the model learns.
// Chinese messages (chineseIntentFeatures) have no spaces and ICU's word list is weak on shop words
// (洗|发|水), so they get character 1–3-grams of each run of Han characters, the ICU words beside
// them, and the same entity, length and question features; the names carry a `z` prefix so one
// model could hold both languages without a Chinese gram meeting an English one.
import { segmentWords } from '@shopmind/vocabulary';
import { tokeniseMessage } from '../../domain/message-tokens.js';
import { extractEmails, extractOrderIds } from '../../domain/support-entities.js';

export type FeatureVector = ReadonlyMap<string, number>;

const WORD_TYPES = new Set(['word', 'number', 'emoji', 'emoticon', 'hashtag']);
const CHAR_GRAM_WEIGHT = 0.5;

function maskEntities(text: string): { masked: string; orderId: boolean; email: boolean } {
  const emails = extractEmails(text);
  const orderIds = extractOrderIds(text);
  let masked = text;
  for (const e of emails) masked = masked.split(new RegExp(escape(e), 'ig')).join(' ');
  for (const id of orderIds) masked = masked.replace(new RegExp(`#?${escape(id)}`, 'ig'), ' ');
  return { masked, orderId: orderIds.length > 0, email: emails.length > 0 };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function charGrams(word: string): string[] {
  if (word.length < 3) return [];
  const padded = `<${word}>`;
  const grams: string[] = [];
  for (const n of [3, 4]) for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
  return grams;
}

/** The features of `text` for a model of `language` ('zh': Chinese features, anything else English). */
export function intentFeatures(text: string, language = 'en'): FeatureVector {
  return language === 'zh' ? chineseIntentFeatures(text) : englishIntentFeatures(text);
}

const HAN_RUN = /\p{Script=Han}+/gu;
const UNIGRAM_WEIGHT = 0.5;

export function chineseIntentFeatures(text: string): FeatureVector {
  // NFKC: full-width letters, digits and punctuation (Ｗ２６１１，？＃) become their ASCII forms.
  const { masked, orderId, email } = maskEntities(text.normalize('NFKC'));
  const features = new Map<string, number>();
  const add = (name: string, value = 1): void => {
    features.set(name, Math.max(features.get(name) ?? 0, value));
  };
  let hanChars = 0;
  for (const [run] of masked.matchAll(HAN_RUN)) {
    hanChars += run.length;
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      add(`zc:${chars[i]}`, UNIGRAM_WEIGHT);
      if (i + 1 < chars.length) add(`zc:${chars[i]}${chars[i + 1]}`);
      if (i + 2 < chars.length) add(`zc:${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
    }
  }
  const words = segmentWords(masked, 'zh').map((w) => (/^\d+$/.test(w) ? '<num>' : w.toLowerCase()));
  for (const w of words) add(`zw:${w}`);
  if (/[?]/.test(masked)) add('zp:?');
  if (orderId) add('zent:order_id');
  if (email) add('zent:email');
  if (hanChars <= 2) add('zlen:short');
  else if (hanChars > 30) add('zlen:long');
  add('zbias:1');
  return features;
}

function englishIntentFeatures(text: string): FeatureVector {
  const { masked, orderId, email } = maskEntities(text);
  const { tokens } = tokeniseMessage(masked);
  const features = new Map<string, number>();
  const add = (name: string, value = 1): void => {
    features.set(name, Math.max(features.get(name) ?? 0, value));
  };
  const words: string[] = [];
  for (const t of tokens) {
    if (t.type === 'punctuation') {
      if (t.normal === '?') add('p:?');
      continue;
    }
    if (!WORD_TYPES.has(t.type)) continue;
    const lemma = t.type === 'number' ? '<num>' : t.lemma;
    words.push(lemma);
    add(`w:${lemma}`);
    if (t.negated && !t.stopWord) add(`neg:${lemma}`);
    if (t.type === 'word') for (const g of charGrams(t.normal)) add(`c:${g}`, CHAR_GRAM_WEIGHT);
  }
  for (let i = 0; i + 1 < words.length; i++) add(`b:${words[i]}_${words[i + 1]}`);
  if (orderId) add('ent:order_id');
  if (email) add('ent:email');
  if (words.length <= 2) add('len:short');
  else if (words.length > 15) add('len:long');
  add('bias:1');
  return features;
}
