// A vocabulary: canonical names (what a service stores or reports) and the surface forms that mean
// each of them in running text, with lookup of a phrase by its normalised text.

/** Canonical name → surface forms, as the data files hold it. */
export type Lexicon = Readonly<Record<string, readonly string[]>>;

export interface Concept {
  readonly canonical: string;
  /** Every surface form, in the order the data files give them, without repeats. */
  readonly forms: readonly string[];
}

/** Lower case, NFKC, one kind of apostrophe, single spaces: how a phrase is looked up. */
export function normalisePhrase(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
}

export class Vocabulary {
  private index?: ReadonlyMap<string, string>;

  /** Kept in a Map: a plain object would also answer for "constructor" or "__proto__". */
  private constructor(private readonly forms: ReadonlyMap<string, readonly string[]>) {}

  /**
   * The union of `lexicons`: a concept's forms are those of every lexicon that names it; concepts
   * keep the order in which they first appear.
   */
  static fromLexicons(...lexicons: Lexicon[]): Vocabulary {
    const merged = new Map<string, string[]>();
    for (const lexicon of lexicons) {
      for (const [canonical, forms] of Object.entries(lexicon)) {
        const known = merged.get(canonical) ?? [];
        merged.set(canonical, known);
        for (const form of forms) if (!known.includes(form)) known.push(form);
      }
    }
    return new Vocabulary(merged);
  }

  get size(): number {
    return this.forms.size;
  }

  canonicalNames(): string[] {
    return [...this.forms.keys()];
  }

  concepts(): Concept[] {
    return [...this.forms].map(([canonical, forms]) => ({ canonical, forms }));
  }

  /** The surface forms of a canonical name; none for a name the vocabulary does not hold. */
  formsOf(canonical: string): readonly string[] {
    return this.forms.get(canonical) ?? [];
  }

  /** The canonical name a phrase means (compared after `normalisePhrase`), if any. */
  canonicalOf(phrase: string): string | undefined {
    if (!this.index) {
      const index = new Map<string, string>();
      for (const [canonical, forms] of this.forms) {
        for (const form of forms) {
          const key = normalisePhrase(form);
          const other = index.get(key);
          if (other !== undefined && other !== canonical)
            throw new Error(`vocabulary: "${form}" means both "${other}" and "${canonical}"`);
          index.set(key, canonical);
        }
      }
      this.index = index;
    }
    return this.index.get(normalisePhrase(phrase));
  }

  /** This vocabulary with the forms and concepts of `lexicons` added (see `fromLexicons`). */
  extendedWith(...lexicons: Lexicon[]): Vocabulary {
    return Vocabulary.fromLexicons(this.toLexicon(), ...lexicons);
  }

  /**
   * Narrower concepts folded into a broader one: with `{ wood: ['beech', 'oak'] }` the forms of
   * "beech" and "oak" become forms of "wood", and those two names are no longer canonical. For a
   * consumer that keeps only the broader name (a graph node "wood"); another keeps them apart.
   */
  foldedInto(kinds: Lexicon): Vocabulary {
    const broaderOf = new Map<string, string>();
    for (const [broader, narrower] of Object.entries(kinds)) {
      if (!this.forms.has(broader)) throw new Error(`vocabulary: cannot fold into unknown "${broader}"`);
      for (const name of narrower) {
        if (!this.forms.has(name)) throw new Error(`vocabulary: cannot fold unknown "${name}"`);
        if (kinds[name]) throw new Error(`vocabulary: "${name}" is folded and has kinds of its own`);
        broaderOf.set(name, broader);
      }
    }
    const folded = new Map<string, string[]>();
    for (const [canonical, forms] of this.forms) {
      const target = broaderOf.get(canonical) ?? canonical;
      const known = folded.get(target) ?? [];
      folded.set(target, known);
      for (const form of forms) if (!known.includes(form)) known.push(form);
    }
    return new Vocabulary(folded);
  }

  toLexicon(): Lexicon {
    return Object.fromEntries([...this.forms].map(([canonical, forms]) => [canonical, [...forms]]));
  }
}
