// The optional namespace prefix (SHOPMIND_SUBJECT_PREFIX) that lets several deployments or tests share
// one NATS server: where a catalogue subject or stream lives once the prefix is applied.

/** `<prefix>.<subject>`, or the subject itself when there is no prefix. */
export function prefixSubject(prefix: string, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

/** The subject as the catalogue knows it (prefix removed). */
export function logicalSubject(prefix: string, subject: string): string {
  return prefix && subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : subject;
}

/** `<PREFIX>_<stream>`: the prefix upper-cased, characters a stream name cannot hold replaced by `_`. */
export function prefixStream(prefix: string, stream: string): string {
  if (!prefix) return stream;
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_${stream}`;
}
