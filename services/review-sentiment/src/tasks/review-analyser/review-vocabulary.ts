// A language's review vocabulary, read from data/<language>/: word valences (sentiment-lexicon.tsv),
// idioms (review-phrases.tsv), intensifiers and diminishers (intensity.tsv), emoticons (emoticons.tsv),
// the word sets the clause rules name (clause-words.tsv) and common misspellings (spellings.tsv).
// Read and checked once per language and process; a malformed file stops the load with file and line.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataFolder } from '@shopmind/vocabulary';
import { PhraseBook, type PhraseSpec } from './review-phrases.js';

/** The word sets the clause rules name; clause-words.tsv must define exactly these. */
export const CLAUSE_WORD_SETS = [
  'contrast',
  'concession',
  'condition',
  'notContrastAfter',
  'temporalYetAfter',
  'quotes',
  'negators',
  'absenceNegators',
  'functionVerbs',
  'deniedAuxiliaries',
  'sarcasticOpeners',
  'earlierProduct',
  'earlierUnit',
  'comparedTo',
  'highPrice',
  'pricedIdioms',
  'dismissals',
  'nonexistent',
  'afterthought',
] as const;

export type ClauseWordSet = (typeof CLAUSE_WORD_SETS)[number];
export type ClauseWords = Readonly<Record<ClauseWordSet, ReadonlySet<string>>>;

export interface ReviewVocabulary {
  readonly language: string;
  /** Word (normal form or lemma) → valence, -3 … 3. */
  readonly lexicon: ReadonlyMap<string, number>;
  /** Intensifiers (factor above 1) and diminishers (below 1). */
  readonly intensity: ReadonlyMap<string, number>;
  /** Emoticons and emoji → valence. */
  readonly emoticons: ReadonlyMap<string, number>;
  readonly phrases: PhraseBook;
  readonly words: ClauseWords;
  /** Misspelling or chat spelling → the dictionary form ("recomend" → "recommend"). */
  readonly spellings: ReadonlyMap<string, string>;
}

const loaded = new Map<string, ReviewVocabulary>();

/** The vocabulary of a language that has a data folder, loaded on first use. */
export function reviewVocabulary(language = 'en'): ReviewVocabulary {
  let vocabulary = loaded.get(language);
  if (!vocabulary) {
    vocabulary = loadReviewVocabulary(join(analyserDataDir(), language), language);
    loaded.set(language, vocabulary);
  }
  return vocabulary;
}

export function loadReviewVocabulary(dir: string, language: string): ReviewVocabulary {
  return {
    language,
    lexicon: valenceTable(join(dir, 'sentiment-lexicon.tsv')),
    intensity: valenceTable(join(dir, 'intensity.tsv')),
    emoticons: valenceTable(join(dir, 'emoticons.tsv')),
    phrases: new PhraseBook(phraseSpecs(join(dir, 'review-phrases.tsv'))),
    words: clauseWords(join(dir, 'clause-words.tsv')),
    spellings: new Map(entries(join(dir, 'spellings.tsv')).map(([entry, meant]) => [entry, meant])),
  };
}

/**
 * The data folder beside this file: in the sources, also when running compiled code from dist/
 * (DataFolder.beside maps dist/ back to the sources, which the image ships).
 */
export function analyserDataDir(here = dirname(fileURLToPath(import.meta.url))): string {
  try {
    return DataFolder.beside(pathToFileURL(join(here, 'review-vocabulary.js')).href, 'data').path;
  } catch (err) {
    throw new Error(`review-sentiment: no analyser data folder (${(err as Error).message})`);
  }
}

interface Row {
  readonly cells: readonly string[];
  readonly at: string;
}

/** The rows of a tab-separated file; blank lines and lines starting with "#" are skipped. */
function rowsOf(file: string, columns: { min: number; max: number }): Row[] {
  const rows: Row[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '' || line.startsWith('#')) return;
      const at = `${file}:${index + 1}`;
      const cells = line.split('\t');
      if (cells.length < columns.min || cells.length > columns.max)
        throw new Error(
          `${at}: expected ${columns.min}–${columns.max} tab-separated columns, got ${cells.length}`,
        );
      rows.push({ cells, at });
    });
  return rows;
}

function numberAt(text: string, at: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`${at}: "${text}" is not a number`);
  return Number(text);
}

/** entry<TAB>value lines with their place; an entry listed twice is an error (which value would count?). */
function entries(file: string): Array<[entry: string, value: string, at: string]> {
  const seen = new Set<string>();
  return rowsOf(file, { min: 2, max: 2 }).map(({ cells, at }) => {
    const [entry, value] = cells as [string, string];
    if (seen.has(entry)) throw new Error(`${at}: "${entry}" is listed twice`);
    seen.add(entry);
    return [entry, value, at];
  });
}

function valenceTable(file: string): ReadonlyMap<string, number> {
  return new Map(entries(file).map(([entry, value, at]) => [entry, numberAt(value, at)]));
}

/** pattern<TAB>valence[<TAB>fixed] lines, in file order (it breaks ties between phrases of one length). */
function phraseSpecs(file: string): PhraseSpec[] {
  return rowsOf(file, { min: 2, max: 3 }).map(({ cells, at }) => {
    const [pattern, value, flag] = cells as [string, string, string | undefined];
    if (flag !== undefined && flag !== 'fixed')
      throw new Error(`${at}: third column must be "fixed" or absent`);
    if (!/^\S+( \S+)*$/.test(pattern))
      throw new Error(`${at}: pattern must be slots separated by single spaces`);
    return { pattern, value: numberAt(value, at), fixed: flag === 'fixed' };
  });
}

/** set<TAB>member, member, … lines; a set may span lines. */
function clauseWords(file: string): ClauseWords {
  const sets = new Map<ClauseWordSet, Set<string>>();
  for (const { cells, at } of rowsOf(file, { min: 2, max: 2 })) {
    const [name, members] = cells as [string, string];
    if (!isClauseWordSet(name)) throw new Error(`${at}: no rule uses a set "${name}"`);
    const set = sets.get(name) ?? new Set<string>();
    for (const member of members.split(',').map((m) => m.trim())) {
      if (!member) throw new Error(`${at}: empty member in "${name}"`);
      set.add(member);
    }
    sets.set(name, set);
  }
  const missing = CLAUSE_WORD_SETS.filter((name) => !sets.has(name));
  if (missing.length > 0) throw new Error(`${file}: missing word sets ${missing.join(', ')}`);
  const setOf = (name: ClauseWordSet): ReadonlySet<string> => sets.get(name)!;
  return Object.fromEntries(CLAUSE_WORD_SETS.map((name) => [name, setOf(name)])) as Record<
    ClauseWordSet,
    ReadonlySet<string>
  >;
}

function isClauseWordSet(name: string): name is ClauseWordSet {
  return (CLAUSE_WORD_SETS as readonly string[]).includes(name);
}
