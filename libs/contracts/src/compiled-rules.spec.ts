// The compiled rules may only ever be a shortcut: every message they pass, protovalidate passes.
// Proven here on every message type of the contracts with generated messages that sit on the
// edges of their rules (lengths around the limits in code points, patterns, e-mail and IP forms,
// enum values, ranges, list sizes, unset required fields, the CEL rules), and shown to be worth
// having: ordinary valid messages take the shortcut.
import {
  create,
  getOption,
  isMessage,
  ScalarType,
  type DescField,
  type DescMessage,
} from '@bufbuild/protobuf';
import type { Path } from '@bufbuild/protobuf/reflect';
import {
  field as fieldRules,
  message as messageRules,
} from '@bufbuild/protovalidate/gen/buf/validate/validate_pb.js';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { createValidator } from '@bufbuild/protovalidate';
import { describe, expect, it } from '@jest/globals';
import { hasCompiledRules, passesCompiledRules } from './compiled-rules.js';
import * as contracts from './index.js';
import {
  ContractError,
  FraudScoreRequestSchema,
  OrderPlacedSchema,
  PaymentMethod,
  ReviewSubmittedSchema,
  ReviewSummaryRequestSchema,
  TopKRequestSchema,
  validateMessage,
} from './index.js';

const validator = createValidator();
const schemas = (Object.values(contracts) as unknown[]).filter(
  (v): v is DescMessage =>
    typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'message' && 'typeName' in v,
);

/** A small deterministic generator (a linear congruential one): the same messages every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STRINGS = [
  '',
  'a',
  'abc',
  'EUR',
  'eur',
  'EURO',
  'DE',
  'de',
  'D',
  'en',
  'en-GB',
  'zh-Hant-TW',
  'EN',
  'e',
  'en-',
  '1234',
  '123',
  '123456',
  '1234567',
  '12345678',
  'acme',
  'Acme',
  '-acme',
  'tenant_1',
  '1.2.3.4',
  '0.0.0.0',
  '255.255.255.255',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3',
  '1.2.3.4.5',
  '::1',
  '2001:db8::1',
  'fe80::1%eth0',
  '1.2.3.4/24',
  'a@b.co',
  'a@b',
  'first.last+tag@example.co.uk',
  'x@-b.com',
  'x@b-.com',
  '.a@b.co',
  'a..b@c.de',
  'ü@x.com',
  'a b@c.de',
  "o'neil@x.de",
  `${'x'.repeat(64)}@a.de`,
  `${'x'.repeat(65)}@a.de`,
  `a@${'b'.repeat(63)}.de`,
  `a@${'b'.repeat(64)}.de`,
  'invalid_request',
  'internal',
  'Internal',
  '🙂',
  '🙂🙂',
  '\ud800',
  'line\nbreak',
  ' ',
  'https://example.com/p/1.jpg',
  'http://shop.example:8080/a%20b/c?x=1&y=2',
  'https://exa_mple.com/',
  'https://example.com/a b',
  'https://example.com/%zz',
  'https://-example.com/',
  'ftp://example.com/x',
  'https:example.com',
  'https://',
  '//example.com/x',
  'https://[::1]/x',
  'https://example.com/#frag',
  "https://example.com/it's",
];
const NUMBERS = [
  0, 1, 2, 3, 5, 6, 16, 17, 20, 21, 50, 51, 64, 65, 100, 101, 1000, 1001, 1440, 1441, 100000, 100001, -1,
  4294967295,
];
const DOUBLES = [0, -0, 0.25, 0.5, 1, 1.0000001, -1, -1.0000001, 4.99, 5, 5.0001, NaN, Infinity, -Infinity];
const BIGINTS = [0n, 1n, -1n, 1999n, 2n ** 40n];

interface Limits {
  min?: number;
  max?: number;
}

/** Length limits of a field (or of its items), read from its rules to aim at the edges. */
function lengthLimits(field: DescField): Limits {
  const rules = getOption(field, fieldRules);
  const found: Limits = {};
  const read = (r: object | undefined): void => {
    if (!r) return;
    const o = r as Record<string, unknown>;
    for (const [k, into] of [
      ['minLen', 'min'],
      ['maxLen', 'max'],
      ['minItems', 'min'],
      ['maxItems', 'max'],
      ['minPairs', 'min'],
      ['maxPairs', 'max'],
    ] as const)
      if (typeof o[k] === 'bigint' && (o[k] as bigint) > 0n) found[into] ??= Number(o[k]);
  };
  read(rules.type.value);
  if (rules.type.case === 'repeated') read(rules.type.value.items?.type.value);
  if (rules.type.case === 'map') read(rules.type.value.values?.type.value);
  return found;
}

