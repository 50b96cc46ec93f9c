// A turn's outcome → what customer-service publishes (support replied / escalated) and answers
// (support chat reply). Result ids derive from the cause event, so a redelivery yields the same ids.
import { create } from '@bufbuild/protobuf';
import type { EventContext, QueryContext } from '@shopmind/bus';
import {
  EscalationReason,
  Priority,
  ReplyMetaSchema,
  SupportChannel,
  SupportChatReplySchema,
  SupportEscalatedSchema,
  SupportRepliedSchema,
  type SupportChatReply,
  type SupportEscalated,
  type SupportMessageReceived,
  type SupportReplied,
} from '@shopmind/contracts';
import { resultEnvelope, resultSourceOf } from '@shopmind/service-kit';
import type { TurnOutcome } from '../application/support-agent.js';
import type { EscalationPriority, EscalationReason as Reason } from '../domain/escalation-rules.js';

export const PRODUCER = 'customer-service';
export const RESULT_KINDS = { replied: 'support.replied', escalated: 'support.escalated' } as const;
const PLAN_TASK = { name: 'support.plan', version: '1' };

const REASONS: Record<Reason, EscalationReason> = {
  CUSTOMER_ASKED: EscalationReason.CUSTOMER_ASKED,
  LOW_CONFIDENCE: EscalationReason.LOW_CONFIDENCE,
  NEGATIVE_SENTIMENT: EscalationReason.NEGATIVE_SENTIMENT,
  POLICY: EscalationReason.POLICY,
  REPEATED_CONTACT: EscalationReason.REPEATED_CONTACT,
  AI_UNAVAILABLE: EscalationReason.AI_UNAVAILABLE,
};

const PRIORITIES: Record<EscalationPriority, Priority> = {
  LOW: Priority.LOW,
  NORMAL: Priority.NORMAL,
  HIGH: Priority.HIGH,
  URGENT: Priority.URGENT,
};

const clip = (s: string, max: number): string => (s.length <= max ? s : s.slice(0, max));

/** The plan's source, with the turn's own degraded reason (UNSUPPORTED_LANGUAGE) added to the gateway's. */
function sourceOf(outcome: TurnOutcome): ReturnType<typeof resultSourceOf> {
  const source = resultSourceOf(outcome.plan, PLAN_TASK);
  if (outcome.degradedReason)
    source.degradedReason = [source.degradedReason, outcome.degradedReason]
      .filter(Boolean)
      .join('; ')
      .slice(0, 256);
  return source;
}

export function supportRepliedOf(
  msg: SupportMessageReceived,
  outcome: TurnOutcome,
  ctx: EventContext,
): SupportReplied {
  return create(SupportRepliedSchema, {
    envelope: resultEnvelope(ctx, { producer: PRODUCER, kind: RESULT_KINDS.replied }),
    conversationId: msg.conversationId,
    userId: msg.userId,
    text: clip(outcome.text, 20_000),
    channel: msg.channel,
    intent: outcome.intent,
    confidence: outcome.confidence,
    source: sourceOf(outcome),
    locale: msg.locale,
    productIds: [...outcome.productIds],
  });
}

export function supportEscalatedOf(
  cause: { eventId: string; tenant: string; correlationId: string },
  turn: { conversationId: string; userId: string },
  outcome: TurnOutcome,
): SupportEscalated {
  const e = outcome.escalation!;
  return create(SupportEscalatedSchema, {
    envelope: resultEnvelope(cause, { producer: PRODUCER, kind: RESULT_KINDS.escalated }),
    conversationId: turn.conversationId,
    userId: turn.userId,
    reason: REASONS[e.reason],
    priority: PRIORITIES[e.priority],
    summary: clip(e.summary, 4096),
    intent: outcome.intent,
    orderId: clip(outcome.orderId, 128),
    source: sourceOf(outcome),
    intentHistory: [...outcome.intentHistory],
    sentiment: outcome.sentiment,
  });
}

export function supportChatReplyOf(
  conversationId: string,
  outcome: TurnOutcome,
  ctx: QueryContext,
): SupportChatReply {
  return create(SupportChatReplySchema, {
    meta: create(ReplyMetaSchema, {
      requestId: ctx.requestId,
      correlationId: ctx.correlationId || ctx.requestId,
      source: sourceOf(outcome),
    }),
    conversationId,
    text: outcome.text,
    intent: outcome.intent,
    confidence: outcome.confidence,
    escalated: outcome.escalation !== undefined,
    escalationReason: outcome.escalation ? REASONS[outcome.escalation.reason] : EscalationReason.UNSPECIFIED,
    productIds: [...outcome.productIds],
    suggestedReplies: [...outcome.suggestedReplies],
  });
}

export const isChat = (channel: SupportChannel): boolean =>
  channel === SupportChannel.CHAT || channel === SupportChannel.UNSPECIFIED;
