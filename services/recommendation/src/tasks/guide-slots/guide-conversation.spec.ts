// The headline conversation on the local tier: the shopper's own words, read by the local
// slot extractor, folded into the conversation and answered by the pure guide.
import { describe, expect, it } from '@jest/globals';
import { aGuideCandidate } from '../../domain/guide/guide-candidate.fixture.js';
import { expectedSlot, NEW_CONVERSATION, type GuideState } from '../../domain/guide/guide-state.js';
import { answerTurn, type GuideAnswer } from '../../domain/guide/guide-turn.js';
import { mergeTurn } from '../../domain/guide/merge-turn.js';
import { guideSlotsTask, slotsOf } from './guide-slots-task.js';

const task = guideSlotsTask();
const product = aGuideCandidate;
const shop = [
  product('kit', 'Dinosaur Excavation Kit', 2299n, { ageMinMonths: 96, description: 'Small parts.' }),
  product('lamp', 'Dinosaur Night Light', 2799n, { ageMinMonths: 36, description: 'Needs 3 AAA batteries.' }),
  product('puzzle', 'Dinosaur Floor Puzzle, 24 pieces', 1999n, {}, { ageMin: 3, materials: ['cardboard'] }),
  product('figures', 'Dinosaur Figures Set', 1499n, { ageMinMonths: 36 }, { features: ['small parts'] }),
  product('book', 'My First Dinosaur Book', 999n, { ageMinMonths: 12 }),
  product('drum', 'Toy Drum', 2499n, { ageMinMonths: 24 }),
];

async function say(state: GuideState, text: string): Promise<GuideAnswer> {
  const slots = slotsOf(await task.local({ text, defaultCurrency: 'EUR', expecting: expectedSlot(state) }));
  return answerTurn(mergeTurn(state, slots, text), shop, 0);
}

describe('shopping guide conversation on the local tier', () => {
  it('recommends safe dinosaur presents within budget from the first message, with reasons', async () => {
    const a = await say(
      NEW_CONVERSATION,
      "I'm looking for a present for my 4 year old niece, she loves dinosaurs, around 30 euros",
    );
    expect(a.question).toBeUndefined();
    expect(a.picks.map((c) => c.product.id)).toEqual(['lamp', 'puzzle', 'figures', 'book']);
    expect(a.text.split('\n')[2]).toBe(
      '- Dinosaur Floor Puzzle, 24 pieces (€19.99) — ages 3+, right for a 4-year-old; for a dinosaur fan; €19.99, within your €30',
    );
  });

  it('asks one question at a time and takes a bare answer for the slot asked', async () => {
    let a = await say(NEW_CONVERSATION, 'a gift for my nephew please');
    expect(a.text).toBe('How old is your nephew?');
    a = await say(a.state, '2');
    expect(a.state.profile.ageMonths).toBe(24);
    expect(a.text).toBe('What is he into — dinosaurs, drawing, football, books…?');
    a = await say(a.state, 'dinosaurs! nothing with batteries');
    expect(a.text).toBe('Roughly how much would you like to spend?');
    a = await say(a.state, '20');
    // Only the book: the figures have small parts, the graph says the puzzle is for ages 3+.
    expect(a.picks.map((c) => c.product.id)).toEqual(['book']);
  });

  it('follows refinements: cheaper, she already has that, actually she is 6', async () => {
    const first = await say(NEW_CONVERSATION, 'my 4 year old niece loves dinosaurs, around 30 euros');
    const cheaper = await say(first.state, 'anything cheaper?');
    // 70 % of the night light's €27.99: up to €19.
    expect(cheaper.picks.map((c) => c.product.id)).toEqual(['figures', 'book']);
    const has = await say(first.state, 'she already has the night light');
    expect(has.picks.map((c) => c.product.id)).toEqual(['puzzle', 'figures', 'book']);
    const older = await say(first.state, 'actually she is 8');
    expect(older.picks.map((c) => c.product.id)).toContain('kit');
  });
});
