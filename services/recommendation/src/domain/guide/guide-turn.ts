// One turn of the shopping guide, decided from the merged conversation and the recommender's
// candidates (best first): ask the next question, recommend the safe products that fit, or — when
// none fits — say so and offer the nearest relaxation. Pure: the service reads and stores the
// state and fetches the candidates.
import type { GuideCandidate } from './guide-candidate.js';
import type { Slot } from './guide-profile.js';
import type { GuideLanguage } from './guide-voice.js';
import { voiceFor } from './guide-voices.js';
import { NEW_CONVERSATION, type GuideState } from './guide-state.js';
import type { MergedTurn } from './merge-turn.js';
import { missingSlots, nextQuestion } from './next-question.js';
import { matchedInterests, misfits } from './profile-fit.js';
import { relaxation } from './relaxation.js';
import { isSafeFor } from './safety.js';

export const DEFAULT_PICKS = 5;

export interface GuideAnswer {
  state: GuideState;
  text: string;
  /** The recommended products, best first (empty when the guide asks or offers a relaxation). */
  picks: GuideCandidate[];
  missing: Slot[];
  /** The slot asked about, when the answer is a question. */
  question?: Slot;
  recommended: boolean;
  /** Set when the answer is less than it should be: the message's language has no local model. */
  degradedReason?: string;
}

/** The request's k: 0 means 5. */
export const pickCount = (k: number): number => (k > 0 ? k : DEFAULT_PICKS);

export function openConversation(language?: GuideLanguage): GuideAnswer {
  return {
    state: language ? { ...NEW_CONVERSATION, language } : NEW_CONVERSATION,
    text: voiceFor(language).opening,
    picks: [],
    missing: missingSlots(NEW_CONVERSATION.profile),
    recommended: false,
  };
}

/** The question this turn asks, if it asks one (then it needs no candidates). */
export function questionOf({ state, refinements }: MergedTurn): Slot | undefined {
  // A refinement of what was shown ("cheaper", "something else", a "yes" to a relaxation) is answered
  // with products at once; a corrected age or new interests are merged like any other answer.
  const refinesShown = refinements.some((r) => r !== 'age corrected' && r !== 'interests replaced');
  return state.recommended || refinesShown
    ? undefined
    : nextQuestion(state.profile, state.questionsAsked, state.askedSlots);
}

export function answerTurn(merged: MergedTurn, candidates: GuideCandidate[], k: number): GuideAnswer {
  const { state, refinements } = merged;
  const { profile } = state;
  const voice = voiceFor(state.language);
  const question = questionOf(merged);
  if (question) {
    const asked = {
      ...state,
      questionsAsked: state.questionsAsked + 1,
      askedSlots: [...state.askedSlots, question],
    };
    return {
      state: asked,
      text: voice.questionFor(question, profile),
      picks: [],
      missing: missingSlots(profile),
      question,
      recommended: false,
    };
  }
  const excluded = new Set(state.excluded);
  const safe = candidates.filter((c) => !excluded.has(c.product.id) && isSafeFor(c, profile));
  const judged = safe.map((candidate) => ({ candidate, misfits: misfits(candidate, profile) }));
  const fitting = judged
    .filter((j) => j.misfits.length === 0)
    .map((j, rank) => ({
      c: j.candidate,
      rank,
      matches: matchedInterests(j.candidate, profile.interests).length,
    }))
    .sort((a, b) => b.matches - a.matches || a.rank - b.rank)
    .map((x) => x.c);
  if (fitting.length === 0) {
    const offer = relaxation(profile, judged, safe.length, voice);
    const offered = offer.relax
      ? { relax: offer.relax, ...(offer.budgetMax ? { budgetMax: offer.budgetMax } : {}) }
      : undefined;
    return {
      state: { ...state, offered },
      text: offer.sentence,
      picks: [],
      missing: missingSlots(profile),
      recommended: state.recommended,
    };
  }
  const picks = fitting.slice(0, pickCount(k));
  const lead =
    refinements.includes('cheaper') && profile.budgetMax
      ? voice.cheaperLead(profile.budgetMax)
      : refinements.includes('already has')
        ? voice.alreadyHasLead
        : refinements.includes('something else')
          ? voice.somethingElseLead
          : undefined;
  const shown = picks.map((c) => ({
    id: c.product.id,
    title: c.product.title,
    ...(c.product.price ? { price: c.product.price } : {}),
  }));
  return {
    state: { ...state, shown, offered: undefined, recommended: true },
    text: voice.recommendationText(picks, profile, lead),
    picks,
    missing: missingSlots(profile),
    recommended: true,
  };
}
