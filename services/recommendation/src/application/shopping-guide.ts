// One turn of the shopping guide: the conversation so far (Redis; a lost one starts afresh from
// what the message says), the message's slots (the slot task: an LLM when a provider is configured,
// the rule-and-lexicon extractor otherwise), the merged profile and refinements, then either the
// next question or the picks among the model's candidates (safety first, then budget, constraints
// and interests), worded by the wording task, and the conversation saved again. The guide answers in
// the shopper's language when it has templates for it (English, Chinese); a message in a language
// no local model reads is answered in English and marked degraded, unless an LLM read it.
import type { LlmGateway } from '@shopmind/llm-gateway';
import { isLocalLanguage, languageOfText, primaryLanguage, UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import { EMPTY_PROFILE } from '../domain/guide/guide-profile.js';
import { expectedSlot, NEW_CONVERSATION, type GuideState } from '../domain/guide/guide-state.js';
import {
  answerTurn,
  openConversation,
  pickCount,
  questionOf,
  type GuideAnswer,
} from '../domain/guide/guide-turn.js';
import type { GuideLanguage } from '../domain/guide/guide-voice.js';
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
  /** The request's BCP 47 locale ('' or absent: unknown); it decides only when the text cannot. */
  locale?: string;
}

/** What an amount without a currency is in when the shop has no priced product yet. */
export const FALLBACK_CURRENCY = 'EUR';

const slotsTask = guideSlotsTask();
const wordingTask = guideWordingTask();

/** The message's language: what its text shows, else the request's locale, else the conversation's. */
function messageLanguage(q: GuideQuestion, conversation: GuideLanguage | undefined): string {
  const declared = q.locale || conversation;
  if (!q.text.trim()) return primaryLanguage(declared) || 'en';
  return languageOfText(q.text, declared, 'en');
}

export class ShoppingGuide {
  constructor(
    private readonly conversations: GuideConversationStore,
    private readonly candidates: GuideCandidates,
    private readonly gateway: Pick<LlmGateway, 'run'>,
  ) {}

  async turn(tenant: string, q: GuideQuestion, signal?: AbortSignal): Promise<GuideAnswer> {
    const stored = await this.conversations.load(tenant, q.conversationId, q.userId);
    const language = messageLanguage(q, stored?.language);
    const replyIn: GuideLanguage = language === 'zh' ? 'zh' : 'en';
    const answer = q.text.trim()
      ? await this.answer(tenant, { ...(stored ?? NEW_CONVERSATION), language: replyIn }, q, signal)
      : stored
        ? // An empty message in a running conversation: the same question or picks again.
          await this.answer(tenant, { ...stored, language: replyIn }, { ...q, text: '' }, signal)
        : openConversation(replyIn);
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
    const slots = q.text.trim()
      ? await this.gateway.run(
          slotsTask,
          {
            text: q.text,
            defaultCurrency: (await this.candidates.currency(tenant)) ?? FALLBACK_CURRENCY,
            expecting: expectedSlot(state) ?? null,
          },
          { tenant, signal },
        )
      : undefined;
    const extracted = slots ? slotsOf(slots.output) : EMPTY_PROFILE;
    // The local extractor read a language it has no model for as English: say so.
    const unread =
      slots?.source.tier === 'local' && !isLocalLanguage(messageLanguage(q, state.language))
        ? { degradedReason: UNSUPPORTED_LANGUAGE }
        : {};
    const merged = mergeTurn(state, extracted, q.text);
    const found = questionOf(merged)
      ? []
      : await this.candidates.find(tenant, {
          profile: merged.state.profile,
          userId: q.userId,
          excluded: merged.state.excluded,
          k: pickCount(q.k),
        });
    return { ...answerTurn(merged, found, q.k), ...unread };
  }

  /** The wording task's text when it kept every pick's title; the template otherwise. */
  private async word(tenant: string, answer: GuideAnswer, signal?: AbortSignal): Promise<GuideAnswer> {
    const input = { text: answer.text, titles: answer.picks.map((p) => p.product.title) };
    const { output } = await this.gateway.run(wordingTask, input, { tenant, signal });
    return { ...answer, text: wordingOrTemplate(output.text, input) };
  }
}
