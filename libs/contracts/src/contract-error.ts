// The one error kind of this library. A message that breaks the contract never gets better by
// retrying, so every ContractError is permanent: the bus dead-letters it with `reason`.

export type ContractErrorKind =
  | 'undecodable' // not protobuf / not JSON / not this message type
  | 'invalid' // decoded, but violates the protovalidate rules of the proto
  | 'rules_error' // a rule could not be evaluated (a bug in a proto rule; still not retryable)
  | 'tenant_mismatch' // the envelope/meta tenant differs from the subject's tenant
  | 'invalid_subject'; // a subject or subject token that is not allowed

export class ContractError extends Error {
  override readonly name = 'ContractError';
  /** Contract errors are never transient. */
  readonly permanent = true;

  constructor(
    readonly kind: ContractErrorKind,
    /** Human-readable, names the offending field(s); goes into dead letters and error replies. */
    readonly reason: string,
    /** One entry per violated rule, `field.path: message [rule-id]`. */
    readonly violations: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}