/**
 * Values a string field (or its items) likely takes when valid: its `in` list, or the palette's
 * strings its pattern matches (a guess to draw valid messages; protovalidate still judges).
 */
function allowedStrings(field: DescField): string[] {
  const rules = getOption(field, fieldRules);
  const str =
    rules.type.case === 'string'
      ? rules.type.value
      : rules.type.case === 'repeated' && rules.type.value.items?.type.case === 'string'
        ? rules.type.value.items.type.value
        : undefined;
  if (!str) return [];
  if (str.in.length > 0) return str.in;
  if (str.pattern) {
    const re = new RegExp(str.pattern);
    return STRINGS.filter((x) => re.test(x));
  }
  return [];
}

function stringAround(limits: Limits, r: () => number): string {
  const edges = [limits.min, limits.max].filter((x): x is number => x !== undefined);
  const edge = edges[Math.floor(r() * edges.length)] ?? 4;
  const n = Math.max(0, edge + Math.floor(r() * 3) - 1);
  // ASCII, astral (two UTF-16 units per code point) or mixed: the limits count code points.
  const kind = r();
  if (kind < 0.4) return 'x'.repeat(n);
  if (kind < 0.7) return '🙂'.repeat(n);
  return 'x'.repeat(Math.ceil(n / 2)) + '🙂'.repeat(Math.floor(n / 2));
}

function pick<T>(values: readonly T[], r: () => number): T {
  return values[Math.floor(r() * values.length)]!;
}

function scalarValue(field: DescField, r: () => number): unknown {
  switch (field.scalar) {
    case ScalarType.STRING: {
      const allowed = allowedStrings(field);
      if (allowed.length > 0 && r() < 0.5) return pick(allowed, r);
      return r() < 0.3 ? stringAround(lengthLimits(field), r) : pick(STRINGS, r);
    }
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return pick(DOUBLES, r);
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return pick(BIGINTS, r);
    case ScalarType.BOOL:
      return r() < 0.5;
    case ScalarType.BYTES:
      return new Uint8Array(Math.floor(r() * 3));
    default:
      return pick(NUMBERS, r);
  }
}

function enumValue(field: DescField, r: () => number): number {
  const values = (field.enum?.values ?? []).map((v) => v.number);
  return r() < 0.8 ? pick(values, r) : pick([0, 99, -1], r);
}

/** One list item or map value of a repeated or map field. */
function itemValue(field: DescField, r: () => number, depth: number): unknown {
  const kind =
    field.fieldKind === 'list' ? field.listKind : field.fieldKind === 'map' ? field.mapKind : undefined;
  if (kind === 'message') return generate((field as { message: DescMessage }).message, r, depth + 1);
  if (kind === 'enum') return enumValue(field, r);
  return scalarValue(field, r);
}

/** A message of `schema` with every field set, unset or on an edge at random. */
function generate(schema: DescMessage, r: () => number, depth = 0): Record<string, unknown> {
  const msg = create(schema) as unknown as Record<string, unknown>;
  for (const oneof of schema.oneofs) {
    const member = r() < 0.85 ? pick(oneof.fields, r) : undefined;
    if (member) msg[oneof.localName] = { case: member.localName, value: fieldValue(member, r, depth) };
  }
  for (const field of schema.fields) {
    if (field.oneof) continue;
    if (field.fieldKind === 'message' || field.presence === 1) {
      if (r() < 0.15 || depth > 4) continue;
    }
    msg[field.localName] = fieldValue(field, r, depth);
  }
  return msg;
}

