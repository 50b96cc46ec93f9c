// Reads a Simplified Chinese review for the ReviewAnalyser: the learned polarity model's log-odds
// for the whole review, and each clause with the aspects its cue words name (data/zh/aspect-cues.json,
// the English aspect taxonomy's names), its own learned lean and its offsets into the text.
import { readFileSync } from 'node:fs';
import { DataFolder } from '@shopmind/vocabulary';
import { ASPECTS, type AspectName } from '../aspect-taxonomy.js';
import { zhClauses } from './zh-clauses.js';
import { normaliseZh } from './zh-features.js';
import { ZhPolarityModel, type ZhPolarityWeights } from './zh-polarity-model.js';

export interface ZhClauseReading {
  /** The clause as written. */
  readonly text: string;
  readonly field: 'title' | 'body';
  /** Offsets of `text` in the field as given: field.slice(start, end) === text. */
  readonly start: number;
  readonly end: number;
  /** The learned model's log-odds that this clause alone is positive. */
  readonly logit: number;
  readonly aspects: readonly AspectName[];
}

export interface ZhReading {
  /** The learned model's log-odds that the review is positive. */
  readonly logit: number;
  readonly clauses: readonly ZhClauseReading[];
}

/** Cue words a clause names an aspect by, checked against the taxonomy when loaded. */
export type ZhAspectCues = ReadonlyMap<AspectName, readonly string[]>;

let shipped: { weights: ZhPolarityWeights; cues: ZhAspectCues } | undefined;

/** The shipped weights (zh-polarity-weights.json) and aspect cues (data/zh/aspect-cues.json). */
export function shippedZhModel(): { weights: ZhPolarityWeights; cues: ZhAspectCues } {
  if (!shipped) {
    const weightsFile = DataFolder.beside(import.meta.url, 'zh-polarity-weights.json').path;
    const weights = JSON.parse(readFileSync(weightsFile, 'utf8')) as ZhPolarityWeights;
    const lexicon = DataFolder.beside(import.meta.url, '../data/zh').lexicon('aspect-cues.json');
    shipped = { weights, cues: aspectCuesOf(lexicon) };
  }
  return shipped;
}

/** The cue lists by aspect; an aspect name the taxonomy does not know stops the load. */
export function aspectCuesOf(lexicon: Readonly<Record<string, readonly string[]>>): ZhAspectCues {
  const known = new Set<string>(ASPECTS.map((a) => a.name));
  const cues = new Map<AspectName, string[]>();
  for (const [aspect, words] of Object.entries(lexicon)) {
    if (!known.has(aspect)) throw new Error(`aspect-cues.json: unknown aspect ${aspect}`);
    cues.set(
      aspect as AspectName,
      words.map((w) => normaliseZh(w)),
    );
  }
  return cues;
}

export class ZhReviewReader {
  private readonly model: ZhPolarityModel;

  constructor(
    weights: ZhPolarityWeights,
    private readonly cues: ZhAspectCues,
  ) {
    this.model = new ZhPolarityModel(weights);
  }

  get version(): string {
    return this.model.model.version;
  }

  read(title: string, body: string): ZhReading {
    const clauses: ZhClauseReading[] = [];
    for (const [field, text] of [
      ['title', title],
      ['body', body],
    ] as const)
      for (const c of zhClauses(text))
        clauses.push({
          text: c.text,
          field,
          start: c.start,
          end: c.end,
          logit: this.model.logit(c.text),
          aspects: this.aspectsOf(c.text),
        });
    // The title is read as the review's first sentence.
    const whole = title ? `${title}。${body}` : body;
    return { logit: this.model.logit(whole), clauses };
  }

  private aspectsOf(clause: string): AspectName[] {
    const text = normaliseZh(clause);
    return [...this.cues].filter(([, words]) => words.some((w) => text.includes(w))).map(([a]) => a);
  }
}
