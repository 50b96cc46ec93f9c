// The declarative rule set ops edit (rules/default.yaml): parsed with `yaml`, validated with zod, so a
// bad file is refused with a message naming the problem instead of half-applying.
import { parse } from 'yaml';
import { z } from 'zod';
import { FEATURE_NAMES, type FeatureName, type OrderFeatures } from './order-features.js';

const comparators = ['gte', 'gt', 'lte', 'lt', 'eq'] as const;
type Comparator = (typeof comparators)[number];

const conditionSchema = z
  .strictObject({
    feature: z.enum(FEATURE_NAMES, { error: (i) => `unknown feature ${JSON.stringify(i.input)}` }),
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
    eq: z.number().optional(),
  })
  .refine((c) => comparators.filter((k) => c[k] !== undefined).length === 1, {
    message: 'a condition needs exactly one of gte, gt, lte, lt, eq',
  });

const whenSchema = z
  .strictObject({
    all: z.array(conditionSchema).min(1).optional(),
    any: z.array(conditionSchema).min(1).optional(),
  })
  .refine((w) => w.all !== undefined || w.any !== undefined, { message: 'when needs `all` or `any`' });

const thenSchema = z.union([
  z.strictObject({ decision: z.enum(['review', 'decline']) }),
  z.strictObject({ add: z.number().min(-1).max(1) }),
]);

const thresholdsSchema = z
  .strictObject({
    review: z.number().min(0).max(1),
    decline: z.number().min(0).max(1),
    alert: z.number().min(0).max(1),
  })
  .refine((t) => t.review <= t.decline, { message: 'review threshold must not exceed decline threshold' });

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'rule ids are kebab-case'),
  description: z.string().min(1),
  mode: z.enum(['active', 'shadow']).default('active'),
  when: whenSchema,
  then: thenSchema,
});

export const ruleSetSchema = z
  .strictObject({
    version: z.string().min(1),
    cardTesting: z.strictObject({ smallAmount: z.number().positive() }),
    highRiskCategories: z.array(z.string().min(1)).transform((a) => a.map((s) => s.toLowerCase())),
    reshipperPatterns: z.array(z.string().min(1)).transform((a) => a.map((s) => s.toLowerCase())),
    disposableEmailDomains: z.array(z.string().min(1)).transform((a) => a.map((s) => s.toLowerCase())),
    thresholds: z.strictObject({
      default: thresholdsSchema,
      tenants: z.record(z.string(), thresholdsSchema).default({}),
    }),
    reviews: z.strictObject({
      newAccountDays: z.number().positive(),
      burstWindowHours: z.number().positive(),
      burstMinReviews: z.number().int().min(2),
      duplicateSimilarity: z.number().min(0).max(1),
      velocity24h: z.number().int().min(1),
      flagThreshold: z.number().min(0).max(1),
    }),
    rules: z.array(ruleSchema),
  })
  .superRefine((rs, ctx) => {
    const seen = new Set<string>();
    rs.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` });
      seen.add(r.id);
    });
  });

export type RuleSet = z.infer<typeof ruleSetSchema>;
export type Rule = RuleSet['rules'][number];
export type Thresholds = RuleSet['thresholds']['default'];
type Condition = z.infer<typeof conditionSchema>;

/** A rule file that cannot be used; `problems` name each one (path: message). */
export class RuleSetError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`rule set ${source} refused: ${problems.join('; ')}`);
    this.name = 'RuleSetError';
  }
}

export function parseRuleSet(text: string, source = 'rules'): RuleSet {
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (e) {
    throw new RuleSetError(source, [`not valid YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
  const result = ruleSetSchema.safeParse(raw);
  if (!result.success) {
    throw new RuleSetError(
      source,
      result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

export function thresholdsFor(rs: RuleSet, tenant: string): Thresholds {
  return rs.thresholds.tenants[tenant] ?? rs.thresholds.default;
}

export interface RuleHit {
  id: string;
  description: string;
  mode: 'active' | 'shadow';
  then: Rule['then'];
}

type Test = (f: OrderFeatures) => boolean;

interface CompiledRule {
  all: Test[];
  any: Test[] | undefined;
  hit: RuleHit;
}

/** Rules compiled once per loaded rule set: each condition becomes one comparison closure. */
const compiled = new WeakMap<RuleSet, CompiledRule[]>();

function compileCondition(c: Condition): Test {
  const name = c.feature as FeatureName;
  const k = comparators.find((x) => c[x] !== undefined) as Comparator;
  const t = c[k] as number;
  switch (k) {
    case 'gte':
      return (f) => f[name] >= t;
    case 'gt':
      return (f) => f[name] > t;
    case 'lte':
      return (f) => f[name] <= t;
    case 'lt':
      return (f) => f[name] < t;
    case 'eq':
      return (f) => f[name] === t;
  }
}

function compile(rs: RuleSet): CompiledRule[] {
  let out = compiled.get(rs);
  if (!out) {
    out = rs.rules.map((r) => ({
      all: (r.when.all ?? []).map(compileCondition),
      any: r.when.any?.map(compileCondition),
      hit: { id: r.id, description: r.description, mode: r.mode, then: r.then },
    }));
    compiled.set(rs, out);
  }
  return out;
}

export function evaluateRules(rs: RuleSet, f: OrderFeatures): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const r of compile(rs)) {
    if (r.all.every((t) => t(f)) && (r.any === undefined || r.any.some((t) => t(f)))) hits.push({ ...r.hit });
  }
  return hits;
}
