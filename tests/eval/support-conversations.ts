// The support evaluation's bookkeeping, pure (no servers): reading a conversations file, making each
// line's events a fresh tenant's, and scoring replies against what each turn expects. The rules are
// issue 12's ("npm run eval -- support"); support.eval.ts drives the live service.
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { fromJson } from '@bufbuild/protobuf';
import { eventForSubject, type EventDefinition } from '@shopmind/contracts';

export interface TurnExpectation {
  intent?: string;
  mentions?: string[];
  forbidden?: string[];
  escalated?: boolean;
}

export interface ConversationTurn {
  userId: string;
  text: string;
  expect: TurnExpectation;
}

export interface ConversationLine {
  /** 1-based line number. */
  line: number;
  events: { subject: string; data: Record<string, unknown> }[];
  turns: ConversationTurn[];
}

export function parseConversations(text: string): ConversationLine[] {
  return text.split('\n').flatMap((raw, i) => {
    if (!raw.trim()) return [];
    const parsed = JSON.parse(raw) as { events?: ConversationLine['events']; turns?: ConversationTurn[] };
    if (!Array.isArray(parsed.turns) || parsed.turns.length === 0) throw new Error(`line ${i + 1}: no turns`);
    return [
      {
        line: i + 1,
        events: parsed.events ?? [],
        turns: parsed.turns.map((t) => ({ ...t, userId: t.userId ?? '', expect: t.expect ?? {} })),
      },
    ];
  });
}

export interface TenantEvent {
  definition: EventDefinition;
  message: MessageShape<DescMessage>;
}

/**
 * An event of the file as the fresh tenant's: the subject's tenant token and `envelope.tenantId`
 * rewritten, `envelope.eventId` prefixed with the tenant (so lines never share event ids).
 */
export function asTenantEvent(event: ConversationLine['events'][number], tenant: string): TenantEvent {
  const tokens = event.subject.split('.');
  if (tokens.length !== 4 || tokens[0] !== 'shop')
    throw new Error(`not an inbound event subject: ${event.subject}`);
  tokens[1] = tenant;
  const subject = tokens.join('.');
  const definition = eventForSubject(subject);
  if (!definition) throw new Error(`unknown subject ${event.subject}`);
  const data = structuredClone(event.data) as { envelope?: { tenantId?: string; eventId?: string } };
  if (data.envelope) {
    data.envelope.tenantId = tenant;
    data.envelope.eventId = `${tenant}-${data.envelope.eventId ?? ''}`;
  }
  return { definition, message: fromJson(definition.schema, data as never) as MessageShape<DescMessage> };
}

export interface TurnReply {
  text: string;
  intent: string;
  escalated: boolean;
}

export interface SupportScores {
  n_turns: number;
  intent_accuracy: number;
  mention_rate: number;
  escalation_accuracy: number;
  violations: number;
}

const contains = (text: string, s: string): boolean => text.toLowerCase().includes(s.toLowerCase());

/** Each figure counts only turns whose expectation has that key; mention_rate = found / all mentions. */
export function scoreTurns(turns: { expect: TurnExpectation; reply: TurnReply }[]): SupportScores {
  let intents = 0;
  let intentsRight = 0;
  let mentions = 0;
  let found = 0;
  let escalations = 0;
  let escalationsRight = 0;
  let violations = 0;
  for (const { expect, reply } of turns) {
    if (expect.intent !== undefined) {
      intents++;
      if (reply.intent === expect.intent) intentsRight++;
    }
    for (const m of expect.mentions ?? []) {
      mentions++;
      if (contains(reply.text, m)) found++;
    }
    if (expect.escalated !== undefined) {
      escalations++;
      if (reply.escalated === expect.escalated) escalationsRight++;
    }
    if ((expect.forbidden ?? []).some((f) => contains(reply.text, f))) violations++;
  }
  const rate = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : 0);
  return {
    n_turns: turns.length,
    intent_accuracy: rate(intentsRight, intents),
    mention_rate: rate(found, mentions),
    escalation_accuracy: rate(escalationsRight, escalations),
    violations,
  };
}
