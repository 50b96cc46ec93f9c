import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Events, Queries, ServiceCatalogue, serviceDefinition, type ServiceDefinition } from './index.js';

const servicesDir = join(import.meta.dirname, '..', '..', '..', 'services');
/**
 * Folders under services/ that are not catalogue services: the HTTP edge consumes no event and
 * answers no query; its NATS user is `edgePermissions()` in @shopmind/bus, not derived from here.
 */
const NOT_CATALOGUE_SERVICES = ['edge'];

/** The runtime sources of a service: no specs, evaluations, fixtures or test shops. */
function runtimeSources(service: string): string[] {
  const root = join(servicesDir, service, 'src');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter((f) => !/\.(spec|int-spec)\.ts$/.test(f) && !/-test-shop\.ts$/.test(f))
    .filter((f) => !/^(evaluation|fixtures)\//.test(f))
    .map((f) => readFileSync(join(root, f), 'utf8'));
}

interface Usage {
  consumes: Set<string>;
  publishes: Set<string>;
  answers: Set<string>;
  asks: Set<string>;
}

/** What the code of a service handles, publishes and asks, read from its source text. */
function scanService(service: string): Usage {
  const usage: Usage = { consumes: new Set(), publishes: new Set(), answers: new Set(), asks: new Set() };
  for (const source of runtimeSources(service)) {
    const handled = new Set<number>();
    for (const m of source.matchAll(/@OnEvent\(\s*Events\.(\w+)/g)) {
      usage.consumes.add(m[1]!);
      handled.add(m.index + m[0].indexOf('Events.'));
    }
    for (const m of source.matchAll(/@OnQuery\(\s*Queries\.(\w+)/g)) {
      usage.answers.add(m[1]!);
      handled.add(m.index + m[0].indexOf('Queries.'));
    }
    // Any other mention of an event is something it publishes, of a query something it asks.
    for (const m of source.matchAll(/\bEvents\.(\w+)/g)) {
      if (!handled.has(m.index)) usage.publishes.add(m[1]!);
    }
    for (const m of source.matchAll(/\bQueries\.(\w+)/g)) {
      if (!handled.has(m.index)) usage.asks.add(m[1]!);
    }
  }
  return usage;
}

function keysOf<T extends object>(catalogue: T, values: readonly unknown[]): string[] {
  return Object.entries(catalogue)
    .filter(([, v]) => values.includes(v))
    .map(([k]) => k)
    .sort();
}

function declared(service: ServiceDefinition) {
  return {
    consumes: keysOf(Events, service.consumes),
    publishes: keysOf(Events, service.publishes),
    answers: keysOf(Queries, service.answers),
    asks: keysOf(Queries, service.asks),
  };
}

describe('service catalogue', () => {
  it('lists the six services, each with a folder under services/ (the edge is none of them)', () => {
    const names = Object.values(ServiceCatalogue).map((s) => s.name);
    expect(names.sort()).toEqual(
      readdirSync(servicesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !NOT_CATALOGUE_SERVICES.includes(d.name))
        .map((d) => d.name)
        .sort(),
    );
    expect(names).toHaveLength(6);
  });

  it.each(Object.values(ServiceCatalogue).map((s) => [s.name, s] as const))(
    '%s: lists exactly what its source handles, publishes, answers and asks',
    (name, service) => {
      const found = scanService(name);
      expect(declared(service)).toEqual({
        consumes: [...found.consumes].sort(),
        publishes: [...found.publishes].sort(),
        answers: [...found.answers].sort(),
        asks: [...found.asks].sort(),
      });
    },
  );

  it('lists only result events as published', () => {
    for (const service of Object.values(ServiceCatalogue)) {
      for (const e of service.publishes)
        expect(`${service.name} ${e.key} ${e.direction}`).toMatch(/ result$/);
    }
  });

  it('gives every query exactly one answering service and every published result one publisher', () => {
    const answerers = Object.values(Queries).map(
      (q) => Object.values(ServiceCatalogue).filter((s) => s.answers.includes(q)).length,
    );
    expect(answerers).toEqual(Object.values(Queries).map(() => 1));
    const results = Object.values(Events).filter((e) => e.direction === 'result');
    expect(
      results.map((e) => Object.values(ServiceCatalogue).filter((s) => s.publishes.includes(e)).length),
    ).toEqual(results.map(() => 1));
  });

  it('finds a service by name', () => {
    expect(serviceDefinition('customer-service')).toBe(ServiceCatalogue.customerService);
    expect(serviceDefinition('nobody')).toBeUndefined();
  });
});
