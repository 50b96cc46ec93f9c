// A task's fixed parts (JSON schema, schema hash, provider chain id) computed once per task, and
// the exact-cache key of a request built from them.
import { z } from 'zod';
import { canonicalJson, canonicalNormalisedJson, sha256Hex } from '../canonical-json.js';
import type { LlmTask } from '../task.js';
import type { CompiledTask } from './gateway-call.js';

export interface RequestIdentity {
  compiled: CompiledTask;
  cacheKey: string;
}

export class TaskCompiler {
  private readonly compiled = new WeakMap<object, CompiledTask>();

  /** `chainId`: the configured providers and the models this task asks of them, in order. */
  constructor(
    private readonly chainId: (task: Pick<LlmTask<unknown, unknown>, 'modelPreferences'>) => string,
  ) {}

  compile<I, O>(task: LlmTask<I, O>): CompiledTask {
    let c = this.compiled.get(task);
    if (!c) {
      const jsonSchema = z.toJSONSchema(task.output) as Record<string, unknown>;
      delete jsonSchema.$schema;
      const chainId = this.chainId(task);
      c = {
        keyHead: `{"chain":${JSON.stringify(chainId)},"input":`,
        schemaName: task.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64),
        jsonSchema,
        schemaHash: sha256Hex(canonicalJson(jsonSchema)),
        chainId,
      };
      this.compiled.set(task, c);
    }
    return c;
  }

  /**
   * sha256 of the canonical JSON (sorted keys) of {chain, input, schema, task, tenant, version}:
   * the fixed fields are serialised once per task, the normalised input once per request.
   */
  identify<I, O>(task: LlmTask<I, O>, input: I, tenant: string): RequestIdentity {
    const compiled = this.compile(task);
    const identity = task.cacheInput ? task.cacheInput(input) : input;
    const cacheKey = sha256Hex(
      `${compiled.keyHead}${canonicalNormalisedJson(identity)},"schema":${JSON.stringify(compiled.schemaHash)},"task":${JSON.stringify(task.name)},"tenant":${JSON.stringify(task.shareable ? '*' : tenant)},"version":${JSON.stringify(task.version)}}`,
    );
    return { compiled, cacheKey };
  }
}
