import { describe, expect, it } from '@jest/globals';
import { interestTerms, productTerms } from './product-terms.js';

describe('product terms', () => {
  it('finds a product by the singular of what names it, and by its description more weakly', () => {
    const terms = productTerms({
      title: 'Dinosaur Floor Puzzle, 48 Pieces',
      brand: 'Ravensburger',
      categoryPath: ['Toys', 'Puzzles'],
      attributes: { theme: 'T-Rex and friends' },
      description: 'Six dinosaurs from the Jurassic era for little palaeontologists.',
    });
    expect(terms.strong).toEqual(
      expect.arrayContaining(['dinosaur', 'puzzle', 'piece', 'ravensburger', 'rex']),
    );
    expect(terms.weak).toEqual(expect.arrayContaining(['jurassic', 'palaeontologist']));
    expect(terms.weak).not.toContain('dinosaur'); // already a strong term
    expect(terms.strong).not.toContain('the');
  });

  it('reads an interest as the words a product must all have, compared the same way', () => {
    expect(interestTerms('board games')).toEqual(['board', 'game']);
    expect(interestTerms('Horses')).toEqual(['horse']);
  });
});
