// A fast first pass over the protovalidate rules: the rules our protos use, compiled once per
// message type into plain JavaScript checks on the message object. It only ever says "valid" or
// "not sure": a message it passes is valid by protovalidate's rules too; anything else (a
// violation, an edge case it does not decide, a rule it does not know) goes to protovalidate,
// which has the final word and writes the violations. So valid input skips protovalidate's
// reflective walk (and its RE2 and CEL interpreters), and an invalid one gets the same error.
import { getOption, isFieldSet, ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import {
  field as fieldRulesOf,
  FieldRulesSchema,
  Ignore,
  message as messageRulesOf,
  oneof as oneofRulesOf,
  type FieldRules,
} from '@bufbuild/protovalidate/gen/buf/validate/validate_pb.js';

type AnyMessage = Record<string, unknown>;
/** True when the value is proven to pass; false when it fails or the pass cannot tell. */
type Check = (value: never) => boolean;
type MessageCheck = (msg: AnyMessage) => boolean;

/** A rule set the pass does not decide: the whole message type is left to protovalidate. */
class Unsupported extends Error {}

/**
 * The message-level CEL expressions of our protos, as JavaScript over the message object. An
 * expression not listed here leaves its message type to protovalidate (correct, only slower);
 * `compiled-rules.spec.ts` checks each one against protovalidate.
 */
const CEL: Record<string, (m: AnyMessage) => boolean> = {
  '!has(this.totals.total) || this.totals.total.currency == this.currency': (m) => {
    const total = (m.totals as AnyMessage | undefined)?.total as AnyMessage | undefined;
    return total === undefined || total.currency === m.currency;
  },
  'this.payment_method != 1 || has(this.card)': (m) => m.paymentMethod !== 1 || m.card !== undefined,
  'this.status != 3 || has(this.tracking)': (m) => m.status !== 3 || m.tracking !== undefined,
  '!has(this.min_months) || !has(this.max_months) || this.min_months <= this.max_months': (m) =>
    m.minMonths === undefined ||
    m.maxMonths === undefined ||
    (m.minMonths as number) <= (m.maxMonths as number),
  "this.kind == 6 ? this.query != '' : this.product_id != ''": (m) =>
    m.kind === 6 ? m.query !== '' : m.productId !== '',
  "this.user_id != '' || size(this.emails) > 0": (m) => m.userId !== '' || (m.emails as unknown[]).length > 0,
  "this.object != '' || has(this.number)": (m) => m.object !== '' || m.number !== undefined,
};

const compiled = new WeakMap<DescMessage, MessageCheck | null>();

/**
 * True when `msg` is proven valid by its type's rules without protovalidate. False means "ask
 * protovalidate": the message may well be valid.
 */
export function passesCompiledRules(schema: DescMessage, msg: object): boolean {
  const check = checkFor(schema);
  if (check === null || (msg as AnyMessage).$typeName !== schema.typeName) return false;
  try {
    return check(msg as AnyMessage);
  } catch {
    // A malformed object (not made by create or a decoder): protovalidate reports what it makes of it.
    return false;
  }
}

/** Whether the fast pass covers every rule of `schema` and of the messages it contains. */
export function hasCompiledRules(schema: DescMessage): boolean {
  return checkFor(schema) !== null;
}

function checkFor(schema: DescMessage): MessageCheck | null {
  let check = compiled.get(schema);
  if (check === undefined) {
    try {
      check = compileMessage(schema);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      check = null;
    }
    compiled.set(schema, check);
  }
  return check;
}

/** A nested message's check, resolved when first run (recursive types refer to themselves). */
function nestedCheck(schema: DescMessage, compiling: Set<DescMessage>): MessageCheck {
  if (compiling.has(schema)) {
    return (m) => {
      const check = compiled.get(schema);
      return check !== null && check !== undefined && check(m);
    };
  }
  let known = compiled.get(schema);
  if (known === null) throw new Unsupported(schema.typeName);
  if (known === undefined) {
    known = compileMessage(schema, compiling);
    compiled.set(schema, known);
  }
  return known;
}

function compileMessage(schema: DescMessage, compiling = new Set<DescMessage>()): MessageCheck {
  compiling.add(schema);
  try {
    const rules = getOption(schema, messageRulesOf);
    if (rules.$unknown?.length || rules.oneof.length > 0 || rules.celExpression.length > 0)
      throw new Unsupported(schema.typeName);
    const checks: MessageCheck[] = rules.cel.map((c) => {
      const js = CEL[c.expression];
      if (!js) throw new Unsupported(`${schema.typeName}: ${c.expression}`);
      return js;
    });
    for (const oneof of schema.oneofs) {
      if (getOption(oneof, oneofRulesOf).required) {
        const name = oneof.localName;
        checks.push((m) => (m[name] as { case?: string }).case !== undefined);
      }
    }
    for (const field of schema.fields) {
      const check = compileField(field, compiling);
      if (check) checks.push(check);
    }
    return (m) => {
      for (let i = 0; i < checks.length; i++) if (!checks[i]!(m)) return false;
      return true;
    };
  } finally {
    compiling.delete(schema);
  }
}

/** Names of the rule fields the pass decides, per rules message; any other set field is unsupported. */
const DECIDED = {
  field: new Set([
    'required',
    'ignore',
    'string',
    'int32',
    'int64',
    'uint32',
    'uint64',
    'double',
    'float',
    'bool',
    'enum',
    'repeated',
    'map',
  ]),
  string: new Set(['minLen', 'maxLen', 'pattern', 'in', 'email', 'ip', 'uri', 'example']),
  number: new Set(['lt', 'lte', 'gt', 'gte', 'example']),
  bool: new Set(['example']),
  enum: new Set(['definedOnly', 'in', 'notIn', 'example']),
  repeated: new Set(['minItems', 'maxItems', 'items']),
  map: new Set(['minPairs', 'maxPairs', 'keys', 'values']),
};

function onlyDecided(rules: { $typeName: string; $unknown?: unknown[] }, names: Set<string>): void {
  if (rules.$unknown?.length) throw new Unsupported(rules.$typeName);
  const schema = RULE_SCHEMAS.get(rules.$typeName);
  if (!schema) throw new Unsupported(rules.$typeName);
  for (const f of schema.fields)
    if (!names.has(f.localName) && isFieldSet(rules as never, f))
      throw new Unsupported(`${rules.$typeName}.${f.localName}`);
}

/**
 * The value of an optional rule (validate.proto has explicit presence: an unset rule still reads
 * as its default, 0 or ''), or undefined when the rule is not set.
 */
function ruleOf<T>(rules: { $typeName: string }, name: string): T | undefined {
  const schema = RULE_SCHEMAS.get(rules.$typeName);
  const f = schema?.fields.find((x) => x.localName === name);
  if (!f) throw new Unsupported(`${rules.$typeName}.${name}`);
  return isFieldSet(rules as never, f) ? ((rules as Record<string, unknown>)[name] as T) : undefined;
}

const RULE_SCHEMAS = new Map<string, DescMessage>(
  [FieldRulesSchema, ...FieldRulesSchema.fields.flatMap((f) => (f.message ? [f.message] : []))].map((s) => [
    s.typeName,
    s,
  ]),
);

const SCALAR_RULES: Partial<Record<ScalarType, string>> = {
  [ScalarType.STRING]: 'string',
  [ScalarType.INT32]: 'int32',
  [ScalarType.INT64]: 'int64',
  [ScalarType.UINT32]: 'uint32',
  [ScalarType.UINT64]: 'uint64',
  [ScalarType.DOUBLE]: 'double',
  [ScalarType.FLOAT]: 'float',
  [ScalarType.BOOL]: 'bool',
};

function isZero(v: unknown): boolean {
  return v === undefined || v === '' || v === 0 || v === 0n || v === false;
}

/** The check of one field of a message, or undefined when it has nothing to check. */
function compileField(field: DescField, compiling: Set<DescMessage>): MessageCheck | undefined {
  const rules = getOption(field, fieldRulesOf);
  onlyDecided(rules, DECIDED.field);
  // A member of a proto oneof is set when its case is chosen, even to '' or 0: its rules apply then.
  // (protovalidate's IF_ZERO_VALUE default is for fields named by a message-level oneof rule,
  // which this pass leaves to protovalidate.)
  const ignore = isFieldSet(rules, FieldRulesSchema.field.ignore) ? rules.ignore : Ignore.UNSPECIFIED;
  if (ignore === Ignore.ALWAYS) return undefined;
  if (ignore !== Ignore.UNSPECIFIED && ignore !== Ignore.IF_ZERO_VALUE)
    throw new Unsupported(field.toString());
  const ignoreZero = ignore === Ignore.IF_ZERO_VALUE;
  // `required` is decided where our protos use it, on message fields (set or not); elsewhere its
  // meaning depends on presence and zero values, and it is left to protovalidate.
  const required = rules.required;
  if (required && (field.fieldKind !== 'message' || field.oneof)) throw new Unsupported(field.toString());
  // Explicit presence: a message, a proto3 `optional`, a oneof member. Unset means "no rules apply".
  const explicit = field.fieldKind === 'message' || field.oneof !== undefined || field.presence === 1;
  const value = valueOf(field);
  const check = compileValue(field, rules, compiling);
  if (!check && !required) return undefined;
  const zero =
    field.fieldKind === 'list'
      ? (v: unknown) => (v as unknown[]).length === 0
      : field.fieldKind === 'map'
        ? (v: unknown) => Object.keys(v as object).length === 0
        : isZero;
  return (m) => {
    const v = value(m);
    if (explicit && v === undefined) return !required;
    if (ignoreZero && zero(v)) return true;
    return !check || check(v as never);
  };
}

function valueOf(field: DescField): (m: AnyMessage) => unknown {
  const name = field.localName;
  if (!field.oneof) return (m) => m[name];
  const group = field.oneof.localName;
  return (m) => {
    const o = m[group] as { case?: string; value?: unknown };
    return o.case === name ? o.value : undefined;
  };
}

/** The check of a field's value (its type's rules, and a nested message's own rules). */
function compileValue(field: DescField, rules: FieldRules, compiling: Set<DescMessage>): Check | undefined {
  switch (field.fieldKind) {
    case 'scalar':
      return compileScalar(field.scalar, rules, field.longAsString);
    case 'enum':
      return compileEnum(
        field.enum.values.map((v) => v.number),
        rules,
      );
    case 'message':
      if (rules.type.case !== undefined) throw new Unsupported(field.toString());
      return nestedCheck(field.message, compiling) as Check;
    case 'list': {
      if (rules.type.case !== undefined && rules.type.case !== 'repeated')
        throw new Unsupported(field.toString());
      const r = rules.type.case === 'repeated' ? rules.type.value : undefined;
      if (r) onlyDecided(r, DECIDED.repeated);
      const items = r?.items;
      if (items) {
        onlyDecided(items, DECIDED.field);
        if (items.required) throw new Unsupported(field.toString());
      }
      const itemIgnoreZero = items?.ignore === Ignore.IF_ZERO_VALUE;
      if (items && items.ignore !== Ignore.UNSPECIFIED && !itemIgnoreZero)
        throw new Unsupported(field.toString());
      const item: Check | undefined =
        field.listKind === 'message'
          ? (nestedCheck(field.message, compiling) as Check)
          : field.listKind === 'enum'
            ? compileEnum(
                field.enum.values.map((v) => v.number),
                items,
              )
            : compileScalar(field.scalar, items, field.longAsString);
      if (field.listKind === 'message' && items?.type.case !== undefined)
        throw new Unsupported(field.toString());
      const min = Number((r && ruleOf<bigint>(r, 'minItems')) ?? 0n);
      const maxSet = r && ruleOf<bigint>(r, 'maxItems');
      const max = maxSet === undefined ? Infinity : Number(maxSet);
      return ((list: unknown[]) => {
        if (list.length < min || list.length > max) return false;
        if (item)
          for (let i = 0; i < list.length; i++)
            if (!(itemIgnoreZero && isZero(list[i])) && !item(list[i] as never)) return false;
        return true;
      }) as Check;
    }
    case 'map': {
      if (rules.type.case !== undefined && rules.type.case !== 'map') throw new Unsupported(field.toString());
      const r = rules.type.case === 'map' ? rules.type.value : undefined;
      if (r) onlyDecided(r, DECIDED.map);
      for (const side of [r?.keys, r?.values])
        if (side) {
          onlyDecided(side, DECIDED.field);
          if (side.required || side.ignore !== Ignore.UNSPECIFIED) throw new Unsupported(field.toString());
        }
      // Map keys are strings or integers; only string keys are decided here.
      if (field.mapKey !== ScalarType.STRING) throw new Unsupported(field.toString());
      const key = compileScalar(ScalarType.STRING, r?.keys);
      const value: Check | undefined =
        field.mapKind === 'message'
          ? (nestedCheck(field.message, compiling) as Check)
          : field.mapKind === 'enum'
            ? compileEnum(
                field.enum.values.map((v) => v.number),
                r?.values,
              )
            : compileScalar(field.scalar, r?.values);
      if (field.mapKind === 'message' && r?.values?.type.case !== undefined)
        throw new Unsupported(field.toString());
      const min = Number((r && ruleOf<bigint>(r, 'minPairs')) ?? 0n);
      const maxSet = r && ruleOf<bigint>(r, 'maxPairs');
      const max = maxSet === undefined ? Infinity : Number(maxSet);
      return ((map: Record<string, unknown>) => {
        const keys = Object.keys(map);
        if (keys.length < min || keys.length > max) return false;
        for (const k of keys) {
          if (key && !key(k as never)) return false;
          if (value && !value(map[k] as never)) return false;
        }
        return true;
      }) as Check;
    }
  }
}

function compileEnum(defined: number[], rules: FieldRules | undefined): Check | undefined {
  if (!rules || rules.type.case === undefined) return undefined;
  if (rules.type.case !== 'enum') throw new Unsupported(rules.type.case);
  const r = rules.type.value;
  onlyDecided(r, DECIDED.enum);
  const known = r.definedOnly ? new Set(defined) : undefined;
  const allowed = r.in.length > 0 ? new Set(r.in) : undefined;
  const refused = new Set(r.notIn);
  return ((v: number) =>
    (!known || known.has(v)) && (!allowed || allowed.has(v)) && !refused.has(v)) as Check;
}

function compileScalar(
  scalar: ScalarType,
  rules: FieldRules | undefined,
  longAsString = false,
): Check | undefined {
  if (!rules || rules.type.case === undefined) return undefined;
  // 64-bit integers read as strings compare differently: left to protovalidate.
  if (longAsString) throw new Unsupported('64-bit integer as string');
  if (rules.type.case !== SCALAR_RULES[scalar]) throw new Unsupported(rules.type.case);
  switch (rules.type.case) {
    case 'string':
      return compileString(rules.type.value);
    case 'bool':
      onlyDecided(rules.type.value, DECIDED.bool);
      return undefined;
    default: {
      // Every numeric rules message has these two oneofs.
      type N = number | bigint;
      const r = rules.type.value as unknown as {
        $typeName: string;
        greaterThan: { case?: 'gt' | 'gte'; value?: N };
        lessThan: { case?: 'lt' | 'lte'; value?: N };
      };
      onlyDecided(r, DECIDED.number);
      const lo = r.greaterThan;
      const hi = r.lessThan;
      const checks: ((v: N) => boolean)[] = [];
      if (lo.case === 'gt') checks.push((v) => v > (lo.value as N));
      if (lo.case === 'gte') checks.push((v) => v >= (lo.value as N));
      if (hi.case === 'lt') checks.push((v) => v < (hi.value as N));
      if (hi.case === 'lte') checks.push((v) => v <= (hi.value as N));
      // An upper bound at or below the lower one means "outside the range": not decided here.
      if (lo.case && hi.case && (hi.value as N) <= (lo.value as N)) throw new Unsupported('exclusive range');
      if (checks.length === 0) return undefined;
      return ((v: N) => checks.every((c) => c(v))) as Check;
    }
  }
}

function compileString(r: Extract<FieldRules['type'], { case: 'string' }>['value']): Check | undefined {
  onlyDecided(r, DECIDED.string);
  const checks: ((s: string) => boolean)[] = [];
  const minLen = ruleOf<bigint>(r, 'minLen');
  const maxLen = ruleOf<bigint>(r, 'maxLen');
  if (minLen !== undefined || maxLen !== undefined) {
    const min = Number(minLen ?? 0n);
    const max = maxLen === undefined ? Infinity : Number(maxLen);
    checks.push((s) => {
      // Lengths count code points; a UTF-16 length brackets them: [length / 2, length].
      if (s.length <= max && s.length >= 2 * min) return true;
      const n = codePoints(s);
      return n >= min && n <= max;
    });
  }
  const pattern = ruleOf<string>(r, 'pattern');
  if (pattern !== undefined) checks.push(compilePattern(pattern));
  if (r.in.length > 0) {
    const allowed = new Set(r.in);
    checks.push((s) => allowed.has(s));
  }
  if (r.wellKnown.case === 'email') {
    if (!r.wellKnown.value) throw new Unsupported('email: false');
    checks.push(plainEmail);
  } else if (r.wellKnown.case === 'ip') {
    if (!r.wellKnown.value) throw new Unsupported('ip: false');
    checks.push(dottedIpv4);
  } else if (r.wellKnown.case === 'uri') {
    if (!r.wellKnown.value) throw new Unsupported('uri: false');
    checks.push(plainHttpUrl);
  } else if (r.wellKnown.case !== undefined) {
    throw new Unsupported(r.wellKnown.case);
  }
  if (checks.length === 0) return undefined;
  return ((s: string) => {
    for (let i = 0; i < checks.length; i++) if (!checks[i]!(s)) return false;
    return true;
  }) as Check;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A low surrogate after a high one completes the pair counted at the high one.
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) continue;
    }
    n++;
  }
  return n;
}