function fieldValue(field: DescField, r: () => number, depth: number): unknown {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarValue(field, r);
    case 'enum':
      return enumValue(field, r);
    case 'message':
      return generate(field.message, r, depth + 1);
    case 'list': {
      const limits = lengthLimits(field);
      const n =
        r() < 0.3 && limits.max !== undefined && limits.max <= 64
          ? limits.max + Math.floor(r() * 2)
          : Math.floor(r() * 4);
      return Array.from({ length: n }, () => itemValue(field, r, depth));
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 4); i > 0; i--) {
        out[pick(STRINGS, r)] = itemValue(field, r, depth);
      }
      return out;
    }
  }
}

type Obj = Record<string, unknown>;

/**
 * Sets the value a path leads to (a field, or a list item or map value); `undefined` unsets a
 * field with presence. A path through something unset (by an earlier change) is left alone.
 */
function setAt(root: Obj, path: Path, value: (field: DescField, item: boolean) => unknown): void {
  let holder: unknown = root;
  let field: DescField | undefined;
  for (let i = 0; i < path.length; i++) {
    const item = path[i]!;
    const final = i === path.length - 1;
    if (typeof holder !== 'object' || holder === null) return;
    const h = holder as Obj;
    if (item.kind === 'field') {
      field = item;
      if (item.oneof) {
        const group = item.oneof.localName;
        if (final) {
          const v = value(item, false);
          h[group] = v === undefined ? { case: undefined } : { case: item.localName, value: v };
        } else {
          const g = h[group] as { case?: string; value?: unknown };
          if (g.case !== item.localName) return;
          holder = g.value;
        }
      } else if (final) {
        h[item.localName] = value(item, false);
      } else {
        holder = h[item.localName];
      }
    } else if (item.kind === 'list_sub' || item.kind === 'map_sub') {
      const key = item.kind === 'list_sub' ? item.index : String(item.key);
      if (final) h[key] = value(field!, true);
      else holder = h[key];
    } else {
      return;
    }
  }
}

/** A new random draw for a field (sometimes unset when it has presence) or for one of its items. */
function draw(r: () => number): (field: DescField, item: boolean) => unknown {
  return (field, item) => {
    if (item) return itemValue(field, r, 2);
    const presence = field.fieldKind === 'message' || field.presence === 1 || field.oneof !== undefined;
    return presence && r() < 0.25 ? undefined : fieldValue(field, r, 2);
  };
}

function regenerateAt(root: Obj, path: Path, r: () => number): void {
  setAt(root, path, draw(r));
}

/** Length limits of a map's string values. */
function mapValueLimits(field: DescField): Limits {
  const rules = getOption(field, fieldRules);
  const values = rules.type.case === 'map' ? rules.type.value.values : undefined;
  if (values?.type.case !== 'string') return {};
  const v = values.type.value;
  return {
    min: v.minLen !== undefined && v.minLen > 0n ? Number(v.minLen) : undefined,
    max: v.maxLen !== undefined && v.maxLen > 0n ? Number(v.maxLen) : undefined,
  };
}

/** Strings on the edges of a field's length limits: ASCII, astral (2 UTF-16 units each) and mixed. */
function edgeStrings(limits: Limits): string[] {
  const out: string[] = [];
  for (const edge of [limits.min, limits.max]) {
    if (edge === undefined) continue;
    for (const n of [edge - 1, edge, edge + 1]) {
      if (n < 0) continue;
      out.push('x'.repeat(n), '🙂'.repeat(n), 'x'.repeat(Math.ceil(n / 2)) + '🙂'.repeat(Math.floor(n / 2)));
    }
  }
  return out;
}

