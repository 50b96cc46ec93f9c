// Proves the lint rules that keep the architecture honest: each case lints a small source text as if
// it sat at a real path in the workspace, through the workspace's own eslint.config.js.
import { describe, it, expect, beforeAll } from '@jest/globals';
import { ESLint } from 'eslint';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') });
});

/** The rule ids that fire when `text` is linted as the file at `relPath`. */
async function ruleIdsFor(relPath: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(root, relPath) });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('module boundaries', () => {
  it('rejects a service importing another service by package name', async () => {
    const ids = await ruleIdsFor(
      'services/review-sentiment/src/boundary-probe.ts',
      "import { x } from '@shopmind/service-fraud-detection';\nexport const y = x;\n",
    );
    expect(ids).toContain('no-restricted-imports');
  });

  it('lets a service stand on the service kit, whose package name also starts with service-', async () => {
    const ids = await ruleIdsFor(
      'services/review-sentiment/src/boundary-probe.ts',
      "import { startService } from '@shopmind/service-kit';\nexport const y = startService;\n",
    );
    expect(ids).toEqual([]);
  });

  it('keeps a service’s domain/ pure: no Nest, bus or Redis there, while handlers may use them', async () => {
    for (const lib of ['@nestjs/common', '@shopmind/bus', 'ioredis']) {
      const ids = await ruleIdsFor(
        'services/review-sentiment/src/domain/purity-probe.ts',
        `import { x } from '${lib}';\nexport const y = x;\n`,
      );
      expect(ids).toContain('@typescript-eslint/no-restricted-imports');
    }
    const inHandler = await ruleIdsFor(
      'services/review-sentiment/src/handlers/purity-probe.ts',
      "import { Controller } from '@nestjs/common';\nexport const y = Controller;\n",
    );
    expect(inHandler).toEqual([]);
  });

  it('rejects a service importing another service by a relative path', async () => {
    const ids = await ruleIdsFor(
      'services/review-sentiment/src/handlers/boundary-probe.ts',
      "import { x } from '../../../fraud-detection/src/main.js';\nexport const y = x;\n",
    );
    expect(ids).toContain('@nx/enforce-module-boundaries');
    expect(ids).toContain('no-restricted-imports');
  });

  it('rejects a lib importing a service', async () => {
    const ids = await ruleIdsFor(
      'libs/bus/src/boundary-probe.ts',
      "import { x } from '../../../services/review-sentiment/src/main.js';\nexport const y = x;\n",
    );
    expect(ids).toContain('@nx/enforce-module-boundaries');
    expect(ids).toContain('no-restricted-imports');
  });

  it("rejects a deep import into a lib's internals through the alias", async () => {
    const ids = await ruleIdsFor(
      'services/review-sentiment/src/boundary-probe.ts',
      "import { x } from '@shopmind/bus/src/publisher.js';\nexport const y = x;\n",
    );
    expect(ids).toContain('no-restricted-imports');
  });

  it("rejects a relative import into a lib's internals, from a service and from tests/", async () => {
    const fromService = await ruleIdsFor(
      'services/review-sentiment/src/boundary-probe.ts',
      "import { x } from '../../../libs/bus/src/publisher.js';\nexport const y = x;\n",
    );
    expect(fromService).toContain('no-restricted-imports');
    const fromTests = await ruleIdsFor(
      'tests/e2e/boundary-probe.ts',
      "import { x } from '../../libs/bus/src/publisher.js';\nexport const y = x;\n",
    );
    expect(fromTests).toContain('no-restricted-imports');
  });

  it('accepts a service importing a lib through its public entry and its own files relatively', async () => {
    const ids = await ruleIdsFor(
      'services/review-sentiment/src/handlers/boundary-probe.ts',
      [
        "import { Events } from '@shopmind/contracts';",
        "import '@shopmind/telemetry/register';",
        "import { analyse } from '../domain/analyser.js';",
        'export const y = [Events, analyse];',
        '',
      ].join('\n'),
    );
    expect(ids).toEqual([]);
  });

  it('accepts a cross-service suite in tests/ driving a service', async () => {
    const ids = await ruleIdsFor(
      'tests/e2e/boundary-probe.ts',
      "import { x } from '../../services/review-sentiment/src/main.js';\nexport const y = x;\n",
    );
    expect(ids).toEqual([]);
  });

  it('accepts tests/ and scripts/ using a service through its config and tools entries', async () => {
    for (const [relPath, up] of [
      ['tests/eval/boundary-probe.ts', '../..'],
      ['scripts/boundary-probe.ts', '..'],
      ['scripts/platform/boundary-probe.ts', '../..'],
    ]) {
      const ids = await ruleIdsFor(
        relPath,
        [
          `import { loadConfig } from '${up}/services/review-sentiment/src/config.js';`,
          `import { reviewSentiment, type ReviewAnalysis } from '${up}/services/review-sentiment/src/tools.js';`,
          'export const y: [unknown, unknown, ReviewAnalysis?] = [loadConfig, reviewSentiment];',
          '',
        ].join('\n'),
      );
      expect(ids).toEqual([]);
    }
  });

  it('rejects a deep import into a service from tests/ and from scripts/, naming the tools entry', async () => {
    const deep = [
      [
        'tests/eval/boundary-probe.ts',
        "import { x } from '../../services/review-sentiment/src/domain/analyser.js';",
      ],
      [
        'tests/e2e/boundary-probe.ts',
        "import { x } from '../../services/fraud-detection/src/fraud-detection.module.js';",
      ],
      [
        'tests/bench/boundary-probe.ts',
        "import type { x } from '../../services/edge/src/console/bus-feed.js';",
      ],
      [
        'scripts/boundary-probe.ts',
        "import { x } from '../services/fraud-detection/src/stores/fraud-feature-store.js';",
      ],
      [
        'scripts/platform/boundary-probe.ts',
        "export { x } from '../../services/edge/src/tools/anything.js';",
      ],
    ];
    for (const [relPath, line] of deep) {
      const [result] = await eslint.lintText(`${line}\nexport const y = 1;\n`, {
        filePath: join(root, relPath),
      });
      const restricted = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      expect(restricted).toHaveLength(1);
      expect(restricted[0]!.message).toContain('tools.ts');
    }
  });

  it('rejects a deep import into a service from the ops CLI, which talks to services only over the bus', async () => {
    const ids = await ruleIdsFor(
      'cli/src/commands/boundary-probe.ts',
      "import { x } from '../../../services/fraud-detection/src/stores/fraud-feature-store.js';\nexport const y = x;\n",
    );
    expect(ids).toContain('no-restricted-imports');
  });
});

describe('type discipline', () => {
  it('rejects an explicit any', async () => {
    const ids = await ruleIdsFor('libs/bus/src/boundary-probe.ts', 'export const y: any = 1;\n');
    expect(ids).toContain('@typescript-eslint/no-explicit-any');
  });
});