/**
 * RE2 (protovalidate's engine) and JavaScript agree on patterns made of anchors, alternation,
 * groups, ASCII literals, ASCII character classes and counted repetition; anything else (`.`,
 * escapes, flags, Unicode classes, lookarounds) is left to protovalidate.
 */
const PORTABLE_PATTERN = /^[\^$|()[\]{}?*+,A-Za-z0-9_ -]*$/;

function compilePattern(pattern: string): (s: string) => boolean {
  // A negated class matches half of a surrogate pair in JavaScript, a whole character in RE2.
  if (!PORTABLE_PATTERN.test(pattern) || pattern.includes('(?') || pattern.includes('[^'))
    throw new Unsupported(`pattern ${pattern}`);
  const re = new RegExp(pattern);
  return (s) => re.test(s);
}

/**
 * A plain e-mail address: `local@domain` with a dot-atom-like local part (letters, digits and
 * . _ + -) of at most 64 characters and a domain of at least two labels (letters, digits and
 * inner hyphens, at most 63 each), 254 characters in all. A strict subset of what protovalidate
 * accepts (the HTML "valid e-mail address"); anything else is left to it.
 */
const PLAIN_EMAIL =
  /^[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
function plainEmail(s: string): boolean {
  return s.length <= 254 && PLAIN_EMAIL.test(s);
}

/** Four decimal octets 0–255 without leading zeros; other forms (IPv6 among them) go to protovalidate. */
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
function dottedIpv4(s: string): boolean {
  return IPV4.test(s);
}

/**
 * A plain http(s) URL: a host of letters, digits, hyphens and dots, an optional port, a path and
 * query of unreserved characters, `/`, `=`, `&` and percent escapes. A strict subset of the RFC 3986
 * URIs protovalidate accepts; anything else is left to it.
 */
const PLAIN_URL =
  /^https?:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?(?:\/(?:[A-Za-z0-9._~!$'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?(?:\?(?:[A-Za-z0-9._~!$'()*+,;=:@/?&-]|%[0-9A-Fa-f]{2})*)?$/;
function plainHttpUrl(s: string): boolean {
  return PLAIN_URL.test(s);
}
