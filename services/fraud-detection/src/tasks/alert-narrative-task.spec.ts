import { describe, expect, it } from '@jest/globals';
import { alertNarrativeTask } from './alert-narrative-task.js';

describe('alert narrative (local template)', () => {
  it('explains the main reasons and suggests the matching checks, within the output schema', async () => {
    const out = await alertNarrativeTask.local({
      score: 0.97,
      decision: 'decline',
      amount: 3,
      currency: 'EUR',
      categories: ['Gift cards'],
      reasons: [
        {
          code: 'rule:card-testing-burst',
          description: 'many small orders with different cards',
          value: 0,
          contribution: 1,
        },
        {
          code: 'model:card_testing',
          description: 'small orders with different cards in the last hour',
          value: 6,
          contribution: 2.1,
        },
        { code: 'deny_list:card', description: 'card is on the deny list', value: 0, contribution: 1 },
      ],
    });
    expect(alertNarrativeTask.output.parse(out)).toEqual(out);
    expect(out.narrative).toMatch(/97 \/ 100.*decline.*many small orders/s);
    expect(out.checks).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Block the device/),
        expect.stringMatching(/deny-listed/),
      ]),
    );
  });

  it('sends no identifiers to the model: only scores, amounts, categories and reasons', () => {
    const prompt = alertNarrativeTask.buildPrompt({
      score: 0.8,
      decision: 'review',
      amount: 10,
      currency: 'EUR',
      categories: ['Toys'],
      reasons: [],
    });
    expect(Object.keys(prompt.data as Record<string, unknown>).sort()).toEqual([
      'amount',
      'categories',
      'currency',
      'decision',
      'reasons',
      'score',
    ]);
  });
});
