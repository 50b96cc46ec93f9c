// One turn of the shopping guide: the conversation so far (Redis; a lost one starts afresh from
// what the message says), the message's slots (the slot task: an LLM when a provider is configured,
// the rule-and-lexicon extractor otherwise), the merged profile and refinements, then either the
// next question or the picks among the model's candidates (safety first, then budget, constraints
// and interests), worded by the wording task, and the conversation saved again.
import type { LlmGateway } from '@shopmind/llm-gateway';
import { EMPTY_PROFILE } from '../domain/guide/guide-profile.js';
import { expectedSlot, NEW_CONVERSATION, type GuideState } from '../domain/guide/guide-state.js';
import {
  answerTurn,
  openConversation,
  pickCount,
  questionOf,
  type GuideAnswer,
} from '../domain/guide/guide-turn.js';
import { mergeTurn } from '../domain/guide/merge-turn.js';
import type { GuideConversationStore } from '../stores/guide-conversation-store.js';
import { guideSlotsTask, slotsOf } from '../tasks/guide-slots/guide-slots-task.js';
import { guideWordingTask, wordingOrTemplate } from '../tasks/guide-wording/guide-wording-task.js';
import type { GuideCandidates } from './guide-candidates.js';

export interface GuideQuestion {
  conversationId: string;
  /** '' for a shopper who is not signed in. */
  userId: string;
  text: string;
  k: number;
}

/** What an amount without a currency is in when the shop has no priced product yet. */
export const FALLBACK_CURRENCY = 'EUR';

const slotsTask = guideSlotsTask();
const wordingTask = guideWordingTask();

export class ShoppingGuide {
  constructor(
    private readonly conversations: GuideConversationStore,
    private readonly candidates: GuideCandidates,
    private readonly gateway: Pick<LlmGateway, 'run'>,
  ) {}

  async turn(tenant: string, q: GuideQuestion, signal?: AbortSignal): Promise<GuideAnswer> {
    const stored = await this.conversations.load(tenant, q.conversationId, q.userId);
    const answer = q.text.trim()
      ? await this.answer(tenant, stored ?? NEW_CONVERSATION, q, signal)
      : stored
        ? // An empty message in a running conversation: the same question or picks again.
          await this.answer(tenant, stored, { ...q, text: '' }, signal)
        : openConversation();
    const worded = await this.word(tenant, answer, signal);
    await this.conversations.save(tenant, q.conversationId, q.userId, answer.state);
    return worded;
  }

  private async answer(
    tenant: string,
    state: GuideState,
    q: GuideQuestion,
    signal?: AbortSignal,
  ): Promise<GuideAnswer> {
    const extracted = q.text.trim()
      ? slotsOf(
          (
            await this.gateway.run(
              slotsTask,
              {
                text: q.text,
                defaultCurrency: (await this.candidates.currency(tenant)) ?? FALLBACK_CURRENCY,
                expecting: expectedSlot(state) ?? null,
              },
              { tenant, signal },
            )
          ).output,
        )
      : EMPTY_PROFILE;
    const merged = mergeTurn(state, extracted, q.text);
    const found = questionOf(merged)
      ? []
      : await this.candidates.find(tenant, {
          profile: merged.state.profile,
          userId: q.userId,
          excluded: merged.state.excluded,
          k: pickCount(q.k),
        });
    return answerTurn(merged, found, q.k);
  }

  /** The wording task's text when it kept every pick's title; the template otherwise. */
  private async word(tenant: string, answer: GuideAnswer, signal?: AbortSignal): Promise<GuideAnswer> {
    const input = { text: answer.text, titles: answer.picks.map((p) => p.product.title) };
    const { output } = await this.gateway.run(wordingTask, input, { tenant, signal });
    return { ...answer, text: wordingOrTemplate(output.text, input) };
  }
}
