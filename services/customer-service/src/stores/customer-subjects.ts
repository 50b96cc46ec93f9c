// Under which names customer-service lists what it publishes (BusPublisher `subjects`) and what the
// gateway caches from a turn (`subject`), so that an erasure finds them: the customer's user id (the
// results carry it anyway, as review-sentiment and knowledge-graph list theirs), and each e-mail
// address the turn knows as `email:<keyed hash>` — HMAC-SHA256 with SUPPORT_SUBJECT_SECRET over the
// lower-cased address, base64url, 22 characters — so no address appears in clear in a list's key
// name (fraud-detection lists its results under keyed hashes for the same reason). A guest, who has
// no user id, is found by the address they wrote from; case does not matter.
import { createHmac } from 'node:crypto';

export class CustomerSubjects {
  /** Recent addresses → names, in process memory only (a conversation repeats its addresses). */
  private readonly memo = new Map<string, string>();

  constructor(
    private readonly secret: string,
    private readonly memoSize = 10_000,
  ) {
    if (secret.length < 16) throw new Error('the subject hashing secret must have at least 16 characters');
  }

  /** The name of one e-mail address (any case, surrounding blanks ignored). */
  ofEmail(email: string): string {
    const address = email.trim().toLowerCase();
    const known = this.memo.get(address);
    if (known !== undefined) return known;
    const name = `email:${createHmac('sha256', this.secret).update(address).digest('base64url').slice(0, 22)}`;
    if (this.memo.size >= this.memoSize) this.memo.clear();
    this.memo.set(address, name);
    return name;
  }

  /**
   * Every name of a customer: the user id when there is one, then each address, without repeats.
   * The same for a turn (the addresses it knows) and an erasure (the addresses it names).
   */
  of(userId: string, emails: readonly string[]): string[] {
    const addresses = emails.filter((e) => e.trim() !== '').map((e) => this.ofEmail(e));
    return [...new Set([...(userId ? [userId] : []), ...addresses])];
  }
}
