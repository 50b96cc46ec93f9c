// A query reply whose bulk a handler encoded once and reuses (a cached summary asked for again and
// again): the handler returns the reply's `meta` (field 1 of every query reply) and the rest of
// the reply as an EncodedReplyBody; the responder encodes only the meta and joins the two. The
// result is byte for byte what encoding the whole reply gives, in either wire format: protobuf
// writes fields in field-number order, so the meta field comes first and the rest follows; proto3
// JSON writes its members in the same order, so `{"meta":{…}` comes first and the rest follows.
import {
  create,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { encodeMessage, type ReplyMetaSchema, type WireFormat } from '@shopmind/contracts';

const COMMA = 0x2c; // ','

/** The reply schema's field 1 must be its `meta` message field, as every query reply's is. */
function checkMetaFirst(schema: DescMessage): void {
  const first = schema.fields.reduce((a, b) => (b.number < a.number ? b : a));
  if (first.number !== 1 || first.localName !== 'meta' || first.fieldKind !== 'message')
    throw new Error(`${schema.typeName}: a pre-encoded reply needs \`meta\` as field 1`);
}

/**
 * A reply without its `meta`, encoded on first use per wire format and kept: build one per
 * distinct reply content and hand the same object out for every request it answers.
 */
export class EncodedReplyBody<D extends DescMessage = DescMessage> {
  private binary?: Uint8Array;
  /** The JSON encoding without its opening brace: `,"productId":…}`, or `}` when nothing is set. */
  private jsonTail?: Uint8Array;
  private readonly body: MessageShape<D>;

  constructor(
    readonly schema: D,
    /** The reply's content; its `meta`, if set, is left out (each request has its own). */
    reply: MessageShape<D>,
  ) {
    checkMetaFirst(schema);
    this.body = { ...reply, meta: undefined };
  }

  /** The reply without meta, in `format`. Shared: never change the bytes. */
  encoded(format: WireFormat): Uint8Array {
    if (format === 'protobuf') {
      this.binary ??= toBinary(this.schema, this.body);
      return this.binary;
    }
    if (!this.jsonTail) {
      const json = encodeMessage(this.schema, this.body, 'json', { validate: false }).data;
      if (json.length === 2) {
        this.jsonTail = json.subarray(1); // `{}`: nothing follows the meta
      } else {
        const tail = json.slice();
        tail[0] = COMMA;
        this.jsonTail = tail;
      }
    }
    return this.jsonTail;
  }
}

/** What a query handler may return instead of its reply message (see EncodedReplyBody). */
export class PreEncodedReply<D extends DescMessage = DescMessage> {
  constructor(
    /** This request's meta (request id, correlation id, source). */
    readonly meta: MessageInitShape<typeof ReplyMetaSchema>,
    readonly body: EncodedReplyBody<D>,
  ) {}

  /** The whole reply in `format`: the encoded meta joined with the body's bytes. */
  encode(format: WireFormat): Uint8Array {
    const { schema } = this.body;
    const head = create(schema, { meta: this.meta } as unknown as MessageInitShape<D>);
    const tail = this.body.encoded(format);
    if (format === 'protobuf') return concat(toBinary(schema, head), tail);
    // `{"meta":{…}}` without its closing brace, then the tail.
    const json = encodeMessage(schema, head, 'json', { validate: false }).data;
    return concat(json.subarray(0, json.length - 1), tail);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
