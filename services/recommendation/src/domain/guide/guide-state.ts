// One shopping-guide conversation as the domain sees it between turns.
import type { Price } from '../product-facts.js';
import type { GuideProfile, Slot } from './guide-profile.js';
import type { GuideLanguage } from './guide-voice.js';
import { EMPTY_PROFILE } from './guide-profile.js';
import type { Relaxable } from './relaxation.js';

export interface ShownProduct {
  id: string;
  title: string;
  price?: Price;
}

export interface GuideState {
  profile: GuideProfile;
  /** Questions the guide has asked (its opening message is not one). */
  questionsAsked: number;
  /** The slots asked about, in order; the last one is what a bare answer refers to. */
  askedSlots: Slot[];
  /** The products of the last recommendation, in the order shown. */
  shown: ShownProduct[];
  /** Products never to show again in this conversation ("something else", "she already has that"). */
  excluded: string[];
  /** The relaxation the guide offered last, which a "yes" accepts. */
  offered?: { relax: Relaxable; budgetMax?: Price };
  recommended: boolean;
  /** The language the guide answers in (English when absent). */
  language?: GuideLanguage;
}

export const NEW_CONVERSATION: GuideState = {
  profile: EMPTY_PROFILE,
  questionsAsked: 0,
  askedSlots: [],
  shown: [],
  excluded: [],
  recommended: false,
};

/** The slot a bare answer refers to: the last one asked, while no recommendation has followed. */
export function expectedSlot(state: GuideState): Slot | undefined {
  return state.recommended ? undefined : state.askedSlots[state.askedSlots.length - 1];
}
