// Where a logical subject or stream lives once the optional namespace prefix is applied.

// The prefix rule itself is part of the contracts, so that test tools address the same subjects.
export { logicalSubject, prefixStream, prefixSubject } from '@shopmind/contracts';

/** The subject with its tenant token replaced by `*`: a low-cardinality metric attribute. */
export function subjectTemplate(subject: string): string {
  const tokens = subject.split('.');
  const tenantAt = tokens[0] === 'dlq' ? 3 : 1;
  if (tokens.length > tenantAt) tokens[tenantAt] = '*';
  return tokens.join('.');
}
