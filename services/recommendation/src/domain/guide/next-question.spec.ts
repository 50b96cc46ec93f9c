import { describe, expect, it } from '@jest/globals';
import { EMPTY_PROFILE, type GuideProfile } from './guide-profile.js';
import { missingSlots, nextQuestion } from './next-question.js';

const eur = (amountMinor: bigint) => ({ currency: 'EUR', amountMinor });
const profile = (p: Partial<GuideProfile>): GuideProfile => ({ ...EMPTY_PROFILE, ...p });

describe('next question', () => {
  it('asks for the age first, then interests, then the budget', () => {
    expect(nextQuestion(profile({}), 0)).toBe('age');
    expect(nextQuestion(profile({ ageMonths: 48 }), 1)).toBe('interests');
    expect(nextQuestion(profile({ ageMonths: 48, interests: ['dinosaur'] }), 2)).toBe('budget');
  });

  it('recommends once age, an interest and a budget are known, without asking recipient or occasion', () => {
    expect(
      nextQuestion(profile({ ageMonths: 48, interests: ['dinosaur'], budgetMax: eur(3000n) }), 0),
    ).toBeUndefined();
  });

  it('does not ask the age of a colleague or of the shopper themself', () => {
    expect(nextQuestion(profile({ recipient: 'colleague' }), 0)).toBe('interests');
  });

  it('never repeats a question and moves on to recipient and occasion when an answer did not come', () => {
    expect(nextQuestion(profile({ budgetMax: eur(2000n) }), 1, ['age'])).toBe('interests');
    expect(
      nextQuestion(profile({ interests: ['lego'], budgetMax: eur(2000n) }), 2, ['age', 'interests']),
    ).toBe('recipient');
  });

  it('recommends after three questions, whatever is missing', () => {
    expect(nextQuestion(profile({}), 3, ['age', 'interests', 'budget'])).toBeUndefined();
  });

  it('lists the slots still unknown by their reply names', () => {
    expect(missingSlots(profile({ recipient: 'colleague', interests: ['tea'] }))).toEqual([
      'age',
      'budget',
      'occasion',
      'constraints',
    ]);
  });
});
