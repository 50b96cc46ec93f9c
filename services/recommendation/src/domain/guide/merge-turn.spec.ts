import { describe, expect, it } from '@jest/globals';
import { EMPTY_PROFILE, type GuideProfile } from './guide-profile.js';
import { NEW_CONVERSATION, type GuideState } from './guide-state.js';
import { mergeTurn } from './merge-turn.js';

const eur = (amountMinor: bigint) => ({ currency: 'EUR', amountMinor });
const said = (p: Partial<GuideProfile> = {}): GuideProfile => ({ ...EMPTY_PROFILE, ...p });
const shown = [
  { id: 'p1', title: 'Dino Dig Kit', price: eur(2499n) },
  { id: 'p2', title: 'T-Rex Puzzle', price: eur(1899n) },
  { id: 'p3', title: 'Dinosaur Book', price: eur(1299n) },
];
const afterPicks = (p: Partial<GuideProfile>): GuideState => ({
  ...NEW_CONVERSATION,
  profile: said(p),
  shown,
  recommended: true,
});

describe('mergeTurn', () => {
  it('adds the slots a message states and replaces a stated age ("actually she is 6")', () => {
    const first = mergeTurn(
      NEW_CONVERSATION,
      said({ ageMonths: 48, recipient: 'niece', interests: ['dinosaur'] }),
      '…',
    );
    const second = mergeTurn(first.state, said({ ageMonths: 72 }), 'actually she is 6');
    expect(second.state.profile).toEqual(
      said({ ageMonths: 72, recipient: 'niece', interests: ['dinosaur'] }),
    );
    expect(second.refinements).toEqual(['age corrected']);
  });

  it('"cheaper": 70 % of the most expensive product shown, in whole units', () => {
    const { state, refinements } = mergeTurn(
      afterPicks({ budgetMax: eur(3000n) }),
      said(),
      'Something cheaper please',
    );
    expect(state.profile.budgetMax).toEqual(eur(1700n));
    expect(refinements).toEqual(['cheaper']);
  });

  it('"cheaper" with nothing priced shown: 70 % of the budget; with neither, nothing changes', () => {
    const state = { ...NEW_CONVERSATION, profile: said({ budgetMax: eur(3000n) }) };
    expect(mergeTurn(state, said(), 'less expensive?').state.profile.budgetMax).toEqual(eur(2100n));
    expect(mergeTurn(NEW_CONVERSATION, said(), 'cheaper').refinements).toEqual([]);
  });

  it('"something else" excludes every product shown', () => {
    const { state } = mergeTurn(afterPicks({}), said(), 'hmm, other ideas?');
    expect(state.excluded).toEqual(['p1', 'p2', 'p3']);
  });

  it('"she already has that" excludes the product named by position or title, else all shown', () => {
    expect(mergeTurn(afterPicks({}), said(), 'she already has the second one').state.excluded).toEqual([
      'p2',
    ]);
    expect(mergeTurn(afterPicks({}), said(), 'she already has the puzzle').state.excluded).toEqual(['p2']);
    expect(mergeTurn(afterPicks({}), said(), 'she already has that').state.excluded).toEqual([
      'p1',
      'p2',
      'p3',
    ]);
  });

  it('adds a new interest, replaces when told "instead", and drops one the shopper denies', () => {
    const state = { ...NEW_CONVERSATION, profile: said({ interests: ['dinosaur', 'train'] }) };
    expect(
      mergeTurn(state, said({ interests: ['space'] }), 'he also loves space').state.profile.interests,
    ).toEqual(['dinosaur', 'train', 'space']);
    const replaced = mergeTurn(state, said({ interests: ['space'] }), 'space stuff instead');
    expect(replaced.state.profile.interests).toEqual(['space']);
    expect(replaced.refinements).toEqual(['interests replaced']);
    expect(mergeTurn(state, said(), "he's not into trains anymore").state.profile.interests).toEqual([
      'dinosaur',
    ]);
  });

  it('keeps constraints, drops one the shopper lets go, and accepts an offered relaxation with "yes"', () => {
    const state: GuideState = {
      ...NEW_CONVERSATION,
      profile: said({ constraints: ['not plastic', 'quiet'], budgetMax: eur(3000n) }),
      offered: { relax: 'budget', budgetMax: eur(3500n) },
    };
    expect(mergeTurn(state, said(), 'plastic is fine actually').state.profile.constraints).toEqual(['quiet']);
    const yes = mergeTurn(state, said(), 'Yes please');
    expect(yes.state.profile.budgetMax).toEqual(eur(3500n));
    expect(yes.state.offered).toBeUndefined();
    expect(yes.refinements).toEqual(['relaxation accepted']);
  });

  it('replaces the budget with a newly stated one, keeping a lower bound that still fits under it', () => {
    const state = { ...NEW_CONVERSATION, profile: said({ budgetMin: eur(1000n), budgetMax: eur(3000n) }) };
    expect(mergeTurn(state, said({ budgetMax: eur(2000n) }), 'max 20').state.profile).toMatchObject({
      budgetMin: eur(1000n),
      budgetMax: eur(2000n),
    });
    expect(mergeTurn(state, said({ budgetMax: eur(500n) }), 'max 5').state.profile.budgetMin).toBeUndefined();
  });
});
