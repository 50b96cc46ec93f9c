// BM25F retrieval over a knowledge base's sections (wink-bm25-text-search), so a policy answer can
// quote the one section it rests on. Headings weigh more than body text. Below `minScore` nothing
// is returned: the service then says it does not know rather than quote an unrelated section.
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

// wink's BM25 needs three documents before it computes document frequencies; a tenant whose policy
// has fewer sections gets empty fillers, which never match anything.
const MIN_DOCUMENTS = 3;

export class PolicyIndex {
  private readonly engine = bm25();
  private readonly byId = new Map<string, PolicySection>();

  constructor(
    readonly knowledgeBase: KnowledgeBase,
    private readonly options: PolicySearchOptions,
  ) {
    this.engine.defineConfig({ fldWeights: { heading: options.headingWeight ?? 2, body: 1 } });
    this.engine.definePrepTasks([searchTerms]);
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
    return this.engine
      .search(query, limit)
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

/**
 * The search text for a message of a known intent. BM25 adds a term's score once per occurrence in
 * the query, so the customer's words go in twice: the topic words steer, the customer's words decide.
 */
export function policyQuery(text: string, intent: SupportIntent): string {
  const topic = INTENT_TOPIC_WORDS[intent];
  return topic ? `${text} ${text} ${topic}` : `${text} ${text}`;
}
