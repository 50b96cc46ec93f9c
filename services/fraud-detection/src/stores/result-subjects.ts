// Under which names fraud-detection lists the results it publishes for erasure (BusPublisher
// `subjects`): the keyed hashes of the account and of the e-mail address, exactly as the feature store
// keys those entities (a guest's account is its e-mail), so no identifier is kept in clear for this
// either, and an erasure naming the account or any of its addresses finds them.
import type { IdentifierHasher } from './identifier-hasher.js';

export class ResultSubjects {
  constructor(private readonly hasher: IdentifierHasher) {}

  /** An order's: its account (or the guest behind its e-mail) and its e-mail address. */
  ofOrder(userId: string, email: string): string[] {
    const address = email.toLowerCase();
    const account = userId || (address ? `guest:${address}` : '');
    return [
      ...(account ? [this.hasher.hash('user', account)] : []),
      ...(address ? [this.hasher.hash('email', address)] : []),
    ];
  }

  /** A review's: its author's account. */
  ofReviewer(userId: string): string[] {
    return userId ? [this.hasher.hash('user', userId)] : [];
  }

  /** Everything an erasure request names: the account, and each address as e-mail and as guest. */
  ofErasure(userId: string, emails: readonly string[]): string[] {
    return [...this.ofReviewer(userId), ...emails.filter(Boolean).flatMap((e) => this.ofOrder('', e))];
  }
}
