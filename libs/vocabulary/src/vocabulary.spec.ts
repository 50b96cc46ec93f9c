import { describe, expect, it } from '@jest/globals';
import { Vocabulary } from './vocabulary.js';

describe('Vocabulary', () => {
  it('merges the forms each lexicon gives a concept, in first-seen order and without repeats', () => {
    const v = Vocabulary.fromLexicons(
      { wood: ['wood', 'wooden'], glass: ['glass'] },
      { wood: ['holz', 'wood'], cork: ['kork'] },
    );
    expect(v.canonicalNames()).toEqual(['wood', 'glass', 'cork']);
    expect(v.formsOf('wood')).toEqual(['wood', 'wooden', 'holz']);
    expect(v.formsOf('steel')).toEqual([]);
  });

  it('looks a phrase up by its normalised text: case, apostrophes and spacing do not matter', () => {
    const v = Vocabulary.fromLexicons({ kids: ['kids', "children's"], 'cast iron': ['cast iron'] });
    expect(v.canonicalOf('Children’s')).toBe('kids');
    expect(v.canonicalOf('  CAST \n iron ')).toBe('cast iron');
    expect(v.canonicalOf('iron')).toBeUndefined();
  });

  it('knows no names it does not hold, not even those every object inherits', () => {
    const v = Vocabulary.fromLexicons({ wood: ['wood'] });
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(v.canonicalOf(name)).toBeUndefined();
      expect(v.formsOf(name)).toEqual([]);
    }
  });

  it('refuses a form that means two concepts', () => {
    const v = Vocabulary.fromLexicons({ steel: ['steel', 'inox'], 'stainless steel': ['inox'] });
    expect(() => v.canonicalOf('steel')).toThrow(/"inox" means both "steel" and "stainless steel"/);
  });

  it('adds an extension after its own concepts', () => {
    const v = Vocabulary.fromLexicons({ wood: ['wood'], glass: ['glass'] }).extendedWith({
      felt: ['felt'],
      wood: ['timber'],
    });
    expect(v.concepts()).toEqual([
      { canonical: 'wood', forms: ['wood', 'timber'] },
      { canonical: 'glass', forms: ['glass'] },
      { canonical: 'felt', forms: ['felt'] },
    ]);
  });

  it('folds narrower concepts into a broader one, which then answers for their forms', () => {
    const v = Vocabulary.fromLexicons({
      wood: ['wood'],
      beech: ['beech', 'beech wood'],
      glass: ['glass'],
      oak: ['oak'],
    }).foldedInto({ wood: ['beech', 'oak'] });
    expect(v.toLexicon()).toEqual({ wood: ['wood', 'beech', 'beech wood', 'oak'], glass: ['glass'] });
    expect(v.canonicalOf('Beech Wood')).toBe('wood');
    expect(v.formsOf('beech')).toEqual([]);
  });

  it('refuses to fold names it does not hold, or chains of kinds', () => {
    const v = Vocabulary.fromLexicons({ wood: ['wood'], beech: ['beech'], oak: ['oak'] });
    expect(() => v.foldedInto({ timber: ['beech'] })).toThrow(/unknown "timber"/);
    expect(() => v.foldedInto({ wood: ['teak'] })).toThrow(/unknown "teak"/);
    expect(() => v.foldedInto({ wood: ['beech'], beech: ['oak'] })).toThrow(/kinds of its own/);
  });
});
