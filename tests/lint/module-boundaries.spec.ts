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
});

describe('type discipline', () => {
  it('rejects an explicit any', async () => {
    const ids = await ruleIdsFor('libs/bus/src/boundary-probe.ts', 'export const y: any = 1;\n');
    expect(ids).toContain('@typescript-eslint/no-explicit-any');
  });
});
