// Where a logical subject or stream lives once the optional namespace prefix is applied.

export function prefixSubject(prefix: string, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

/** The subject as the contracts know it (prefix removed). */
export function logicalSubject(prefix: string, subject: string): string {
  return prefix && subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : subject;
}

export function prefixStream(prefix: string, stream: string): string {
  if (!prefix) return stream;
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_${stream}`;
}

/** The subject with its tenant token replaced by `*`: a low-cardinality metric attribute. */
export function subjectTemplate(subject: string): string {
  const tokens = subject.split('.');
  const tenantAt = tokens[0] === 'dlq' ? 3 : 1;
  if (tokens.length > tenantAt) tokens[tenantAt] = '*';
  return tokens.join('.');
}
