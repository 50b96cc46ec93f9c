// BM25F retrieval over a knowledge base's sections (wink-bm25-text-search), so a policy answer can
// quote the one section it rests on. Headings weigh more than body text. Below `minScore` nothing
// is returned: the service then says it does not know rather than quote an unrelated section.
// English text is searched by lemmas; Chinese text (a zh knowledge base) by character bigrams, since
// it has no spaces and ICU's word list splits shop words (退|货|期 vs 退货期) inconsistently.
import bm25 from 'wink-bm25-text-search';
import type { KnowledgeBase, PolicySection } from './knowledge-base.js';
import { tokeniseMessage } from './message-tokens.js';
import type { SupportIntent } from './support-intents.js';

export interface PolicyMatch {
  readonly section: PolicySection;
  readonly score: number;
}

export interface PolicySearchOptions {
  /** BM25 score below which a section is not an answer. */
  readonly minScore: number;
  readonly headingWeight?: number;
}

/** Content words as lemmas: no punctuation, no stop words, so "returning" meets "return". */
export function searchTerms(text: string): string[] {
  return tokeniseMessage(text)
    .tokens.filter((t) => (t.type === 'word' || t.type === 'number') && !t.stopWord)
    .map((t) => t.lemma);
}

const HAN_RUN = /\p{Script=Han}+/gu;
// Particles, pronouns and question words: a bigram with one of them ("收到的", "我的", "什么") says
// how the customer asks, not what about, and would match any section that happens to share it.
const FUNCTION_CHARS = new Set([...'的了吗呢吧啊呀么是我你您他她它们这那个在和与或也都就还很请问什怎哪谁吗']);

/** Chinese search terms: the characters and character bigrams of each run of Han characters
 * (without function characters) and the Latin words and numbers, lower case. */
export function chineseSearchTerms(text: string): string[] {
  const normal = text.normalize('NFKC');
  const terms: string[] = [];
  for (const [run] of normal.matchAll(HAN_RUN)) {
    const chars = [...run];
    for (const c of chars) if (!FUNCTION_CHARS.has(c)) terms.push(c);
    for (let i = 0; i + 1 < chars.length; i++) {
      if (!FUNCTION_CHARS.has(chars[i]) && !FUNCTION_CHARS.has(chars[i + 1]))
        terms.push(chars[i] + chars[i + 1]);
    }
  }
  for (const [w] of normal.replace(HAN_RUN, ' ').matchAll(/[\p{L}\p{N}]+/gu)) terms.push(w.toLowerCase());
  return terms;
}

// A Chinese query has about 2.5 terms per English word's worth of meaning (characters and bigrams):
// its BM25 scores are divided by that, so one minimum score (SUPPORT_KB_MIN_SCORE) serves both.
const SCORE_SCALE = { en: 1, zh: 2.5 } as const;

// wink's BM25 needs three documents before it computes document frequencies; a tenant whose policy
// has fewer sections gets empty fillers, which never match anything.
const MIN_DOCUMENTS = 3;

export class PolicyIndex {
  private readonly engine = bm25();
  private readonly byId = new Map<string, PolicySection>();

  constructor(
    readonly knowledgeBase: KnowledgeBase,
    private readonly options: PolicySearchOptions,
    /** The language of the knowledge base's text (and of the queries it answers). */
    readonly language: 'en' | 'zh' = 'en',
  ) {
    this.engine.defineConfig({ fldWeights: { heading: options.headingWeight ?? 2, body: 1 } });
    this.engine.definePrepTasks([language === 'zh' ? chineseSearchTerms : searchTerms]);
    for (const section of knowledgeBase.sections) {
      this.byId.set(section.id, section);
      this.engine.addDoc(
        { heading: `${section.documentTitle} ${section.heading}`, body: section.text },
        section.id,
      );
    }
    for (let i = knowledgeBase.sections.length; i < MIN_DOCUMENTS; i++) {
      this.engine.addDoc({ heading: '', body: '' }, `filler#${i}`);
    }
    this.engine.consolidate();
  }

  /** Best sections for `query`, at most `limit`, each scoring at least the minimum. */
  search(query: string, limit = 3): PolicyMatch[] {
    const scale = SCORE_SCALE[this.language];
    return this.engine
      .search(query, limit)
      .map(([id, score]) => [id, score / scale] as const)
      .filter(([, score]) => score >= this.options.minScore)
      .flatMap(([id, score]) => {
        const section = this.byId.get(id);
        return section ? [{ section, score }] : [];
      });
  }

  best(query: string): PolicyMatch | undefined {
    return this.search(query, 1)[0];
  }
}

// Words the policy text of each intent's topic uses, added to the customer's words: "the box
// arrived broken" shares no word with "Damaged items", but its intent says where to look.
const INTENT_TOPIC_WORDS: Partial<Record<SupportIntent, string>> = {
  order_status: 'order tracking dispatched delivery',
  shipping_delay: 'late missing parcel delivery',
  return_refund: 'return refund',
  cancel_order: 'cancelling order',
  change_address: 'changing delivery address',
  payment_issue: 'payment charge',
  account: 'account',
  complaint: 'complaint',
};

const INTENT_TOPIC_WORDS_ZH: Partial<Record<SupportIntent, string>> = {
  order_status: '订单 物流 发货 配送',
  shipping_delay: '延误 丢失 包裹 配送',
  return_refund: '退货 退款',
  cancel_order: '取消订单',
  change_address: '修改收货地址',
  payment_issue: '付款 扣款',
  account: '账户',
  complaint: '投诉',
};

/**
 * The search text for a message of a known intent. BM25 adds a term's score once per occurrence in
 * the query, so the customer's words go in twice: the topic words steer, the customer's words decide.
 */
export function policyQuery(text: string, intent: SupportIntent, language: 'en' | 'zh' = 'en'): string {
  const topic = (language === 'zh' ? INTENT_TOPIC_WORDS_ZH : INTENT_TOPIC_WORDS)[intent];
  return topic ? `${text} ${text} ${topic}` : `${text} ${text}`;
}
