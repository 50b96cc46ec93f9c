import { describe, expect, it } from '@jest/globals';
import { resolveIntent, type IntentContext } from './intent-context.js';

const none: IntentContext = {
  awaitingOrderProof: false,
  namesOrderId: false,
  namesEmail: false,
  namesProduct: false,
};

describe('resolveIntent', () => {
  it('keeps what the classifier said when the context adds nothing', () => {
    expect(resolveIntent('payment_issue', 0.8, none)).toEqual({ intent: 'payment_issue', confidence: 0.8 });
  });

  it('reads a greeting that names an order id as an order question', () => {
    expect(resolveIntent('greeting', 0.9, { ...none, namesOrderId: true })).toMatchObject({
      intent: 'order_status',
      rule: 'order_id',
    });
  });

  it('continues the question an order number and e-mail were asked for', () => {
    const r = resolveIntent('complaint', 0.4, {
      ...none,
      previousIntent: 'return_refund',
      awaitingOrderProof: true,
      namesEmail: true,
    });
    expect(r).toMatchObject({ intent: 'return_refund', rule: 'order_proof', confidence: 0.5 });
  });

  it('makes an other message naming a catalogue product a product question', () => {
    expect(resolveIntent('other', 0.3, { ...none, namesProduct: true }).intent).toBe('product_question');
  });

  it('continues the previous topic on an other follow-up, but not after small talk', () => {
    expect(resolveIntent('other', 0.3, { ...none, previousIntent: 'order_status' }).intent).toBe(
      'order_status',
    );
    expect(resolveIntent('other', 0.3, { ...none, previousIntent: 'greeting' }).intent).toBe('other');
  });
});
