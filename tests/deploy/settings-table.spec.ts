// The settings table in deploy/README.md: generated from the code's schemas, and complete — every
// variable the code reads (libs, services, scripts, cli; test infrastructure aside) and every
// variable compose or the Kubernetes manifests give a ShopMind container is in it.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { settingsCatalogue } from '@shopmind/service-kit';
import {
  imageEnvSchema,
  renderSettingsTable,
  serviceDefinitions,
  settingRows,
  settingSources,
  settingsTableIn,
  unexplained,
} from '../../scripts/settings-table.js';
import { parseDockerfile } from './dockerfile-parser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rows = settingRows();
const inTable = new Set(rows.map((r) => r.name));

/** Environment variables a source text reads by name. */
function variablesReadIn(source: string): string[] {
  const name = '([A-Z_][A-Z0-9_]*)';
  const found = new Set<string>();
  const patterns = [
    new RegExp(`\\bprocess\\.env\\.${name}\\b`, 'g'),
    new RegExp(`\\bprocess\\.env\\[\\s*['"\`]${name}['"\`]\\s*\\]`, 'g'),
    // A function's `env` parameter (an environment passed in, process.env by default).
    new RegExp(`\\benv\\.${name}\\b`, 'g'),
    new RegExp(`\\benv\\[\\s*['"\`]${name}['"\`]\\s*\\]`, 'g'),
    // OpenTelemetry's helpers (getStringFromEnv('OTEL_LOG_LEVEL') and the like).
    new RegExp(`\\bget\\w*FromEnv\\(\\s*['"\`]${name}['"\`]`, 'g'),
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.add(m[1]!);
  // const { A, B: b, C = 'x', ...rest } = process.env
  for (const m of source.matchAll(/\{([^{}]*)\}\s*=\s*process\.env\b/g)) {
    for (const part of m[1]!.split(',')) {
      const key = /^\s*([A-Z_][A-Z0-9_]*)\s*(?:[:=]|$)/.exec(part)?.[1];
      if (key) found.add(key);
    }
  }
  return [...found];
}

/** Code files under the scanned roots; specs, libs/testing and build output are not the product. */
function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const rel = relative(root, path);
    if (['node_modules', 'dist', 'fixtures'].includes(name) || rel === join('libs', 'testing')) return [];
    if (statSync(path).isDirectory()) return codeFiles(path);
    return /\.(ts|mts|js|mjs|cjs)$/.test(name) && !/\.(spec|int-spec|d)\.ts$/.test(name) ? [path] : [];
  });
}

type Yaml = null | boolean | number | string | Yaml[] | { [key: string]: Yaml };
const isMapping = (v: Yaml | undefined): v is { [key: string]: Yaml } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Names in a compose `environment` (a mapping or a list of KEY=value). */
function composeEnvironmentNames(environment: Yaml | undefined): string[] {
  if (Array.isArray(environment)) return environment.map((e) => String(e).split('=')[0]!);
  return isMapping(environment) ? Object.keys(environment) : [];
}

/** Every container (and init container) anywhere in a manifest, whatever the workload kind. */
function containersIn(value: Yaml | undefined): { [key: string]: Yaml }[] {
  if (Array.isArray(value)) return value.flatMap(containersIn);
  if (!isMapping(value)) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    (key === 'containers' || key === 'initContainers') && Array.isArray(v)
      ? [...v.filter(isMapping), ...v.flatMap(containersIn)]
      : containersIn(v),
  );
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const isShopMindImage = (image: Yaml | undefined) => typeof image === 'string' && /shopmind/i.test(image);