/** Every value worth trying at a path: the palettes, the edges of the field's limits, unset. */
function candidates(field: DescField, item: boolean, r: () => number): unknown[] {
  const presence =
    !item && (field.fieldKind === 'message' || field.presence === 1 || field.oneof !== undefined);
  const out: unknown[] = presence ? [undefined] : [];
  const kind = item
    ? field.fieldKind === 'list'
      ? field.listKind
      : field.fieldKind === 'map'
        ? field.mapKind
        : field.fieldKind
    : field.fieldKind;
  const values = (): unknown[] => {
    if (kind === 'message') return [itemOrField(field, item, r)];
    if (kind === 'enum') return [...(field.enum?.values ?? []).map((v) => v.number), 0, 99, -1];
    switch (field.scalar) {
      case ScalarType.STRING:
        return [...STRINGS, ...edgeStrings(lengthLimits(field))];
      case ScalarType.DOUBLE:
      case ScalarType.FLOAT:
        return DOUBLES;
      case ScalarType.BOOL:
        return [true, false];
      case ScalarType.INT64:
      case ScalarType.UINT64:
        return BIGINTS;
      default:
        return NUMBERS;
    }
  };
  if (item || field.fieldKind === 'scalar' || field.fieldKind === 'enum' || field.fieldKind === 'message')
    return [...out, ...values()];
  const limits = lengthLimits(field);
  if (field.fieldKind === 'list') {
    const sizes = [
      0,
      1,
      2,
      ...(limits.max !== undefined && limits.max <= 100 ? [limits.max, limits.max + 1] : []),
    ];
    return sizes.map((n) => Array.from({ length: n }, () => itemValue(field, r, 2)));
  }
  // Maps: sizes around the pair limits, and each palette string once as a key.
  const sizes = [
    0,
    1,
    ...(limits.max !== undefined && limits.max <= 300 ? [limits.max, limits.max + 1] : []),
  ];
  return [
    ...sizes.map((n) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, itemValue(field, r, 2)])),
    ),
    ...STRINGS.map((key) => ({ [key]: itemValue(field, r, 2) })),
    ...(field.mapKind === 'scalar' && field.scalar === ScalarType.STRING
      ? edgeStrings(mapValueLimits(field)).map((value) => ({ k: value }))
      : []),
  ];
}

function itemOrField(field: DescField, item: boolean, r: () => number): unknown {
  return item ? itemValue(field, r, 2) : fieldValue(field, r, 2);
}

/** A valid message of `schema`, or undefined: random, then the fields protovalidate names redrawn. */
function validMessage(schema: DescMessage, r: () => number): Obj | undefined {
  const msg = generate(schema, r) as Obj;
  for (let round = 0; round < 100; round++) {
    const result = validator.validate(schema, msg as never);
    if (result.kind === 'valid') return msg;
    if (result.kind !== 'invalid') return undefined;
    for (const v of result.violations) {
      // A rule of the message itself (CEL) names no field: redraw one of its fields at random.
      const path = v.field.length > 0 ? v.field : [pick(schema.fields, r)];
      regenerateAt(msg, path, r);
    }
  }
  return undefined;
}

/** A valid message the compiled rules pass too, or undefined. */
function provenBase(schema: DescMessage, r: () => number): Obj | undefined {
  for (let i = 0; i < 20; i++) {
    const msg = validMessage(schema, r);
    if (msg && passesCompiledRules(schema, msg)) return msg;
  }
  return undefined;
}

/** Every path in `msg` at which one value can be replaced (fields set or not, list items, map values). */
function paths(schema: DescMessage, msg: Obj, prefix: Path = []): Path[] {
  const out: Path[] = [];
  for (const field of schema.fields) {
    const here: Path = [...prefix, field];
    out.push(here);
    const value = field.oneof
      ? (msg[field.oneof.localName] as { case?: string; value?: unknown }).case === field.localName
        ? (msg[field.oneof.localName] as { value?: unknown }).value
        : undefined
      : msg[field.localName];
    if (value === undefined) continue;
    if (field.fieldKind === 'message') out.push(...paths(field.message, value as Obj, here));
    if (field.fieldKind === 'list') {
      // The first and the last item: the others are checked alike.
      const list = value as unknown[];
      for (const index of new Set([0, list.length - 1])) {
        if (index < 0 || index >= list.length) continue;
        const sub: Path = [...here, { kind: 'list_sub', index }];
        out.push(sub);
        if (field.listKind === 'message') out.push(...paths(field.message, list[index] as Obj, sub));
      }
    }
  }
  return out;
}

