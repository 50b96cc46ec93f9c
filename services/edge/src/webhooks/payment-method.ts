// The contract's payment method from a platform's gateway name. A gateway ShopMind does not know
// that reported no card details counts as a wallet (another payment provider), never as a card:
// order.placed requires card details for a card payment.
import { PaymentMethod } from '@shopmind/contracts';

const byName: [RegExp, PaymentMethod][] = [
  [/paypal/i, PaymentMethod.PAYPAL],
  [/gift.?card/i, PaymentMethod.GIFT_CARD],
  [/cash|\bcod\b/i, PaymentMethod.CASH_ON_DELIVERY],
  [/klarna|afterpay|affirm|clearpay|sezzle|zip/i, PaymentMethod.BUY_NOW_PAY_LATER],
  [/sepa|direct.?debit/i, PaymentMethod.DIRECT_DEBIT],
  [/bank|bacs|manual|wire/i, PaymentMethod.BANK_TRANSFER],
  [/invoice|cheque|check/i, PaymentMethod.INVOICE],
];

export function paymentMethodOf(gateway: string, hasCard: boolean): PaymentMethod {
  if (hasCard) return PaymentMethod.CARD;
  for (const [pattern, method] of byName) if (pattern.test(gateway)) return method;
  return PaymentMethod.WALLET;
}
