import { describe, expect, it } from '@jest/globals';
import {
  extractAmounts,
  extractEmails,
  extractOrderIds,
  matchProducts,
  sameOrderId,
  titleTerms,
} from './support-entities.js';

describe('order ids in a message', () => {
  it.each([
    ['where is my order #W2611340?', ['W2611340']],
    ['where is my order W2611340', ['W2611340']],
    ['order w2611340 hasn’t arrived', ['w2611340']],
    ['whats the status of order 100234', ['100234']],
    ['order no. 553201 and also #W7710045', ['553201', 'W7710045']],
    ['my order #100234 - is it shipped? #100234 again', ['100234']],
    ['refund status for 100987 please', ['100987']],
  ])('%s → %j', (text, ids) => {
    expect(extractOrderIds(text)).toEqual(ids);
  });

  it.each([
    ['call me on 07700 900123 about my order'],
    ['my phone number is 4915112345678, the order was late'],
    ['I paid €12999 for the order'],
    ['the order cost 100234.50'],
    ['my postcode is 10115 and my order is late'],
    ['I have 123456 reasons to love this shop'],
    ['write to w2611340@example.com about the order'],
  ])('takes no order id from %s', (text) => {
    expect(extractOrderIds(text)).toEqual([]);
  });

  it('matches ids with or without "#" and in any case', () => {
    expect(sameOrderId('#w2611340', 'W2611340')).toBe(true);
    expect(sameOrderId('W2611340', 'W2611341')).toBe(false);
  });
});

describe('e-mail addresses in a message', () => {
  it('finds them, lower-cased and once each', () => {
    expect(extractEmails('I am Jana.Novak@Example.com (jana.novak@example.com), or j@x.org')).toEqual([
      'jana.novak@example.com',
      'j@x.org',
    ]);
  });
});

describe('products named in a message', () => {
  const catalogue = [
    { productId: 'p-1', title: 'Alpine Lake Puzzle, 1000 Pieces' },
    { productId: 'p-2', title: 'Wooden Train Set' },
    { productId: 'p-3', title: 'Wooden Kitchen' },
  ];

  it('finds the titles whose words the message uses, best first', () => {
    expect(matchProducts('is the wooden train suitable for a 2 year old?', catalogue)).toEqual([
      { productId: 'p-2', title: 'Wooden Train Set', score: 1 },
      { productId: 'p-3', title: 'Wooden Kitchen', score: 0.5 },
    ]);
  });

  it('needs a lower bar for the items of a customer’s own order ("the puzzle")', () => {
    expect(matchProducts('can I still return the puzzle?', catalogue)).toEqual([]);
    expect(matchProducts('can I still return the puzzles?', catalogue, 0.2).map((m) => m.productId)).toEqual([
      'p-1',
    ]);
  });

  it('keys a title by its distinct significant words, singular, as a message is split', () => {
    expect(titleTerms('Alpine Lake Puzzles, 1000 Pieces — a Puzzle for Kids')).toEqual([
      'alpine',
      'lake',
      'puzzle',
      '1000',
    ]);
  });
});

describe('Chinese text', () => {
  it.each([
    ['订单号W2611340到哪了', ['W2611340']],
    ['单号：H10045678 现在什么状态', ['H10045678']],
    ['订单 #100234 还没发货', ['100234']],
    ['请问订单号＃Ｗ８８３０１１２发货了吗', ['W8830112']],
    ['订单号：１００２３４', ['100234']],
    ['我的订单553201和W7710045都没到', ['553201', 'W7710045']],
    ['退款单100987怎么还没到账', ['100987']],
  ])('%s → %j', (text, ids) => {
    expect(extractOrderIds(text)).toEqual(ids);
  });

  it.each([
    ['订单的快递单号是123456789，怎么查'],
    ['我的手机13800138000，订单没收到'],
    ['订单付了100234元'],
    ['邮编100020，订单地址写错了'],
    ['我有123456个问题'],
  ])('names no order: %s', (text) => {
    expect(extractOrderIds(text)).toEqual([]);
  });

  it('finds e-mail addresses between Chinese characters and in full width', () => {
    expect(extractEmails('我的邮箱是Jana@Example.com谢谢')).toEqual(['jana@example.com']);
    expect(extractEmails('邮箱ｊａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toEqual(['jana@example.com']);
  });

  it('reads amounts in yuan, in digits or Chinese numerals', () => {
    expect(extractAmounts('多扣了我10元，还有两百块和¥12.5，一百五十元')).toEqual([
      { amountMinor: 1000, currency: 'CNY' },
      { amountMinor: 20000, currency: 'CNY' },
      { amountMinor: 1250, currency: 'CNY' },
      { amountMinor: 15000, currency: 'CNY' },
    ]);
    expect(extractAmounts('订单W2611340')).toEqual([]);
  });
});

describe('Chinese product titles', () => {
  it('are split into ICU words, single characters ICU could not place joined', () => {
    expect(titleTerms('恐龙拼图（500片）')).toEqual(['500', '恐龙', '拼图']);
    expect(titleTerms('儿童木制积木套装')).toEqual(['木制', '积木']);
  });

  it('are named by a Chinese message sharing their words', () => {
    const products = [
      { productId: 'p1', title: '恐龙拼图（500片）' },
      { productId: 'p2', title: '木制积木' },
    ];
    expect(matchProducts('恐龙拼图适合几岁？', products, 0.6).map((m) => m.productId)).toEqual(['p1']);
    expect(matchProducts('我买的积木什么时候到', products, 0.5).map((m) => m.productId)).toEqual(['p2']);
    expect(matchProducts('这个木头火车多长', products, 0.5)).toEqual([]);
  });
});