describe('compiled rules', () => {
  it('pass no message that protovalidate refuses: valid messages of every contract type with one value changed to each edge', () => {
    let provenValid = 0;
    let valid = 0;
    let bases = 0;
    const unsound: string[] = [];
    const judge = (schema: DescMessage, msg: Obj): void => {
      const fast = passesCompiledRules(schema, msg);
      const result = validator.validate(schema, msg as never);
      if (result.kind === 'valid') valid++;
      if (fast) {
        provenValid++;
        if (result.kind !== 'valid') unsound.push(`${schema.typeName}: ${JSON.stringify(msg, replacer)}`);
      }
    };
    for (const schema of schemas) {
      const r = rng(schema.typeName.length * 7919 + schema.fields.length);
      for (let b = 0; b < 2; b++) {
        // A base the shortcut proves valid: then a single change that it still passes must keep
        // the message valid (a base with a form it leaves to protovalidate would hide that).
        const base = provenBase(schema, r);
        if (!base) continue;
        bases++;
        const all = paths(schema, base);
        // Each path set to each candidate value in turn (single faults, and valid neighbours)…
        // (At most about 40 paths per message: big ones are sampled.)
        for (const path of all.filter(() => r() < 40 / all.length)) {
          const last = path[path.length - 1]!;
          const field = [...path].reverse().find((p): p is DescField => p.kind === 'field')!;
          const item = last.kind === 'list_sub' || last.kind === 'map_sub';
          for (const candidate of candidates(field, item, r)) {
            const msg = structuredClone(base);
            setAt(msg, path, () => (typeof candidate === 'object' ? structuredClone(candidate) : candidate));
            judge(schema, msg);
          }
        }
        // …then two random changes at once (a CEL rule ties fields together).
        for (let i = 0; i < 30 && all.length > 0; i++) {
          const msg = structuredClone(base);
          regenerateAt(msg, all[Math.floor(r() * all.length)]!, r);
          regenerateAt(msg, all[Math.floor(r() * all.length)]!, r);
          judge(schema, msg);
        }
      }
    }
    expect(unsound.slice(0, 5)).toEqual([]);
    // Not vacuous: most types yield valid messages, and the shortcut proves most valid ones.
    expect(bases).toBeGreaterThan(schemas.length * 1.5);
    expect(valid).toBeGreaterThan(5000);
    expect(provenValid / valid).toBeGreaterThan(0.8);
  }, 120_000);

  it('pass no message that breaks a CEL rule of its type, for every CEL rule in the contracts', () => {
    // Per rule: an edit of a valid message that makes the expression false.
    const breaking: Record<string, [DescMessage, (m: Obj) => void]> = {
      '!has(this.totals.total) || this.totals.total.currency == this.currency': [
        contracts.OrderSchema,
        (m) => {
          m.currency = 'EUR';
          m.totals = create(contracts.OrderTotalsSchema, { total: { currency: 'USD', amountMinor: 1n } });
        },
      ],
      'this.payment_method != 1 || has(this.card)': [
        contracts.OrderSchema,
        (m) => {
          m.paymentMethod = PaymentMethod.CARD;
          m.card = undefined;
        },
      ],
      'this.status != 3 || has(this.tracking)': [
        contracts.OrderStatusChangedSchema,
        (m) => {
          m.status = 3;
          m.tracking = undefined;
        },
      ],
      '!has(this.min_months) || !has(this.max_months) || this.min_months <= this.max_months': [
        contracts.AgeRangeSchema,
        (m) => {
          m.minMonths = 5;
          m.maxMonths = 3;
        },
      ],
      "this.kind == 6 ? this.query != '' : this.product_id != ''": [
        contracts.UserInteractedSchema,
        (m) => {
          m.kind = 6;
          m.query = '';
        },
      ],
      "this.user_id != '' || size(this.emails) > 0": [
        contracts.CustomerErasureRequestedSchema,
        (m) => {
          m.userId = '';
          m.emails = [];
        },
      ],
      "this.object != '' || has(this.number)": [
        contracts.ConditionSchema,
        (m) => {
          m.object = '';
          m.number = undefined;
        },
      ],
    };
    const inContracts = new Set(
      schemas.flatMap((schema) => getOption(schema, messageRules).cel.map((c) => c.expression)),
    );
    expect([...inContracts].sort()).toEqual(Object.keys(breaking).sort());
    for (const [expression, [schema, edit]] of Object.entries(breaking)) {
      const r = rng(expression.length);
      let base: Obj | undefined;
      // A base the shortcut proves valid, so that only the edit can make it say "not sure".
      for (let i = 0; i < 10 && !base; i++) base = provenBase(schema, r);
      expect(`${expression}: ${base ? 'has a valid base' : 'no valid base'}`).toBe(
        `${expression}: has a valid base`,
      );
      const msg = structuredClone(base!);
      edit(msg);
      const result = validator.validate(schema, msg as never);
      expect(
        result.kind === 'invalid' && result.violations.some((v) => v.rule.length > 0 || v.ruleId !== ''),
      ).toBe(true);
      expect(`${expression}: ${passesCompiledRules(schema, msg)}`).toBe(`${expression}: false`);
    }
  });

  it('cover the query requests and the events on the hot paths', () => {
    for (const schema of [
      FraudScoreRequestSchema,
      ReviewSummaryRequestSchema,
      TopKRequestSchema,
      OrderPlacedSchema,
      ReviewSubmittedSchema,
    ])
      expect(`${schema.typeName}: ${hasCompiledRules(schema)}`).toBe(`${schema.typeName}: true`);
  });

  it('prove ordinary checkouts valid, and leave an invalid one to protovalidate with its violations', () => {
    const order = {
      orderId: 'o-1',
      userId: 'u-1',
      items: [
        {
          productId: 'p-1',
          sku: 'sku-1',
          title: 'Wooden train',
          categoryPath: ['Toys', 'Wooden toys'],
          quantity: 2,
          unitPrice: { currency: 'EUR', amountMinor: 1999n },
        },
      ],
      currency: 'EUR',
      totals: { total: { currency: 'EUR', amountMinor: 3998n } },
      paymentMethod: PaymentMethod.CARD,
      card: { bin: '456149', last4: '4178', fingerprint: 'fp_1', brand: 'visa', issuerCountry: 'ES' },
      billingAddress: { line1: 'High St 1', postalCode: '48273', city: 'Lakeside', country: 'ES' },
      shippingAddress: { line1: 'High St 1', postalCode: '48273', city: 'Lakeside', country: 'ES' },
      ip: '153.52.36.230',
      deviceId: 'dev-1',
      email: 'dana.dubois150@gmx.de',
      accountCreatedAt: timestampFromMs(1_700_000_000_000),
      placedAt: timestampFromMs(1_764_000_000_000),
    };
    const request = create(FraudScoreRequestSchema, {
      meta: { requestId: 'r-1', tenantId: 'acme', correlationId: 'c-1' },
      order,
    });
    expect(passesCompiledRules(FraudScoreRequestSchema, request)).toBe(true);
    for (const edit of [
      { ip: '' },
      { email: '' },
      { ip: '2001:db8::1' },
      { email: "o'neil@example.com" },
      { paymentMethod: PaymentMethod.PAYPAL, card: undefined },
    ]) {
      const other = create(FraudScoreRequestSchema, {
        meta: request.meta,
        order: { ...order, ...edit },
      });
      expect(validator.validate(FraudScoreRequestSchema, other).kind).toBe('valid');
      // The forms the shortcut does not decide (IPv6, rarer e-mail characters) still validate.
      expect(() => validateMessage(FraudScoreRequestSchema, other)).not.toThrow();
    }

    const invalid = create(FraudScoreRequestSchema, {
      meta: request.meta,
      order: {
        ...order,
        currency: 'eur',
        ip: '999.1.1.1',
        paymentMethod: PaymentMethod.CARD,
        card: undefined,
      },
    });
    expect(passesCompiledRules(FraudScoreRequestSchema, invalid)).toBe(false);
    const expected = validator.validate(FraudScoreRequestSchema, invalid);
    expect(expected.kind).toBe('invalid');
    let thrown: unknown;
    try {
      validateMessage(FraudScoreRequestSchema, invalid);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ContractError);
    expect((thrown as ContractError).violations).toEqual(
      expected.kind === 'invalid' ? expected.violations.map((v) => v.toString()) : [],
    );
  });

  it('never pass a message of another type', () => {
    const meta = create(contracts.RequestMetaSchema, { requestId: 'r', tenantId: 'acme' });
    expect(isMessage(meta)).toBe(true);
    expect(passesCompiledRules(ReviewSummaryRequestSchema, meta)).toBe(false);
  });
});

function replacer(_: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}
