// A Chinese–English glossary (data/zh/glossary.tsv, from CC-CEDICT; see the README): the English
// noun of a Chinese word, and the longest glossary word at a place in running text. Chinese has no
// spaces, so "the word at i" is the longest glossary entry that starts there (地球仪 before 地球).
// Loaded on first use and kept: the file is some 0.85 MB and 40 000 words.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFolder } from '../data-folder.js';

export interface GlossaryWord {
  word: string;
  english: string;
  start: number;
  end: number;
}

export interface LookupOptions {
  /** The shortest word to return; 2 leaves out the single-character nouns (球, 花, 书). */
  minLength?: number;
}

export class Glossary {
  private constructor(
    private readonly words: ReadonlyMap<string, string>,
    readonly maxLength: number,
  ) {}

  /** A glossary file's text: `#` comment lines, then `word<TAB>english` lines. */
  static parse(text: string, source = 'glossary'): Glossary {
    const words = new Map<string, string>();
    let maxLength = 0;
    text.split('\n').forEach((line, i) => {
      if (line === '' || line.startsWith('#')) return;
      const tab = line.indexOf('\t');
      if (tab <= 0 || tab === line.length - 1)
        throw new Error(`${source}:${i + 1}: expected word<TAB>english`);
      const word = line.slice(0, tab);
      words.set(word, line.slice(tab + 1));
      maxLength = Math.max(maxLength, word.length);
    });
    return new Glossary(words, maxLength);
  }

  get size(): number {
    return this.words.size;
  }

  /** The English noun phrase of a Chinese word, when the glossary has the word. */
  englishOf(word: string): string | undefined {
    return this.words.get(word);
  }

  /** The longest glossary word that starts at `at` in `text`. */
  wordAt(text: string, at: number, options: LookupOptions = {}): GlossaryWord | undefined {
    const min = options.minLength ?? 1;
    for (let len = Math.min(this.maxLength, text.length - at); len >= min; len--) {
      const word = text.slice(at, at + len);
      const english = this.words.get(word);
      if (english !== undefined) return { word, english, start: at, end: at + len };
    }
    return undefined;
  }

  /**
   * The glossary words of `text` from left to right, each the longest at its place; where none
   * starts, the next character is tried.
   */
  wordsIn(text: string, options: LookupOptions = {}): GlossaryWord[] {
    const found: GlossaryWord[] = [];
    for (let at = 0; at < text.length;) {
      const w = this.wordAt(text, at, options);
      if (w) found.push(w);
      at = w ? w.end : at + 1;
    }
    return found;
  }

  /** The longest glossary word that ends `text` (its head noun: 电热水壶 → 水壶 when 电热水壶 is missing). */
  headOf(text: string, options: LookupOptions = {}): GlossaryWord | undefined {
    const min = options.minLength ?? 1;
    for (let start = Math.max(0, text.length - this.maxLength); start <= text.length - min; start++) {
      const word = text.slice(start);
      const english = this.words.get(word);
      if (english !== undefined) return { word, english, start, end: text.length };
    }
    return undefined;
  }
}

export const GLOSSARY_LANGUAGES = ['zh'] as const;
export type GlossaryLanguage = (typeof GLOSSARY_LANGUAGES)[number];

const loaded = new Map<GlossaryLanguage, Glossary>();

/** The glossary of `language` (into English), read from data/<language>/glossary.tsv once. */
export function loadGlossary(language: GlossaryLanguage): Glossary {
  let glossary = loaded.get(language);
  if (!glossary) {
    const file = join(DataFolder.beside(import.meta.url, `../../data/${language}`).path, 'glossary.tsv');
    glossary = Glossary.parse(readFileSync(file, 'utf8'), file);
    loaded.set(language, glossary);
  }
  return glossary;
}