describe('the settings table (deploy/README.md)', () => {
  it('is the table generated from the schemas (run `npm run settings` after changing a setting)', () => {
    const readme = readFileSync(join(root, 'deploy', 'README.md'), 'utf8');
    expect(settingsTableIn(readme)).toBe(renderSettingsTable());
  });

  it('has a meaning in the settings catalogue for every variable of every registered schema', () => {
    expect(unexplained()).toEqual([]);
    for (const source of settingSources)
      for (const name of Object.keys(source.schema.shape))
        expect([name, inTable.has(name)]).toEqual([name, true]);
  });

  it('registers the settings of every service folder', () => {
    const folders = readdirSync(join(root, 'services')).filter((s) =>
      existsSync(join(root, 'services', s, 'src', 'config.ts')),
    );
    expect(serviceDefinitions.map((d) => d.service).sort()).toEqual(folders.sort());
  });

  it('reads defaults and what production requires from the schemas and their production rules', () => {
    const row = (name: string) => rows.find((r) => r.name === name)!;
    expect(row('FRAUD_HASH_SECRET').requiredInProduction).toBe(true);
    expect(row('SUPPORT_SUBJECT_SECRET').requiredInProduction).toBe(true);
    expect(rows.filter((r) => r.requiredInProduction).map((r) => r.name)).not.toContain('NATS_URL');
    expect(row('SHOPMIND_BASE_HTTP_PORT').defaults.get('npm start')).toBe('8081');
    expect(row('SHOPMIND_DEMO_TENANT').defaults.get('npm start')).toBe('demo');
    expect(row('HTTP_PORT').defaults.get('product-copy')).toBe('8083');
    expect(row('SHOPMIND_BUS_ACK_WAIT_MS').defaults.get('product-copy')).toBe('60000');
    expect(row('SHOPMIND_BUS_ACK_WAIT_MS').defaults.get('fraud-detection')).toBe('30000');
    expect(row('FRAUD_HASH_SECRET').defaults.get('fraud-detection')).toBeUndefined();
    expect(row('NODE_ENV').defaults.get('image')).toBe('production');
  });

  it('keeps a meaning for the client settings the permission model names', () => {
    for (const name of ['NATS_USER', 'NATS_PASSWORD', 'NATS_TLS_CA_FILE', 'REDIS_USERNAME', 'REDIS_PASSWORD'])
      expect([name, Boolean(settingsCatalogue[name])]).toEqual([name, true]);
  });
});

