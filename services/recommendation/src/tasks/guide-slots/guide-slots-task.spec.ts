import { describe, expect, it } from '@jest/globals';
import { guideSlotsTask, slotsOf } from './guide-slots-task.js';

describe('guide slots task', () => {
  const task = guideSlotsTask();

  it('keeps the shopper message out of the system prompt and states the default currency', () => {
    const prompt = task.buildPrompt({
      text: 'a Wobblosaurus for Ottilie, about 30',
      defaultCurrency: 'GBP',
      expecting: 'budget',
    });
    expect(prompt.system).not.toContain('Ottilie');
    expect(prompt.data).toEqual({ message: 'a Wobblosaurus for Ottilie, about 30' });
    expect(prompt.instructions).toContain('GBP');
    expect(prompt.instructions).toContain('"budget"');
  });

  it('has a local implementation that answers in the output schema', async () => {
    const out = await task.local({
      text: 'my 4 year old niece loves dinosaurs, around 30 euros',
      defaultCurrency: 'EUR',
    });
    expect(task.output.parse(out)).toEqual({
      ageMonths: 48,
      recipient: 'niece',
      occasion: null,
      interests: ['dinosaur'],
      constraints: [],
      budgetMin: null,
      budgetMax: { currency: 'EUR', amount: 30 },
    });
  });

  it('turns an answer into the profile: amounts in minor units, interests singular and once', () => {
    expect(
      slotsOf({
        ageMonths: null,
        recipient: 'son',
        occasion: 'christmas',
        interests: ['Dinosaurs', 'dinosaur', 'board games'],
        constraints: ['quiet', 'quiet'],
        budgetMin: { currency: 'GBP', amount: 12.5 },
        budgetMax: { currency: 'JPY', amount: 3000 },
      }),
    ).toEqual({
      recipient: 'son',
      occasion: 'christmas',
      interests: ['dinosaur', 'board game'],
      constraints: ['quiet'],
      budgetMin: { currency: 'GBP', amountMinor: 1250n },
      budgetMax: { currency: 'JPY', amountMinor: 3000n },
    });
  });
});
