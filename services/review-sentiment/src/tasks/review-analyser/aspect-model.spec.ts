import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { clauseFeatures, polarityFeatures } from './aspect-features.js';
import { AspectModel, fitAspectModel } from './aspect-model.js';
import { ASPECTS } from './aspect-taxonomy.js';
import { ASPECT_WEIGHTS } from './aspect-weights.js';
import { tokenizeReview } from './review-tokenizer.js';

const tokens = (text: string) => tokenizeReview(text)[0]!.tokens;

describe('the shipped aspect model', () => {
  it('was trained on the training file as it is now (retrain with src/tools/review-aspects-train.ts after editing it)', () => {
    const trainedOn = ASPECT_WEIGHTS.trainedOn as { data: string; data_sha256: string };
    const data = readFileSync(trainedOn.data);
    expect(createHash('sha256').update(data).digest('hex')).toBe(trainedOn.data_sha256);
    expect(ASPECT_WEIGHTS.aspects).toEqual(ASPECTS.map((a) => a.name));
  });
});

describe('aspect features', () => {
  it('gives lemmas, pairs of neighbouring lemmas and the aspects the taxonomy cue words name', () => {
    const features = clauseFeatures(tokens('The case scratches easily'));
    expect(features).toEqual(
      expect.arrayContaining(['w:scratch', 'w:easily', 'b:scratch_easily', 'lex:durability']),
    );
  });

  it('lets the nearest opinion the rules found speak for a clause: its own, else its sentence’s, else the review’s', () => {
    const t = tokens('smaller than the photos');
    expect(polarityFeatures(t, { clause: -2, sentence: 1, review: 4 })).toContain('rule:clause:-mid');
    expect(polarityFeatures(t, { clause: 0, sentence: -0.5, review: 4 })).toContain('rule:sentence:-small');
    const fromReview = polarityFeatures(t, { clause: 0, sentence: 0, review: 4 });
    expect(fromReview).toContain('rule:review:+large');
    expect(fromReview.filter((f) => f.startsWith('rule:'))).toHaveLength(1);
  });
});

describe('fitAspectModel', () => {
  it('learns from review-level labels which clause carries an aspect (the max over clauses)', () => {
    // Reviews about durability always have a clause with "broke"; "great" comes with any aspect.
    const items = [
      { clauses: [['w:great'], ['w:broke']], aspects: new Set(['durability']) },
      { clauses: [['w:broke', 'w:strap']], aspects: new Set(['durability']) },
      { clauses: [['w:great'], ['w:battery']], aspects: new Set(['battery']) },
      { clauses: [['w:battery', 'w:dies']], aspects: new Set(['battery']) },
      { clauses: [['w:great']], aspects: new Set<string>() },
    ];
    const fitted = fitAspectModel(items, ['durability', 'battery'], {
      epochs: 300,
      learningRate: 0.05,
      l2: 0,
    });
    const weights = Object.fromEntries(
      [...fitted.weights].map(([f, w]) => [f, { durability: w[0]!, battery: w[1]! }]),
    );
    const model = new AspectModel({
      version: 'test',
      aspects: ['durability', 'battery'],
      bias: fitted.bias,
      weights,
      threshold: 0,
      polarity: { bias: 0, weights: {} },
      trainedOn: {},
    });
    expect(model.found(['w:broke']).map((f) => f.aspect)).toEqual(['durability']);
    expect(model.found(['w:battery']).map((f) => f.aspect)).toEqual(['battery']);
    expect(model.found(['w:great'])).toEqual([]);
    expect(
      fitAspectModel(items, ['durability', 'battery'], { epochs: 300, learningRate: 0.05, l2: 0 }),
    ).toEqual(fitted);
  });

  it('reads the polarity weights as a lean between -1 and 1', () => {
    const model = new AspectModel({
      version: 'test',
      aspects: [],
      bias: [],
      weights: {},
      threshold: 0,
      polarity: { bias: 0, weights: { 'w:love': 3, 'w:broke': -3 } },
      trainedOn: {},
    });
    expect(model.lean(['w:love'])).toBeCloseTo(2 / (1 + Math.exp(-3)) - 1, 10);
    expect(model.lean(['w:broke'])).toBeLessThan(-0.9);
    expect(model.lean([])).toBe(0);
  });
});
