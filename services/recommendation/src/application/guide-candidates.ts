// The shopping guide's candidates, through the same model as top-k: the signed-in shopper's
// history (co-occurrence, content, favourite categories) and the shop's popularity, plus the
// products matching each interest the shopper named (by what names them, and more weakly by their
// description), ranked by the recommender; then read best first with what the guide judges them
// by (catalogue age range, attributes, description, graph facts) until enough of them are safe and
// fit, or the read bound is reached. The guide's turn (domain/guide/guide-turn.ts) decides the picks.
import { graphFactsOf } from '../domain/graph-facts.js';
import type { GuideCandidate } from '../domain/guide/guide-candidate.js';
import type { GuideProfile } from '../domain/guide/guide-profile.js';
import { misfits } from '../domain/guide/profile-fit.js';
import { isSafeFor } from '../domain/guide/safety.js';
import { isEligible } from '../domain/eligibility.js';
import { interestTerms } from '../domain/product-terms.js';
import { rankCandidates, type CategoryPopularity } from '../domain/recommender.js';
import type { ModelReader } from '../stores/model-reader.js';
import { candidateSignalsOf } from './top-k-recommender.js';

export interface GuideCandidateSettings {
  /** Items read per list (history, popularity, each interest). */
  perList: number;
  /** Candidates whose full records are read at most per turn. */
  maxRead: number;
  /** Recent products of a signed-in shopper used as seeds, and favourite categories. */
  userSeeds: number;
  userCategories: number;
}

export interface GuideAsk {
  profile: GuideProfile;
  /** '' for a shopper who is not signed in. */
  userId: string;
  /** Products this conversation must not show again. */
  excluded: readonly string[];
  /** Picks wanted. */
  k: number;
}

/** How much a match by description counts against a match by what names the product. */
const DESCRIBED_AFFINITY = 0.4;

export class GuideCandidates {
  constructor(
    private readonly reader: ModelReader,
    private readonly settings: GuideCandidateSettings,
  ) {}

  /** The shop's currency (the last priced product's), if it has priced products. */
  async currency(tenant: string): Promise<string | undefined> {
    return (await this.reader.guideLists(tenant, [], 1)).currency;
  }

  async find(tenant: string, ask: GuideAsk): Promise<GuideCandidate[]> {
    const s = this.settings;
    const limits = { perList: s.perList, recent: s.userSeeds, favourites: s.userCategories };
    const interests = ask.profile.interests.map((i) => ({ name: i, words: interestTerms(i) }));
    const searched = interests.filter((i) => i.words.length > 0);
    const [read, lists] = await Promise.all([
      ask.userId
        ? this.reader.forUser(tenant, ask.userId, limits)
        : this.reader.forProducts(tenant, [], limits),
      this.reader.guideLists(
        tenant,
        searched.map((i) => i.words),
        s.perList,
      ),
    ]);
    const { signals, excluded } = candidateSignalsOf(read, ask.userId ? 'user' : 'product');
    const matches: CategoryPopularity[] = searched.flatMap((interest, i) => [
      { category: interest.name, affinity: 1, items: lists.interests[i]!.named },
      { category: interest.name, affinity: DESCRIBED_AFFINITY, items: lists.interests[i]!.described },
    ]);
    const ranked = rankCandidates({ ...signals, categories: [...matches, ...signals.categories] });
    const rules = { excluded: new Set([...excluded, ...ask.excluded]) };
    const pending = ranked.filter((c) => !rules.excluded.has(c.productId)).slice(0, s.maxRead);

    const found: GuideCandidate[] = [];
    let fitting = 0;
    // Enough to choose from: the picks are ordered by interests matched, then by rank.
    const enough = 3 * ask.k;
    let batch = Math.max(2 * ask.k, 20);
    for (let next = 0; next < pending.length && fitting < enough; next += batch, batch *= 2) {
      const slice = pending.slice(next, next + batch);
      const records = await this.reader.guideRecords(
        tenant,
        slice.map((c) => c.productId),
      );
      for (const c of slice) {
        const record = records.get(c.productId)!;
        if (!isEligible(record.facts, rules)) continue;
        const candidate: GuideCandidate = {
          product: record.facts,
          catalogue: record.catalogue,
          graph: graphFactsOf(record.factKeys),
        };
        found.push(candidate);
        if (isSafeFor(candidate, ask.profile) && misfits(candidate, ask.profile).length === 0) fitting++;
      }
    }
    return found;
  }
}
