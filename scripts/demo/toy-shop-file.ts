// The committed toy-shop data set (scripts/demo/toy-shop.jsonl) and how `npm start` reads it: for
// its demo tenant, with every time moved by one offset so the shop's last event happens now (the
// order delivered "two days ago" is then two days old, whenever the demo runs).
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplayLine } from './toy-shop-generator.js';

export const TOY_SHOP_SEED = 16;
/** The tenant the committed file is written for; other tenants are substituted on reading. */
export const TOY_SHOP_TENANT = 'demo';

const here = dirname(fileURLToPath(import.meta.url));
// From scripts/demo/ (ts) or dist/scripts/demo/ (built): the file stays in the source tree.
const root = here.includes(`${sep}dist${sep}`) ? join(here, '..', '..', '..') : join(here, '..', '..');
export const TOY_SHOP_FILE = join(root, 'scripts', 'demo', 'toy-shop.jsonl');

export function toyShopJsonl(lines: ReplayLine[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function shiftTimes(value: unknown, byMs: number): unknown {
  if (typeof value === 'string' && TIMESTAMP.test(value))
    return new Date(Date.parse(value) + byMs).toISOString();
  if (Array.isArray(value)) return value.map((v) => shiftTimes(v, byMs));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftTimes(v, byMs)]));
  return value;
}

export interface ToyShopReading {
  tenant: string;
  /** The shop's last event happens at this time; every other time keeps its distance to it. */
  endAt: number;
  file?: string;
}

/**
 * The data set's events for `tenant`, in time order. Event ids keep their number (a second
 * reading gives the same ids, so a replay is applied once), prefixed by the tenant so two demo
 * tenants never share an id.
 */
export function readToyShop({ tenant, endAt, file = TOY_SHOP_FILE }: ToyShopReading): ReplayLine[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ReplayLine);
  const last = Math.max(...lines.map((l) => Date.parse(envelopeOf(l).occurredAt)));
  const byMs = endAt - last;
  return lines.map((line) => {
    const data = shiftTimes(line.data, byMs) as Record<string, unknown>;
    const envelope = data.envelope as { eventId: string; tenantId: string };
    envelope.eventId = `${tenant}-${envelope.eventId.slice(envelope.tenantId.length + 1)}`;
    envelope.tenantId = tenant;
    const [, , ...rest] = line.subject.split('.');
    return { subject: ['shop', tenant, ...rest].join('.'), data };
  });
}

export function envelopeOf(line: ReplayLine): { eventId: string; occurredAt: string; tenantId: string } {
  return line.data.envelope as { eventId: string; occurredAt: string; tenantId: string };
}
