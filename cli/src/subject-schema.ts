// Which contract schema a subject's messages have, and decoding for display: the subject tells the
// schema (events, query requests, dead letters of either), the content-type tells the format.
import { toJson, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { decodeMessage, eventForSubject, Queries, type ContractError } from '@shopmind/contracts';

const queriesByKey = new Map(Object.values(Queries).map((q) => [q.key, q]));

/** The schema of messages on a logical subject, or undefined (replies, unknown subjects). */
export function schemaOfSubject(subject: string): DescMessage | undefined {
  const tokens = subject.split('.');
  if (tokens[0] === 'dlq') return schemaOfSubject(tokens.slice(2).join('.'));
  if (tokens[0] === 'q' && tokens.length === 4) return queriesByKey.get(`${tokens[2]}.${tokens[3]}`)?.request;
  return eventForSubject(subject)?.schema;
}

export interface DecodedBody {
  /** proto3 JSON of the decoded message; the raw text when it could not be decoded. */
  data: JsonValue | string;
  /** The schema's type name when decoded. */
  type?: string;
  /** Why it could not be decoded or is invalid. */
  error?: string;
}

const utf8 = new TextDecoder('utf-8');

export function decodeForDisplay(
  schema: DescMessage | undefined,
  data: Uint8Array,
  contentType: string | undefined,
): DecodedBody {
  if (!schema) return { data: utf8.decode(data), error: 'no contract schema for this subject' };
  try {
    return { data: toJson(schema, decodeMessage(schema, data, contentType)), type: schema.typeName };
  } catch (err) {
    const raw = /protobuf/.test(contentType ?? '') ? Buffer.from(data).toString('base64') : utf8.decode(data);
    return { data: raw, error: (err as ContractError).message };
  }
}
