// The workspace's lint rules (ESLint 9 flat config). Besides style and `no-any`, it enforces the
// architecture: a service never imports another service, a lib never imports a service, nothing
// reaches into a lib's internals — `@shopmind/<lib>` (its index.ts) is the only way in — and tests/
// and scripts/ reach a service only through its main, config or tools entry.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { createProjectGraphAsync } from '@nx/devkit';

// @nx/enforce-module-boundaries reads Nx's cached project graph and silently skips itself when there
// is none (a fresh clone, CI). Computing it here keeps the rule alive on every `eslint` run; it takes
// about a second, without the Nx daemon (nx.json turns the daemon off).
process.env.NX_DAEMON ??= 'false';
await createProjectGraphAsync({ exitOnError: false });

// cli/ is a package of its own (the ops command line, `@shopmind/cli`).
const packageRoots = '{libs/*,services/*,cli}';

// Second line of defence, independent of the project graph: the import specifiers themselves.
const deepAliasImport = {
  // '@shopmind/bus/src/x' and the like; '@shopmind/telemetry/register' and
  // '@shopmind/telemetry/testing' are published entries.
  regex: '^@shopmind/(?!telemetry/(register|testing)$)[^/]+/.+',
  message: 'Import a lib only through its public entry: `@shopmind/<lib>` (its src/index.ts).',
};
const relativeIntoLib = {
  regex: '^(\\.\\./)+libs/',
  message: 'Import a lib as `@shopmind/<lib>`, never by a relative path into libs/.',
};
const serviceByName = {
  // Services have no package entry, so Nx cannot resolve this import to a project; ban it by name.
  regex: '^@shopmind/service-(?!kit$)',
  message: 'Nothing imports a service; services talk over the bus.',
};
const relativeIntoService = {
  regex: '^(\\.\\./)+services/',
  message: 'A lib or service never imports a service; services talk over the bus.',
};
const deepIntoService = {
  // tests/ and scripts/ may start a service (main.js), read its settings (config.js) or use what it
  // hands out for tests, evals, benches and tools (tools.js); nothing else inside its src/.
  regex: '^(\\.\\./)+services/[^/]+/src/(?!(main|config|tools)\\.js$)',
  message:
    "Import a service from tests/ or scripts/ only through services/<service>/src/main.js, config.js or tools.js: export what you need from the service's tools entry (src/tools.ts).",
};

/**
 * A relative import that climbs above the package root leaves the package: into another lib's
 * internals or another service. How many `../` that takes depends on how deep the file sits, so
 * there is one block per depth (globs match an exact depth, so exactly one applies to a file).
 */
function escapeDepthBlocks(maxDirs) {
  const blocks = [];
  for (let dirs = 0; dirs <= maxDirs; dirs++) {
    const ups = dirs + 1;
    blocks.push({
      files: [`${packageRoots}/${'*/'.repeat(dirs)}*.{ts,js,mjs}`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              deepAliasImport,
              serviceByName,
              relativeIntoLib,
              relativeIntoService,
              {
                regex: `^(\\.\\./){${ups},}`,
                message:
                  'This relative import leaves its package: use `@shopmind/<lib>` for a lib; a service never imports another service.',
              },
            ],
          },
        ],
      },
    });
  }
  return blocks;
}

/** Imports @nx/enforce-module-boundaries lets through (published entries of a lib). */
const moduleBoundaryAllow = ['@shopmind/telemetry/register', '@shopmind/telemetry/testing'];
const moduleBoundaries = {
  allow: moduleBoundaryAllow,
  // Test-time only: the specs of the bus and of telemetry use @shopmind/testing, whose
  // provisionNamespace() runs the bus's provisionStreams (the admin step before a test).
  ignoredCircularDependencies: [
    ['@shopmind/bus', '@shopmind/testing'],
    ['@shopmind/telemetry', '@shopmind/testing'],
  ],
  depConstraints: [
    // Services only build on libs; they meet each other on the bus, never in code.
    { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
    // The ops CLI (cli/) builds on libs too, and talks to services only over the bus.
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
    // Libs are the foundation: they never depend on a service.
    {
      sourceTag: 'type:lib',
      onlyDependOnLibsWithTags: ['type:lib'],
      notDependOnLibsWithTags: ['type:service'],
    },
  ],
};

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'fetch',
    'AbortController',
    'AbortSignal',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'structuredClone',
    'TextEncoder',
    'TextDecoder',
    'performance',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'libs/contracts/src/gen/**',
      'coverage/**',
      '.nx/**',
      '.shopmind/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    plugins: { '@nx': nx },
    files: ['**/*.{ts,js,mjs}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries],
      // tests/ and scripts/ may drive services (e2e, bench, the platform runner) through their main,
      // config and tools entries, and use libs only through their public entries like everyone else.
      'no-restricted-imports': [
        'error',
        { patterns: [deepAliasImport, serviceByName, relativeIntoLib, deepIntoService] },
      ],
    },
  },
  ...escapeDepthBlocks(8),
  {
    // The one exception to "the CLI talks to services only over the bus": `check aggregates` runs
    // each service's own aggregate check (read-only, on the services' Redis), loaded on demand from
    // the service's tools entry and nothing deeper (docs/decisions/redis-cluster-19.md).
    files: ['cli/src/commands/check.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          ...moduleBoundaries,
          allow: [
            ...moduleBoundaryAllow,
            ...['review-sentiment', 'knowledge-graph', 'fraud-detection'].map(
              (service) => `../../../services/${service}/src/tools.js`,
            ),
          ],
        },
      ],
    },
  },
  {
    // The one service layout: domain/ is pure logic, unit-tested without servers. (A rule of its own,
    // so it adds to the boundary patterns above instead of replacing them.)
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@nestjs/|@nats-io/|ioredis$|@shopmind/(bus|service-kit|llm-gateway|telemetry)$)',
              message:
                'domain/ is pure: no Nest, NATS, bus, Redis, gateway or telemetry. Put I/O in handlers/, application/, stores/ or tasks/.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
