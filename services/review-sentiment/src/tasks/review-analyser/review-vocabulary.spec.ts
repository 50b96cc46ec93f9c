import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  analyserDataDir,
  CLAUSE_WORD_SETS,
  loadReviewVocabulary,
  reviewVocabulary,
} from './review-vocabulary.js';

const here = dirname(fileURLToPath(import.meta.url));
const english = join(here, 'data', 'en');

/** A copy of the English data with one file replaced, loaded. */
function loadWith(file: string, content: string): () => unknown {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-vocabulary-'));
    try {
      cpSync(english, dir, { recursive: true });
      writeFileSync(join(dir, file), content);
      return loadReviewVocabulary(dir, 'en');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

describe('review vocabulary', () => {
  it('loads the English data: words, idioms, intensity, emoticons and every word set the rules name', () => {
    const en = reviewVocabulary('en');
    expect(en.lexicon.get('sturdy')).toBe(2);
    expect(en.lexicon.get('cheap')).toBe(-0.5);
    expect(en.intensity.get('very')).toBe(1.4);
    expect(en.intensity.get('slightly')).toBe(0.5);
    expect(en.emoticons.get(':(')).toBe(-2);
    expect(en.phrases.phrases.length).toBeGreaterThan(300);
    for (const name of CLAUSE_WORD_SETS) expect(en.words[name].size).toBeGreaterThan(0);
    expect(en.words.dismissals.has('not a big deal')).toBe(true);
    expect(en.words.quotes.has('"')).toBe(true);
    expect(en.spellings.get('recomend')).toBe('recommend');
    expect(reviewVocabulary('en')).toBe(en); // read once
  });

  it('finds the data in the sources when running compiled code from dist/', () => {
    const root = here.slice(0, here.lastIndexOf(`${sep}services${sep}`));
    const compiled = join(root, 'dist', here.slice(root.length));
    expect(analyserDataDir(compiled)).toBe(join(here, 'data'));
    expect(analyserDataDir(here)).toBe(join(here, 'data'));
    expect(() => analyserDataDir(tmpdir())).toThrow(/no analyser data folder/);
  });

  it('refuses a word listed twice, a valence that is not a number, and a wrong column count', () => {
    const lexicon = readFileSync(join(english, 'sentiment-lexicon.tsv'), 'utf8');
    expect(loadWith('sentiment-lexicon.tsv', `${lexicon}sturdy\t2\n`)).toThrow(/"sturdy" is listed twice/);
    expect(loadWith('sentiment-lexicon.tsv', 'sturdy\tvery\n')).toThrow(
      /sentiment-lexicon\.tsv:1: "very" is not a number/,
    );
    expect(loadWith('intensity.tsv', 'very\n')).toThrow(/intensity\.tsv:1: expected 2–2/);
  });

  it('refuses a phrase flag other than "fixed" and a pattern with stray spaces', () => {
    expect(loadWith('review-phrases.tsv', 'on arrival\t-0.5\tyes\n')).toThrow(/"fixed" or absent/);
    expect(loadWith('review-phrases.tsv', 'on  arrival\t-0.5\n')).toThrow(/single spaces/);
  });

  it('refuses a word set no rule uses and a missing one', () => {
    const words = readFileSync(join(english, 'clause-words.tsv'), 'utf8');
    expect(loadWith('clause-words.tsv', `${words}contrasts\tbut\n`)).toThrow(
      /no rule uses a set "contrasts"/,
    );
    const withoutDismissals = words.replace(/^dismissals\t.*\n/m, '');
    expect(loadWith('clause-words.tsv', withoutDismissals)).toThrow(/missing word sets dismissals/);
  });
});
