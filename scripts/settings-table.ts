// The settings table in deploy/README.md, generated from the zod schemas every ShopMind process reads
// its environment with: each variable's default (parsed from an empty environment), whether a
// production start refuses without it, who reads it, and its meaning (settings catalogue).
//   npm run settings              rewrites the table between the markers
//   npm run settings -- --check   exits 1 when the table is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { gatewayEnvSchema } from '@shopmind/llm-gateway';
import { ConfigError, settingsCatalogue, type ServiceConfigDefinition } from '@shopmind/service-kit';
import { telemetryEnvSchema } from '@shopmind/telemetry';
import { customerServiceConfig } from '../services/customer-service/src/config.js';
import { edgeConfig } from '../services/edge/src/config.js';
import { fraudConfig } from '../services/fraud-detection/src/config.js';
import { knowledgeGraphConfig } from '../services/knowledge-graph/src/config.js';
import { productCopyConfig } from '../services/product-copy/src/config.js';
import { recommendationConfig } from '../services/recommendation/src/config.js';
import { reviewSentimentConfig } from '../services/review-sentiment/src/config.js';
import { PLATFORM_SERVICES, platformEnvSchema } from './platform/platform-settings.js';

// Run from dist/scripts (npm run settings) or from scripts/ (the spec); the README is the source tree's.
const here = dirname(fileURLToPath(import.meta.url));
const root = basename(dirname(here)) === 'dist' ? join(here, '..', '..') : join(here, '..');
const readmePath = join(root, 'deploy', 'README.md');
export const TABLE_START = '<!-- settings-table:start -->';
export const TABLE_END = '<!-- settings-table:end -->';
const PREFACE = [
  'Generated from the zod schemas the code reads its environment with (`npm run settings`; a spec fails',
  'when it is stale or when code reads a variable missing here). _default_: what a process uses when the',
  'variable is unset, per reader where they differ; _production_: a start with `NODE_ENV=production`',
  'refuses without it; _read by_: services (the six and the edge), `npm start`, the image (deploy/Dockerfile).',
].join('\n');

/** A set of variables read together, and who reads them. */
export interface SettingSource {
  /** The processes that read these variables: a service's name, `npm start`, `image`. */
  readers: readonly string[];
  schema: z.ZodObject;
  /** Names a start with NODE_ENV=production and nothing else refuses (rules beyond the schema). */
  productionProblems?: () => string[];
}

export const serviceDefinitions: readonly ServiceConfigDefinition<unknown>[] = [
  reviewSentimentConfig,
  productCopyConfig,
  knowledgeGraphConfig,
  fraudConfig,
  recommendationConfig,
  customerServiceConfig,
  edgeConfig,
];
const services = serviceDefinitions.map((d) => d.service);

/**
 * What the image (deploy/Dockerfile) sets and its command reads, besides the services' settings.
 * Its defaults are the Dockerfile's ENV; a spec holds them to it.
 */
export const imageEnvSchema = z.object({
  SERVICE: z.enum([...PLATFORM_SERVICES, 'edge']).default('review-sentiment'),
  NODE_ENV: z.string().default('production'),
  HTTP_PORT: z.coerce.number().int().default(8080),
  NODE_OPTIONS: z.string().default('--max-semi-space-size=8 --max-old-space-size=384'),
  MALLOC_ARENA_MAX: z.coerce.number().int().default(2),
  MALLOC_TRIM_THRESHOLD_: z.coerce.number().int().default(131072),
});

/** What Node reads in every process; the service kit turns the bus's reply validation off in production. */
const runtimeEnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  NODE_OPTIONS: z.string().optional(),
});

/** Every schema a ShopMind process reads its environment with. Earlier sources give a reader's default. */
export const settingSources: readonly SettingSource[] = [
  ...serviceDefinitions.map((d) => ({
    readers: [d.service],
    schema: d.schema,
    productionProblems: () => problemsOf(() => d.load({ NODE_ENV: 'production' })),
  })),
  { readers: ['npm start'], schema: platformEnvSchema },
  // Loaded by the service kit for every service (with the service's own REDIS_URL).
  { readers: services, schema: gatewayEnvSchema },
  { readers: [...services, 'npm start'], schema: telemetryEnvSchema },
  { readers: [...services, 'npm start'], schema: runtimeEnvSchema },
  { readers: ['image'], schema: imageEnvSchema },
];

function problemsOf(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => p.split(/[.:]/)[0]!);
  }
}

export interface SettingRow {
  name: string;
  /** Default per reader: undefined when the reader has none. */
  defaults: Map<string, string | undefined>;
  requiredInProduction: boolean;
  readers: string[];
  meaning: string | undefined;
}

