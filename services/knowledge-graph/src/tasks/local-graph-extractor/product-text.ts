// Reads product text with wink-nlp (English model shipped inside the package, no network):
// sentences, tokens with part of speech, and the DURATION / CARDINAL entities used for ages.

import winkNLP, { type ItemEntity, type ItemSentence, type ItemToken } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface TextToken {
  value: string;
  normal: string;
  pos: string;
  /** Character offset of the token inside its sentence's `text`. */
  start: number;
}

export interface TextEntity {
  value: string;
  type: string;
}

export interface TextSentence {
  text: string;
  tokens: TextToken[];
  entities: TextEntity[];
}

const nlp = winkNLP(model);
const its = nlp.its;

export function readSentences(text: string): TextSentence[] {
  if (!text.trim()) return [];
  const doc = nlp.readDoc(text);
  const sentences: TextSentence[] = [];
  doc.sentences().each((sentence: ItemSentence) => {
    const raw = String(sentence.out());
    const tokens: TextToken[] = [];
    let cursor = 0;
    sentence.tokens().each((token: ItemToken) => {
      const value = String(token.out());
      const at = raw.indexOf(value, cursor);
      const start = at >= 0 ? at : cursor;
      cursor = start + value.length;
      tokens.push({ value, normal: String(token.out(its.normal)), pos: String(token.out(its.pos)), start });
    });
    const entities: TextEntity[] = [];
    sentence.entities().each((entity: ItemEntity) => {
      const detail = entity.out(its.detail) as unknown as { value: string; type: string };
      entities.push({ value: detail.value, type: detail.type });
    });
    sentences.push({ text: raw, tokens, entities });
  });
  return sentences;
}
