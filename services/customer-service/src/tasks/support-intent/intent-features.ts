// Turns a support message into the sparse features the intent model weighs: lemmas, lemma bigrams,
// negated lemmas ("not arrive"), character 3- and 4-grams of each word (typos such as "adress" or
// "cancle" still share most of their grams with the real word), whether the message names an order
// id or an e-mail address, its length and whether it asks a question. The ids and addresses
// themselves are removed first: their values must not become words the model learns.
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

export function intentFeatures(text: string): FeatureVector {
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
