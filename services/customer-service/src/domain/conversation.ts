// What support remembers of one conversation between turns: the intents so far (for the hand-over
// note), how many turns in a row went unanswered (two → a person takes over), the order being
// discussed and the addresses a guest typed (so "#W2611340" in one turn and the e-mail in the next
// prove ownership together), and a bounded history of redacted lines.

export interface ConversationLine {
  readonly role: 'customer' | 'assistant';
  /** Redacted: no e-mail addresses, phone or card numbers. */
  readonly text: string;
  readonly at: number;
}

export interface ConversationState {
  readonly conversationId: string;
  readonly userId: string;
  /** Intents of the customer's turns, oldest first (at most MAX_INTENTS). */
  readonly intents: readonly string[];
  /** Unanswered turns in a row, up to the last one. */
  readonly unanswered: number;
  /** The order the conversation is about, once the customer was shown to own it. */
  readonly orderId?: string;
  /** Addresses the customer typed (chat), lower case. */
  readonly emails: readonly string[];
  readonly history: readonly ConversationLine[];
  readonly escalated: boolean;
  /** The last reply asked for an order number with the order's e-mail (or refused an order). */
  readonly awaitingOrderProof: boolean;
  readonly updatedAt: number;
}

/** The contract's limit on SupportEscalated.intent_history. */
export const MAX_INTENTS = 64;
const MAX_EMAILS = 5;

export function newConversation(conversationId: string, userId: string): ConversationState {
  return {
    conversationId,
    userId,
    intents: [],
    unanswered: 0,
    emails: [],
    history: [],
    escalated: false,
    awaitingOrderProof: false,
    updatedAt: 0,
  };
}

export interface TurnRecord {
  readonly intent: string;
  readonly answered: boolean;
  readonly escalated: boolean;
  readonly orderId?: string;
  readonly awaitingOrderProof: boolean;
  readonly emails: readonly string[];
  readonly customerText: string;
  readonly replyText: string;
  readonly at: number;
}

/**
 * The state after one turn. A hand-over resets the unanswered count (the person starts afresh);
 * `historyLines` bounds the lines kept (the newest).
 */
export function advanceConversation(
  state: ConversationState,
  turn: TurnRecord,
  historyLines: number,
): ConversationState {
  const history = [
    ...state.history,
    { role: 'customer' as const, text: turn.customerText, at: turn.at },
    { role: 'assistant' as const, text: turn.replyText, at: turn.at },
  ];
  return {
    ...state,
    intents: [...state.intents, turn.intent].slice(-MAX_INTENTS),
    unanswered: turn.escalated || turn.answered ? 0 : state.unanswered + 1,
    orderId: turn.orderId ?? state.orderId,
    emails: [...new Set([...state.emails, ...turn.emails])].slice(-MAX_EMAILS),
    history: history.slice(-historyLines),
    escalated: state.escalated || turn.escalated,
    awaitingOrderProof: turn.awaitingOrderProof,
    updatedAt: turn.at,
  };
}