/** A parsed default as it would be written in the environment; undefined for none. */
function asEnvValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return asEnvValue(value.filter((v) => v !== '').join(','));
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value as string | number | boolean);
  return text === '' ? undefined : text;
}

export function settingRows(sources: readonly SettingSource[] = settingSources): SettingRow[] {
  const rows = new Map<string, SettingRow>();
  for (const source of sources) {
    const required = new Set(source.productionProblems?.() ?? []);
    for (const [name, type] of Object.entries(source.schema.shape)) {
      const row: SettingRow = rows.get(name) ?? {
        name,
        defaults: new Map(),
        requiredInProduction: false,
        readers: [],
        meaning: settingsCatalogue[name],
      };
      rows.set(name, row);
      const parsed = (type as z.ZodType).safeParse(undefined);
      // No default and not optional: nobody starts without it, in production or not.
      if (!parsed.success || required.has(name)) row.requiredInProduction = true;
      const value = parsed.success ? asEnvValue(parsed.data) : undefined;
      for (const reader of source.readers) {
        if (!row.readers.includes(reader)) row.readers.push(reader);
        if (row.defaults.get(reader) === undefined) row.defaults.set(reader, value);
      }
    }
  }
  // Code-point order, the same on every machine (localeCompare depends on the locale).
  return [...rows.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** "services" for all six of them, so a row names what differs. */
function readersLabel(readers: readonly string[]): string {
  const all = services.every((s) => readers.includes(s));
  return [...(all ? ['services'] : []), ...readers.filter((r) => !(all && services.includes(r)))].join(', ');
}

/** One value when all readers agree; else the most common one first, then the others by reader. */
function defaultCell(row: SettingRow): string {
  const byValue = new Map<string | undefined, string[]>();
  for (const [reader, value] of row.defaults) byValue.set(value, [...(byValue.get(value) ?? []), reader]);
  const code = (v: string | undefined) => (v === undefined ? 'none' : `\`${v}\``);
  const [first, ...others] = [...byValue].sort((a, b) => b[1].length - a[1].length);
  if (others.length === 0) return first![0] === undefined ? '' : code(first![0]);
  return [
    code(first![0]),
    ...others.map(([value, readers]) => `${code(value)} (${readersLabel(readers)})`),
  ].join('; ');
}

/** Markdown-table cells in the layout prettier writes, so formatting the README leaves it alone. */
function markdownTable(header: string[], rows: string[][]): string {
  const escaped = [header, ...rows].map((r) => r.map((c) => c.replace(/\|/g, '\\|')));
  const widths = header.map((_, i) => Math.max(3, ...escaped.map((r) => [...r[i]!].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(escaped[0]!), line(widths.map((w) => '-'.repeat(w))), ...escaped.slice(1).map(line)].join(
    '\n',
  );
}

/** Variables some schema reads that the catalogue gives no meaning. */
export function unexplained(rows: SettingRow[] = settingRows()): string[] {
  return rows.filter((r) => !r.meaning).map((r) => r.name);
}

export function renderSettingsTable(rows: SettingRow[] = settingRows()): string {
  const missing = unexplained(rows);
  if (missing.length)
    throw new Error(
      `no meaning in libs/service-kit/src/config/settings-catalogue.ts for: ${missing.join(', ')}`,
    );
  const table = markdownTable(
    ['variable', 'default', 'production', 'read by', 'meaning'],
    rows.map((r) => [
      `\`${r.name}\``,
      defaultCell(r),
      r.requiredInProduction ? 'required' : '',
      readersLabel(r.readers),
      r.meaning!,
    ]),
  );
  return `${PREFACE}\n\n${table}`;
}

/** The README with its settings block replaced by `table`. */
export function withSettingsTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`deploy/README.md: no ${TABLE_START} … ${TABLE_END} block`);
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

/** The table currently between the markers. */
export function settingsTableIn(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`deploy/README.md: no ${TABLE_START} … ${TABLE_END} block`);
  return readme.slice(start + TABLE_START.length, end).trim();
}

function main(): void {
  const readme = readFileSync(readmePath, 'utf8');
  const updated = withSettingsTable(readme, renderSettingsTable());
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('deploy/README.md: the settings table is stale; run `npm run settings`');
      process.exit(1);
    }
    console.log('deploy/README.md: the settings table is up to date');
    return;
  }
  if (updated !== readme) writeFileSync(readmePath, updated);
  console.log(`deploy/README.md: settings table ${updated === readme ? 'unchanged' : 'written'}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
