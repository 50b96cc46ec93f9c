import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { customerServiceAsset } from '../service-assets.js';
import { buildKnowledgeBase } from './knowledge-base.js';
import { chineseSearchTerms, PolicyIndex, policyQuery } from './policy-search.js';

const load = (dir: string) =>
  buildKnowledgeBase(
    dir,
    readdirSync(dir)
      .filter((file) => file.endsWith('.md'))
      .map((file) => ({ file, content: readFileSync(`${dir}/${file}`, 'utf8') })),
  );
const shipped = load(customerServiceAsset('knowledge-base/default'));
const index = new PolicyIndex(shipped, { minScore: 4 });
const shippedZh = load(customerServiceAsset('knowledge-base/default/zh'));
const indexZh = new PolicyIndex(shippedZh, { minScore: 4 }, 'zh');

describe('the shipped default knowledge base', () => {
  it('states the numbers answers rely on', () => {
    expect(shipped.facts).toMatchObject({
      returns_window_days: 30,
      refund_processing_days: 5,
      free_shipping_threshold: 50,
      report_damage_within_days: 14,
      warranty_years: 2,
    });
  });

  it.each([
    ['I was charged twice', 'payment_issue', 'Charged twice or an unknown charge'],
    ['can I change my delivery address', 'change_address', 'Changing the delivery address'],
    ['the box arrived broken', 'complaint', 'Damaged items'],
    ['how long do refunds take', 'return_refund', 'How long a refund takes'],
    ['my package is late', 'shipping_delay', 'Late or missing parcels'],
    ['I forgot my password', 'account', 'Signing in and passwords'],
  ] as const)('finds the section for "%s" (%s)', (text, intent, heading) => {
    expect(index.best(policyQuery(text, intent))?.section.heading).toBe(heading);
  });

  it('returns nothing below the minimum score rather than an unrelated section', () => {
    expect(index.best(policyQuery('tell me a joke', 'other'))).toBeUndefined();
    expect(index.best(policyQuery('hello there', 'greeting'))).toBeUndefined();
    // Retrieval is lexical: "the weather like today" meets "like any other item" above the minimum.
    // Which intents may be answered from the knowledge base is the caller's decision, not the index's.
  });
});

describe('the shipped Chinese default knowledge base', () => {
  it('states the same policy: the same files, facts and number of sections as the English one', () => {
    expect(withoutTitle(shippedZh.facts)).toEqual(withoutTitle(shipped.facts));
    expect(shippedZh.documents.map((d) => d.file)).toEqual(shipped.documents.map((d) => d.file));
    expect(shippedZh.sections).toHaveLength(shipped.sections.length);
    // Lines of a Chinese paragraph join without a space.
    expect(shippedZh.sections.every((s) => !/\p{Script=Han} \p{Script=Han}/u.test(s.text))).toBe(true);
  });

  it.each([
    ['我被扣了两次钱', 'payment_issue', '重复扣款或不明扣款'],
    ['能改一下收货地址吗', 'change_address', '修改收货地址'],
    ['退款要多久才能到账', 'return_refund', '退款需要多久'],
    ['快递一周了还没到', 'shipping_delay', '快递延误或包裹丢失'],
    ['我忘记密码了', 'account', '登录和密码'],
    ['充电器冒烟了', 'complaint', '产品安全'],
    ['怎么退订你们的邮件', 'account', '订阅邮件和营销信息'],
  ] as const)('finds the section for "%s" (%s)', (text, intent, heading) => {
    expect(indexZh.best(policyQuery(text, intent, 'zh'))?.section.heading).toBe(heading);
  });

  it('returns nothing for a question no section is about', () => {
    expect(indexZh.best(policyQuery('讲个笑话吧', 'other', 'zh'))).toBeUndefined();
    expect(indexZh.best(policyQuery('你好', 'greeting', 'zh'))).toBeUndefined();
  });

  it('searches by characters and bigrams without particles and pronouns', () => {
    expect(chineseSearchTerms('我的杯子碎了 W12')).toEqual(['杯', '子', '碎', '杯子', '子碎', 'w12']);
  });
});

function withoutTitle(facts: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).filter(([k]) => k !== 'title'));
}

describe('a small knowledge base', () => {
  it('can be searched with fewer than three sections', () => {
    const kb = buildKnowledgeBase('tiny', [
      { file: 'a.md', content: '## Returns\nReturn within 14 days for a refund.' },
    ]);
    expect(new PolicyIndex(kb, { minScore: 0.1 }).best('return')?.section.heading).toBe('Returns');
  });
});
