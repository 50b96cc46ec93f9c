// Whole turns of the guide on a small catalogue, with the slots each message states given by hand.
import { describe, expect, it } from '@jest/globals';
import { aGuideCandidate, eur } from './guide-candidate.fixture.js';
import { EMPTY_PROFILE, type GuideProfile } from './guide-profile.js';
import { NEW_CONVERSATION, type GuideState } from './guide-state.js';
import { answerTurn, openConversation } from './guide-turn.js';
import { mergeTurn } from './merge-turn.js';

const product = aGuideCandidate;
// Best first, as the recommender would rank them.
const catalogue = [
  product('lego', 'Dinosaur Lego Set', 2999n, { ageMinMonths: 72 }),
  product('marbles', 'Dinosaur Marble Run', 2599n, {
    ageMinMonths: 36,
    description: 'Small parts. Not for children under 3.',
  }),
  product('puzzle', 'Dinosaur Floor Puzzle', 1999n, { ageMinMonths: 36 }, { materials: ['cardboard'] }),
  product('plush', 'Dinosaur Plush', 1499n, {}),
  product('dig', 'Dinosaur Dig Kit', 2499n, { ageMinMonths: 48 }),
  product('book', 'Big Book of Dinosaurs', 1299n, { ageMinMonths: 24 }),
  product('car', 'Racing Car', 1999n, { ageMinMonths: 36 }),
];
const said = (p: Partial<GuideProfile> = {}): GuideProfile => ({ ...EMPTY_PROFILE, ...p });
const turn = (state: GuideState, slots: Partial<GuideProfile>, text: string, k = 0) =>
  answerTurn(mergeTurn(state, said(slots), text), catalogue, k);

describe('guide turns', () => {
  it('opens without counting a question', () => {
    const open = openConversation();
    expect(open.state.questionsAsked).toBe(0);
    expect(open.missing).toEqual(['recipient', 'age', 'interests', 'budget', 'occasion', 'constraints']);
  });

  it('recommends at once when the first message says enough: safe, in budget, on theme, 5 by default', () => {
    const a = turn(
      NEW_CONVERSATION,
      { ageMonths: 48, recipient: 'niece', interests: ['dinosaur'], budgetMax: eur(3000n) },
      '…',
    );
    expect(a.recommended).toBe(true);
    // Not the Lego (6+); the plush has no known minimum age but she is over 3.
    expect(a.picks.map((c) => c.product.id)).toEqual(['marbles', 'puzzle', 'plush', 'dig', 'book']);
    expect(a.state.shown.map((s) => s.id)).toEqual(['marbles', 'puzzle', 'plush', 'dig', 'book']);
    expect(a.missing).toEqual(['occasion', 'constraints']);
  });

  it('asks at most three questions, one at a time, then recommends', () => {
    let a = turn(NEW_CONVERSATION, {}, 'I need a present');
    expect([a.question, a.text]).toEqual(['age', 'How old is the child?']);
    a = turn(a.state, {}, 'not sure');
    expect(a.question).toBe('interests');
    a = turn(a.state, { interests: ['dinosaur'] }, 'dinosaurs');
    expect(a.question).toBe('budget');
    expect(a.state.questionsAsked).toBe(3);
    a = turn(a.state, {}, 'whatever');
    // No fourth question. The age was never given, so it is judged as a newborn's: nothing in this
    // catalogue is safe for one, and the guide says so rather than relax a safety rule.
    expect(a.question).toBeUndefined();
    expect(a.picks).toEqual([]);
    expect(a.text).toMatch(/^I'm sorry — I couldn't find anything in the shop that is safe and fits/);
  });

  it('keeps everything with small parts or no known minimum age from a 2-year-old', () => {
    const a = turn(NEW_CONVERSATION, { ageMonths: 24, interests: ['dinosaur'], budgetMax: eur(5000n) }, '…');
    expect(a.picks.map((c) => c.product.id)).toEqual(['book']);
  });

  it('handles "cheaper", "something else" and "she already has that" after recommending', () => {
    const first = turn(
      NEW_CONVERSATION,
      { ageMonths: 48, interests: ['dinosaur'], budgetMax: eur(3000n) },
      '…',
      3,
    );
    expect(first.picks.map((c) => c.product.id)).toEqual(['marbles', 'puzzle', 'plush']);
    const cheaper = turn(first.state, {}, 'cheaper?', 3);
    // 70 % of the dearest shown (€25.99): up to €18.
    expect(cheaper.state.profile.budgetMax).toEqual(eur(1800n));
    expect(cheaper.picks.map((c) => c.product.id)).toEqual(['plush', 'book']);
    expect(cheaper.text.split('\n')[0]).toBe('Here are some cheaper ideas, up to €18:');
    const other = turn(first.state, {}, 'something else', 3);
    expect(other.picks.map((c) => c.product.id)).toEqual(['dig', 'book']);
    const has = turn(first.state, {}, 'she already has the plush', 3);
    expect(has.picks.map((c) => c.product.id)).toEqual(['marbles', 'puzzle', 'dig']);
  });

  it('says so and offers the nearest relaxation when nothing fits, and recommends on "yes"', () => {
    const a = turn(NEW_CONVERSATION, { ageMonths: 48, interests: ['dinosaur'], budgetMax: eur(1000n) }, '…');
    expect(a.picks).toEqual([]);
    expect(a.text).toBe(
      "I couldn't find anything up to €10 that fits. The nearest ideas cost up to €13 — shall I show you those?",
    );
    const yes = turn(a.state, {}, 'ok');
    expect(yes.picks.map((c) => c.product.id)).toEqual(['book']);
  });

  it('corrects the age ("actually she is 6") and recommends what suits the new age', () => {
    const first = turn(
      NEW_CONVERSATION,
      { ageMonths: 48, interests: ['dinosaur'], budgetMax: eur(3000n) },
      '…',
    );
    const older = turn(first.state, { ageMonths: 72 }, 'actually she is 6');
    expect(older.picks.map((c) => c.product.id)).toContain('lego');
  });
});
