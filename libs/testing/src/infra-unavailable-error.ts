/**
 * Thrown when a test server cannot be provided: a binary is missing, no strategy worked, or a
 * server did not come up. A permanent condition of the machine, not something to retry.
 */
export class InfraUnavailableError extends Error {
  readonly kind = 'permanent';

  constructor(message: string) {
    super(message);
    this.name = 'InfraUnavailableError';
  }
}
