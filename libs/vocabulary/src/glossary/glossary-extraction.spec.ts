import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFolder } from '../data-folder.js';
import { englishNounTest, readCedict } from '../tools/cedict-source.js';
import { type CedictEntry, glossaryRows, glossaryText, nounPhraseOf } from './glossary-extraction.js';

const anyNoun = () => true;
const entry = (simplified: string, pinyin: string, english: string[]): CedictEntry => ({
  simplified,
  traditional: simplified,
  pinyin,
  english,
});

describe('nounPhraseOf', () => {
  it('takes the first noun phrase of a sense without CEDICT notes or classifiers', () => {
    expect(nounPhraseOf('frog (CL:隻|只[zhi1])', anyNoun)).toBe('frog');
    expect(nounPhraseOf('gift; present', anyNoun)).toBe('gift');
    expect(nounPhraseOf('to fold paper (to make origami articles); origami', anyNoun)).toBe('origami');
    expect(nounPhraseOf('a skipping rope', anyNoun)).toBe('skipping rope');
  });

  it('leaves out pointers, regional and long senses, and what is not a noun', () => {
    expect(nounPhraseOf('variant of 球[qiu2]', anyNoun)).toBeUndefined();
    expect(nounPhraseOf('percent (Tw)', anyNoun)).toBeUndefined();
    expect(nounPhraseOf('see 東西|东西[dong1 xi5]', anyNoun)).toBeUndefined();
    expect(nounPhraseOf('the emergency number for law enforcement', anyNoun)).toBeUndefined();
    expect(nounPhraseOf('to jump rope', anyNoun)).toBeUndefined();
    expect(nounPhraseOf('beautiful', (p) => p !== 'beautiful')).toBeUndefined();
  });
});

describe('glossaryRows', () => {
  it('keeps common nouns of 1–4 characters, prefers the entry with a classifier, drops names', () => {
    const rows = glossaryRows(
      [
        entry('花', 'Hua1', ['surname Hua']),
        entry('花', 'hua1', ['flower', 'CL:朵[duo3]']),
        entry('东西', 'dong1 xi1', ['east and west']),
        entry('东西', 'dong1 xi5', ['thing', 'CL:個|个[ge4]']),
        entry('北京', 'Bei3 jing1', ['Beijing']),
        entry('好', 'hao3', ['good']),
        entry('企鹅', 'qi3 e2', ['penguin']),
        entry('中华人民共和国', 'zhong1 hua2', ['country']),
      ],
      anyNoun,
    );
    expect(rows).toEqual([
      ['东西', 'thing'],
      ['企鹅', 'penguin'],
      ['花', 'flower'],
    ]);
  });
});

describe('data/zh/glossary.tsv', () => {
  it('is what the tool writes from the installed CC-CEDICT (rerun build-glossary after an update)', () => {
    const { entries, version } = readCedict();
    const expected = glossaryText(glossaryRows(entries, englishNounTest()), version);
    const file = join(DataFolder.beside(import.meta.url, '../../data/zh').path, 'glossary.tsv');
    expect(readFileSync(file, 'utf8') === expected).toBe(true);
  });
});
