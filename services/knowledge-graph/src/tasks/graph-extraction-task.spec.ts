import { describe, expect, it } from '@jest/globals';
import { constrainToOntology, graphExtractionTask } from './graph-extraction-task.js';

describe('graph extraction task', () => {
  it('drops relations outside the ontology and ill-typed ages, and resolves objects', () => {
    const { triples, dropped } = constrainToOntology(
      'p1',
      {
        facts: [
          { relation: 'BRAND', object: 'The LEGO Group', confidence: 0.9 },
          { relation: 'made_of', object: 'Solid Oak', confidence: 0.8 },
          { relation: 'AGE_MIN', object: 'three', confidence: 0.7 },
          { relation: 'AGE_MAX', object: '12', confidence: 0.7 },
          { relation: 'PRICE', object: '12.99', confidence: 1 },
          { relation: 'PRAISED_FOR', object: 'quality', confidence: 1 },
        ],
      },
      'evt-1',
      'llm',
    );
    expect(triples.map((t) => `${t.relation}=${t.object}`)).toEqual([
      'BRAND=lego',
      'MADE_OF=wood',
      'AGE_MAX=12',
    ]);
    expect(dropped).toBe(3);
    expect(triples[0].provenance).toEqual({ sourceEventId: 'evt-1', extractor: 'llm', confidence: 0.9 });
  });

  it('has a local implementation that answers in the same schema', async () => {
    const task = graphExtractionTask();
    const out = await task.local({
      id: 'p1',
      title: 'Wooden Puzzle',
      brand: 'Hape',
      categoryPath: ['Toys', 'Puzzles'],
      description: 'For ages 3+.',
      attributes: {},
    });
    expect(task.output.parse(out).facts).toEqual(
      expect.arrayContaining([{ relation: 'AGE_MIN', object: 3, confidence: 0.8 }]),
    );
  });
});
