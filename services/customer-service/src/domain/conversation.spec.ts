import { describe, expect, it } from '@jest/globals';
import { advanceConversation, MAX_INTENTS, newConversation, type TurnRecord } from './conversation.js';

const turn = (over: Partial<TurnRecord> = {}): TurnRecord => ({
  intent: 'other',
  answered: false,
  escalated: false,
  awaitingOrderProof: false,
  emails: [],
  customerText: 'hi',
  replyText: 'hello',
  at: 1,
  ...over,
});

describe('advanceConversation', () => {
  it('counts unanswered turns in a row and resets on an answer or a hand-over', () => {
    let s = advanceConversation(newConversation('c', 'u'), turn(), 10);
    s = advanceConversation(s, turn(), 10);
    expect(s.unanswered).toBe(2);
    expect(advanceConversation(s, turn({ answered: true }), 10).unanswered).toBe(0);
    expect(advanceConversation(s, turn({ escalated: true }), 10).unanswered).toBe(0);
  });

  it('keeps a bounded history and intent list, the newest last', () => {
    let s = newConversation('c', 'u');
    for (let i = 0; i < 100; i++) s = advanceConversation(s, turn({ customerText: `m${i}` }), 6);
    expect(s.history).toHaveLength(6);
    expect(s.history.at(-2)?.text).toBe('m99');
    expect(s.intents).toHaveLength(MAX_INTENTS);
  });

  it('remembers the order and the addresses a guest typed', () => {
    let s = advanceConversation(newConversation('c', ''), turn({ orderId: 'W1', emails: ['a@x.org'] }), 10);
    s = advanceConversation(s, turn({ emails: ['a@x.org', 'b@x.org'] }), 10);
    expect(s).toMatchObject({ orderId: 'W1', emails: ['a@x.org', 'b@x.org'] });
  });
});