describe('every variable ShopMind reads is in the settings table', () => {
  it('finds reads through process.env, an env parameter, destructuring and OpenTelemetry helpers', () => {
    const probe = [
      'const a = process.env.ALPHA_ONE;',
      'const b = process.env[\'BETA_TWO\'] ?? process.env["GAMMA"];',
      "const { DELTA, EPSILON: e, ZETA = 'z', ...rest } = process.env;",
      'function f(env = process.env) { return env.ETA || env["THETA"]; }',
      "getStringListFromEnv('IOTA'); const x = config.NOT_AN_ENV; const y = process.env[name];",
    ].join('\n');
    expect(variablesReadIn(probe).sort()).toEqual(
      ['ALPHA_ONE', 'BETA_TWO', 'DELTA', 'EPSILON', 'ETA', 'GAMMA', 'IOTA', 'THETA', 'ZETA'].sort(),
    );
  });

  it('in libs, services, scripts and cli (libs/testing and specs are test infrastructure)', () => {
    const files = ['libs', 'services', 'scripts', 'cli'].flatMap((d) => codeFiles(join(root, d)));
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.includes(join('libs', 'testing')))).toBe(false);
    const missing = files.flatMap((file) =>
      variablesReadIn(readFileSync(file, 'utf8'))
        .filter((name) => !inTable.has(name))
        .map((name) => `${name} (${relative(root, file)})`),
    );
    expect(missing).toEqual([]);
  });

  it('in the environment compose gives the ShopMind containers', () => {
    const composeFiles = readdirSync(root).filter((f) => /^(docker-)?compose.*\.ya?ml$/.test(f));
    expect(composeFiles).toContain('docker-compose.yml');
    const files = composeFiles.map((f) => ({
      f,
      doc: parse(readFileSync(join(root, f), 'utf8'), { merge: true }) as Yaml,
    }));
    const servicesOf = (doc: Yaml) =>
      isMapping(doc) && isMapping(doc.services)
        ? Object.entries(doc.services).filter(([, s]) => isMapping(s))
        : [];
    // A ShopMind container runs the one image; an overlay adds to a service by its name.
    const shopmind = new Set(
      files.flatMap(({ doc }) =>
        servicesOf(doc)
          .filter(([, s]) => isMapping(s) && (isShopMindImage(s.image) || s.build !== undefined))
          .map(([name]) => name),
      ),
    );
    expect(shopmind).toContain('fraud-detection');
    const missing = files.flatMap(({ f, doc }) =>
      servicesOf(doc)
        .filter(([name]) => shopmind.has(name))
        .flatMap(([name, s]) =>
          composeEnvironmentNames(isMapping(s) ? s.environment : undefined)
            .filter((v) => !inTable.has(v))
            .map((v) => `${v} (${f}: ${name})`),
        ),
    );
    expect(missing).toEqual([]);
  });

  it('in the environment the Kubernetes manifests give the ShopMind containers', () => {
    const docs = yamlFiles(join(root, 'deploy', 'k8s')).flatMap((file) =>
      parseAllDocuments(readFileSync(file, 'utf8')).map((d) => ({ file, value: d.toJS() as Yaml })),
    );
    // ConfigMap keys by name: manifests, overlay patches and kustomize configMapGenerator literals.
    const configMaps = new Map<string, Set<string>>();
    const addKeys = (name: string, keys: string[]) =>
      configMaps.set(name, new Set([...(configMaps.get(name) ?? []), ...keys]));
    for (const { value } of docs) {
      if (!isMapping(value)) continue;
      if (value.kind === 'ConfigMap' && isMapping(value.metadata) && isMapping(value.data))
        addKeys(String(value.metadata.name), Object.keys(value.data));
      if (Array.isArray(value.configMapGenerator))
        for (const g of value.configMapGenerator.filter(isMapping))
          addKeys(
            String(g.name),
            (Array.isArray(g.literals) ? g.literals : []).map((l) => String(l).split('=')[0]!),
          );
    }
    const missing: string[] = [];
    let containers = 0;
    for (const { file, value } of docs) {
      for (const c of containersIn(value).filter((c) => isShopMindImage(c.image))) {
        containers++;
        const names = (Array.isArray(c.env) ? c.env : []).filter(isMapping).map((e) => String(e.name));
        for (const from of (Array.isArray(c.envFrom) ? c.envFrom : []).filter(isMapping))
          if (isMapping(from.configMapRef))
            names.push(...(configMaps.get(String(from.configMapRef.name)) ?? []));
        missing.push(
          ...names
            .filter((n) => !inTable.has(n))
            .map((n) => `${n} (${relative(root, file)}: ${String(c.name)})`),
        );
      }
    }
    expect(containers).toBeGreaterThanOrEqual(6);
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('the image settings', () => {
  it("default to what deploy/Dockerfile's runtime stage sets", () => {
    const dockerfile = parseDockerfile(readFileSync(join(root, 'deploy', 'Dockerfile'), 'utf8'));
    const runtime = dockerfile.stages.at(-1)!;
    const args: Record<string, string> = {};
    const env: Record<string, string> = {};
    for (const ins of runtime.instructions) {
      if (ins.keyword === 'ARG') {
        const [name, value = ''] = ins.args.split('=', 2);
        args[name!] = value;
      }
      if (ins.keyword === 'ENV')
        for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|\S+)/g))
          env[m[1]!] = m[2]!.replace(/^"|"$/g, '').replace(/\$\{(\w+)\}/g, (_, a: string) => args[a] ?? '');
    }
    const defaults = Object.fromEntries(
      Object.entries(imageEnvSchema.parse({})).map(([k, v]) => [k, String(v)]),
    );
    expect(defaults).toEqual(env);
  });
});
